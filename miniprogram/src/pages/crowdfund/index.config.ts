export default definePageConfig({
  navigationBarTitleText: '社区众筹',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
