import type { PropsWithChildren } from 'react';
import { useDidShow, useLaunch } from '@tarojs/taro';
import { IS_WEAPP } from './config';
import { wasLoggedOut } from './auth/session';
import { loginWithWechat } from './api/client';
import { applyStoredCareMode, offerCareModeForLargeFont } from './utils/careMode';
import { refreshUnreadBadge } from './utils/inbox';
import { loadSubscribeAsks } from './utils/subscribe';
import './app.css';

function App({ children }: PropsWithChildren) {
  // The unread count on the 我的 tab, fresh each time the app comes to the front.
  useDidShow(() => void refreshUnreadBadge());
  useLaunch(() => {
    applyStoredCareMode();
    void offerCareModeForLargeFont();
    // In WeChat, log in silently on every launch (fresh token and roles), unless the user
    // logged out explicitly; the 我的 page then offers the login button.
    // Which templates the 订阅 asks offer: known before the first tap that asks.
    void loadSubscribeAsks();
    if (IS_WEAPP && !wasLoggedOut()) {
      loginWithWechat({ silent: true }).then(() => refreshUnreadBadge(), () => {
        // The 我的 page shows the login button; requests that need a user retry the login.
      });
    }
  });
  return children;
}

export default App;
