export default definePageConfig({
  navigationBarTitleText: '心愿详情',
  enablePullDownRefresh: true,
  // The share card comes from useDetailShare: Taro only sees useShareAppMessage written in the page file itself.
  enableShareAppMessage: true,
})
