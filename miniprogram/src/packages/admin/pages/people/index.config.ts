export default definePageConfig({
  navigationBarTitleText: '人员与任命',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
