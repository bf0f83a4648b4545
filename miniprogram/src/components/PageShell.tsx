import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { LoginSheetHost } from './LoginSheet';
import { DEMO_LOGIN_ENABLED } from '../config';

/** Common page wrapper: background, padding and the demo login sheet (H5 local). */
export function PageShell({ id, children }: { id: string; children: ReactNode }) {
  return (
    <View className="page" id={id}>
      {children}
      {DEMO_LOGIN_ENABLED && <LoginSheetHost />}
    </View>
  );
}
