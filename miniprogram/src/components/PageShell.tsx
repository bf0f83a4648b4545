import { useEffect, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { LoginSheetHost } from './LoginSheet';
import { DEMO_LOGIN_ENABLED } from '../config';
import { CARE_CLASS, useCareMode } from '../utils/careMode';

/**
 * Common page wrapper: background, padding, the demo login sheet (H5 local) and care mode
 * 关怀模式 (the class that app.css scales the whole page by). Every page renders inside it.
 */
export function PageShell({ id, children }: { id: string; children: ReactNode }) {
  const care = useCareMode();
  useEffect(() => {
    // H5: Taro's page element is the scrolling region; focusable, a keyboard can scroll it (WCAG 2.1.1).
    if (process.env.TARO_ENV === 'h5') document.getElementById(id)?.closest('.taro_page')?.setAttribute('tabindex', '0');
  }, [id]);
  return (
    <View className={care ? `page ${CARE_CLASS}` : 'page'} id={id}>
      {children}
      {DEMO_LOGIN_ENABLED && <LoginSheetHost />}
    </View>
  );
}
