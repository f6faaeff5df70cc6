export default definePageConfig({
  navigationBarTitleText: '发起微实事',
})
