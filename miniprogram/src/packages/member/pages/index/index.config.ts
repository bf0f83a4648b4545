export default definePageConfig({
  navigationBarTitleText: '党员中心',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
