export default definePageConfig({
  navigationBarTitleText: '房间设置',
  enablePullDownRefresh: true,
});
