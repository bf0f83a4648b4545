import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidHide, useDidShow } from '@tarojs/taro';
import {
  closeLoginSheet,
  DEMO_ACCOUNTS,
  isLoginSheetVisible,
  registerActiveHost,
  subscribeLoginSheet,
} from '../auth/loginSheet';
import { sessionNotice } from '../auth/session';
import './LoginSheet.css';

export interface LoginSheetProps {
  visible: boolean;
  /** Called with the chosen demo openid, or null when closed. */
  onSelect: (openid: string | null) => void;
  /** Why a login is asked for (登录已过期，请重新登录), shown above the accounts. */
  notice?: string | null;
}

/**
 * The H5 tab bar is painted over fixed elements of a tab page: lift the sheet above it so
 * 取消 and the last account stay tappable (0 on pages without the tab bar).
 */
function tabBarHeight(): number {
  if (typeof document === 'undefined') return 0;
  const bar = document.querySelector('.taro-tabbar__tabbar:not(.taro-tabbar__tabbar-hide)');
  return bar ? Math.round(bar.getBoundingClientRect().height) : 0;
}

/** Bottom sheet listing the demo accounts (H5 build, local stage only). */
export function LoginSheet({ visible, onSelect, notice }: LoginSheetProps) {
  if (!visible) return null;
  return (
    <View className="login-sheet" id="login-sheet">
      <View className="login-sheet__mask" id="login-sheet-mask" onClick={() => onSelect(null)} />
      <View className="login-sheet__panel" style={{ bottom: `${tabBarHeight()}px` }}>
        <View className="login-sheet__header">
          <Text className="login-sheet__title">选择演示账号登录</Text>
          <Text className="login-sheet__subtitle">本地调试环境，无需微信授权</Text>
        </View>
        {notice && (
          <Text className="login-sheet__notice" id="login-sheet-notice">
            {notice}
          </Text>
        )}
        {DEMO_ACCOUNTS.map((account) => (
          <View
            key={account.openid}
            id={`demo-account-${account.openid}`}
            className="login-sheet__item"
            onClick={() => onSelect(account.openid)}
          >
            <Text className="login-sheet__item-label">
              {account.name}
              <Text className="login-sheet__item-role">{account.role}</Text>
            </Text>
            <Text className="login-sheet__item-desc">{account.description}</Text>
          </View>
        ))}
        <View className="login-sheet__cancel" id="login-sheet-cancel" onClick={() => onSelect(null)}>
          <Text>取消</Text>
        </View>
      </View>
    </View>
  );
}

/**
 * Renders the shared login sheet inside a page. Every page has one (via PageShell); only
 * the page on screen shows it, so element ids stay unique in the H5 DOM.
 */
export function LoginSheetHost() {
  const [visible, setVisible] = useState(isLoginSheetVisible());
  const [active, setActive] = useState(true);

  useEffect(() => subscribeLoginSheet(setVisible), []);
  useEffect(() => (active ? registerActiveHost() : undefined), [active]);
  useDidShow(() => setActive(true));
  useDidHide(() => setActive(false));

  return <LoginSheet visible={visible && active} onSelect={closeLoginSheet} notice={sessionNotice()} />;
}
