/**
 * Minimal @tarojs/taro for unit tests: the APIs the app calls, as jest mocks, plus an
 * in-memory storage. Tests set `request` / `login` implementations per case.
 */
const storage = new Map<string, unknown>();

export const request = jest.fn();
export const login = jest.fn();
export const showToast = jest.fn(() => Promise.resolve());
export const showModal = jest.fn(() => Promise.resolve({ confirm: true, cancel: false }));
export const showActionSheet = jest.fn(() => Promise.reject(new Error('cancel')));
export const navigateTo = jest.fn(() => Promise.resolve());
export const stopPullDownRefresh = jest.fn();
export const getStorageSync = jest.fn((key: string) => (storage.has(key) ? storage.get(key) : ''));
export const setStorageSync = jest.fn((key: string, value: unknown) => {
  storage.set(key, value);
});
export const removeStorageSync = jest.fn((key: string) => {
  storage.delete(key);
});
export const clearStorageSync = jest.fn(() => storage.clear());

export const requestSubscribeMessage = jest.fn();

export const useDidShow = jest.fn();
export const useDidHide = jest.fn();
export const usePullDownRefresh = jest.fn();
export const useLaunch = jest.fn();

const Taro = {
  request,
  login,
  showToast,
  showModal,
  showActionSheet,
  navigateTo,
  stopPullDownRefresh,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  clearStorageSync,
  requestSubscribeMessage,
  useDidShow,
  useDidHide,
  usePullDownRefresh,
  useLaunch,
};
export default Taro;
