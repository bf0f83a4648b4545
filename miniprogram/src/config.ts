/** Build-time settings, injected by Taro from the shell (see config/index.ts). */
export const API_BASE_URL: string = process.env.TARO_APP_API_BASE_URL || 'http://127.0.0.1:3000';
export const STAGE: string = process.env.TARO_APP_STAGE || 'local';

/** WeChat mini-program build: log in with wx.login. */
export const IS_WEAPP = process.env.TARO_ENV === 'weapp';
/** H5 build on the local stage: log in by picking a demo account (POST /auth/dev-login). */
export const DEMO_LOGIN_ENABLED = process.env.TARO_ENV === 'h5' && STAGE === 'local';

export const THEME_RED = '#c8161d';
