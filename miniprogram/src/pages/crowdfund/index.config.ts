export default definePageConfig({
  navigationBarTitleText: '社区众筹',
});
