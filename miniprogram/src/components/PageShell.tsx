import type { ReactNode } from 'react';
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
  return (
    <View className={care ? `page ${CARE_CLASS}` : 'page'} id={id}>
      {children}
      {DEMO_LOGIN_ENABLED && <LoginSheetHost />}
    </View>
  );
}
