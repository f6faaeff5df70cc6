export default definePageConfig({
  navigationBarTitleText: '审核议题',
  enablePullDownRefresh: true,
})
