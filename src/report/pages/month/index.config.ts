export default definePageConfig({
  navigationBarTitleText: '社区月报',
  enablePullDownRefresh: true,
})
