export default definePageConfig({
  navigationBarTitleText: '提出项目',
})
