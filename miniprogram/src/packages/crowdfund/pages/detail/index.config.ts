export default definePageConfig({
  navigationBarTitleText: '众筹详情',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  enableShareAppMessage: true,
});
