export default definePageConfig({
  navigationBarTitleText: '楼道联系牌',
  enablePullDownRefresh: true,
})
