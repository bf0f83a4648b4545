/// <reference types="miniprogram-api-typings" />
/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    /** API base URL, injected at build time (see config/index.ts). */
    TARO_APP_API_BASE_URL?: string;
    /** Deployment stage, injected at build time: `local`, `dev`, `prod`... */
    TARO_APP_STAGE?: string;
  }
}

/** Route table injected at build time from shared/src/api/routes.ts (see config/index.ts). */
declare const API_ROUTES: Record<
  import('@shared/api/routes').RouteName,
  { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; auth: 'none' | 'user' }
>;
