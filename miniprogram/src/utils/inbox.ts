import Taro from '@tarojs/taro';
import { api } from '../api/client';
import { getToken } from '../auth/session';

/** The 我的 tab's position in app.config.ts tabBar.list: its badge is the unread count. */
export const ME_TAB_INDEX = 3;
export const INBOX_URL = '/packages/inbox/pages/index/index';

/** Badge text as WeChat shows it well: at most 3 characters. */
export function badgeText(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}

/**
 * Show `unread` on the 我的 tab (nothing when 0). Fire and forget: WeChat refuses the call on a
 * page that is not a tab page, and Taro H5 never settles it while no tab bar is mounted.
 */
export function showUnreadBadge(unread: number): void {
  const done = Promise.resolve(
    unread > 0 ? Taro.setTabBarBadge({ index: ME_TAB_INDEX, text: badgeText(unread) }) : Taro.removeTabBarBadge({ index: ME_TAB_INDEX }),
  );
  done.catch(() => undefined);
}

/** Ask the server for the unread count and show it on the 我的 tab; null when logged out or on failure. */
export async function refreshUnreadBadge(): Promise<number | null> {
  if (!getToken()) {
    showUnreadBadge(0);
    return null;
  }
  try {
    const { unread } = await api('myUnreadCount', undefined, { silent: true, background: true });
    showUnreadBadge(unread);
    return unread;
  } catch {
    return null;
  }
}

/** Open the page a message links to: tab pages need switchTab (query dropped), the others navigateTo. */
export function openMessageLink(link: string): void {
  const path = link.split('?')[0].replace(/^\//, '');
  const tabs = ['pages/index/index', 'pages/booking/index', 'pages/crowdfund/index', 'pages/me/index'];
  if (tabs.includes(path)) void Taro.switchTab({ url: `/${path}` });
  else void Taro.navigateTo({ url: link.startsWith('/') ? link : `/${link}` });
}
