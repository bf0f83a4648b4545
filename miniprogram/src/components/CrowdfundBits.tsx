/** Small pieces shared by the crowdfund pages (tab, subpackage, staff): progress bar, status tag, routes. */
import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { CrowdfundStatus } from '@shared/api/crowdfund';
import { STATUS_LABELS } from '../utils/crowdfund';
import './CrowdfundBits.css';

export const CROWDFUND_ROUTES = {
  detail: (id: string) => `/packages/crowdfund/pages/detail/index?id=${encodeURIComponent(id)}`,
  ledger: (id: string) => `/packages/crowdfund/pages/ledger/index?id=${encodeURIComponent(id)}`,
  mine: () => '/packages/crowdfund/pages/mine/index',
  edit: (id?: string) => `/packages/crowdfund/pages/edit/index${id ? `?id=${encodeURIComponent(id)}` : ''}`,
  review: () => '/packages/staff/pages/crowdfund-review/index',
  manage: (id?: string) => `/packages/staff/pages/crowdfund-manage/index${id ? `?id=${encodeURIComponent(id)}` : ''}`,
};

/** A labelled progress bar; `noBar` for lines without a target (ideas: just the count). */
export function ProgressBar({ id, percent, label, text, noBar }: { id?: string; percent: number; label?: string; text: string; noBar?: boolean }) {
  const width = `${Math.max(0, Math.min(100, percent))}%`;
  return (
    <View className="cf-progress" id={id}>
      <View className="cf-progress__head">
        {label && <Text className="cf-progress__label">{label}</Text>}
        <Text className="cf-progress__text" id={id ? `${id}-text` : undefined}>
          {text}
        </Text>
      </View>
      {!noBar && (
        <View className="cf-progress__track">
          <View className={`cf-progress__bar${percent >= 100 ? ' cf-progress__bar--done' : ''}`} style={{ width }} />
        </View>
      )}
    </View>
  );
}

export function StatusTag({ id, status }: { id?: string; status: CrowdfundStatus }) {
  return (
    <Text id={id} className={`cf-status cf-status--${status}`}>
      {STATUS_LABELS[status] ?? status}
    </Text>
  );
}

/** A bottom sheet with a mask (closes on mask tap unless busy). */
export function Sheet({ id, title, onClose, children }: { id: string; title: string; onClose: () => void; children: ReactNode }) {
  return (
    <View className="cf-sheet" id={id}>
      <View className="cf-sheet__mask" id={`${id}-mask`} onClick={onClose} />
      <View className="cf-sheet__panel">
        <View className="cf-sheet__header">
          <Text className="cf-sheet__title">{title}</Text>
          <View className="cf-sheet__close" id={`${id}-close`} role="button" aria-label="关闭" onClick={onClose}>
            ×
          </View>
        </View>
        <View className="cf-sheet__body">{children}</View>
      </View>
    </View>
  );
}

/** A labelled form row. */
export function Field({ label, error, errorId, children }: { label: string; error?: string; errorId?: string; children: ReactNode }) {
  return (
    <View className="cf-field">
      <Text className="cf-field__label">{label}</Text>
      <View className="cf-field__control">{children}</View>
      {error && (
        <Text className="cf-field__error" id={errorId}>
          {error}
        </Text>
      )}
    </View>
  );
}

/** An on/off toggle (a View, so it behaves the same in weapp and H5 tests). */
export function Toggle({ id, checked, label, onChange }: { id: string; checked: boolean; label: string; onChange: (v: boolean) => void }) {
  return (
    <View id={id} className={`cf-toggle${checked ? ' cf-toggle--on' : ''}`} aria-checked={checked} onClick={() => onChange(!checked)}>
      <View className="cf-toggle__box">
        <Text className="cf-toggle__tick">{checked ? '✓' : ''}</Text>
      </View>
      <Text className="cf-toggle__label">{label}</Text>
    </View>
  );
}
