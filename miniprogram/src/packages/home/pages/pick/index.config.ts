export default definePageConfig({
  navigationBarTitleText: '选择我家',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
