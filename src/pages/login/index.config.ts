export default definePageConfig({
  navigationBarTitleText: '登录邻里通',
})
