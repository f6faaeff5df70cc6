export default definePageConfig({
  navigationBarTitleText: '街道数据',
  enablePullDownRefresh: true,
})
