export default definePageConfig({
  navigationBarTitleText: '我的众筹',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
