export default definePageConfig({
  navigationBarTitleText: '确认出席与时长',
});
