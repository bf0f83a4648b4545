export default definePageConfig({
  navigationBarTitleText: '今日安排',
  enablePullDownRefresh: true,
});
