import Taro from '@tarojs/taro';
import type { Home } from '@shared/api/home';

const KEY = 'rs.home';

/** 我家 as last seen (首页, 设为我家): the default community wherever one has to be chosen. */
export const savedHome = (): Home | undefined => Taro.getStorageSync(KEY) || undefined;

export function rememberHome(home: Home | null): void {
  if (home) Taro.setStorageSync(KEY, home);
  else Taro.removeStorageSync(KEY);
}
