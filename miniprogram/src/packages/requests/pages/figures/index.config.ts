export default definePageConfig({
  navigationBarTitleText: '诉求三率与时效',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
