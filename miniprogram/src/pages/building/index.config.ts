export default definePageConfig({
  navigationBarTitleText: '楼栋码上通',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
