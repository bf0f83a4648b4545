export default definePageConfig({
  navigationBarTitleText: '活动报名与签到',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
