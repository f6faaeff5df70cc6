export default definePageConfig({
  navigationBarTitleText: '社区微实事',
  enablePullDownRefresh: true,
})
