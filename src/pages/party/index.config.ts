export default definePageConfig({
  navigationBarTitleText: '党员报到',
})
