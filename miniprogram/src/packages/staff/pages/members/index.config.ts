export default definePageConfig({
  navigationBarTitleText: '党员与报到',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
