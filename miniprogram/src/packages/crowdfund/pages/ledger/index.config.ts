export default definePageConfig({
  navigationBarTitleText: '公开账本',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
