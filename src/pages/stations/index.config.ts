export default definePageConfig({
  navigationBarTitleText: '驿站预约',
  enablePullDownRefresh: true,
})
