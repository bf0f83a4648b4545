export default definePageConfig({
  navigationBarTitleText: '我要反映',
  enablePullDownRefresh: false,
  backgroundTextStyle: 'dark',
});
