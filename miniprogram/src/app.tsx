import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { IS_WEAPP } from './config';
import { wasLoggedOut } from './auth/session';
import { loginWithWechat } from './api/client';
import { applyStoredCareMode, offerCareModeForLargeFont } from './utils/careMode';
import './app.css';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    applyStoredCareMode();
    void offerCareModeForLargeFont();
    // In WeChat, log in silently on every launch (fresh token and roles), unless the user
    // logged out explicitly; the 我的 page then offers the login button.
    if (IS_WEAPP && !wasLoggedOut()) {
      loginWithWechat({ silent: true }).catch(() => {
        // The 我的 page shows the login button; requests that need a user retry the login.
      });
    }
  });
  return children;
}

export default App;
