export default definePageConfig({
  navigationBarTitleText: '八大员认岗',
});
