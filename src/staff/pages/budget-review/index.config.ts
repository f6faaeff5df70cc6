export default definePageConfig({
  navigationBarTitleText: '审核微实事项目',
  enablePullDownRefresh: true,
})
