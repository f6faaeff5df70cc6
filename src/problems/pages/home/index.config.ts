export default definePageConfig({
  navigationBarTitleText: '问题反馈',
  enablePullDownRefresh: true,
})
