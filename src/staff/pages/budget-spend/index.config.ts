export default definePageConfig({
  navigationBarTitleText: '记支出和进度',
})
