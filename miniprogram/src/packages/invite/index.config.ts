export default definePageConfig({
  navigationBarTitleText: '任命邀请',
});
