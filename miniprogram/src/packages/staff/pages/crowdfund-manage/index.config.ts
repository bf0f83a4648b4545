export default definePageConfig({
  navigationBarTitleText: '众筹认捐与账目',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
