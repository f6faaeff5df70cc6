export default definePageConfig({
  navigationBarTitleText: '微实事项目',
  enablePullDownRefresh: true,
})
