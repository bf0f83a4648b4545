export default definePageConfig({
  navigationBarTitleText: '众筹审核',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
