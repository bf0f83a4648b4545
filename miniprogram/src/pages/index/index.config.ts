export default definePageConfig({
  navigationBarTitleText: '红色驿站',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
