export default definePageConfig({
  navigationBarTitleText: '待我处理',
  enablePullDownRefresh: true,
})
