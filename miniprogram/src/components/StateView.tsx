import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from './ui';
import './StateView.css';

export interface StateViewProps {
  /** Prefix of the element ids: `<idPrefix>-loading`, `-empty`, `-error`, `-retry`. */
  idPrefix: string;
  loading: boolean;
  error?: Error;
  /** True when loaded but there is nothing to show. */
  empty?: boolean;
  emptyText?: string;
  emptyHint?: string;
  /** Shown with the error; omit to hide the retry button. */
  onRetry?: () => void;
  children?: ReactNode;
}

/**
 * Loading / error (with retry) / empty states around a page section. While reloading with
 * data already shown (pull-to-refresh), the content stays visible.
 */
export function StateView(props: StateViewProps) {
  const { idPrefix, loading, error, empty, emptyText = '暂无内容', emptyHint, onRetry, children } = props;

  if (error && !loading) {
    return (
      <View className="state-view state-view--error" id={`${idPrefix}-error`}>
        <Text className="state-view__icon" aria-hidden>!</Text>
        <Text className="state-view__title">加载失败</Text>
        <Text className="state-view__text" id={`${idPrefix}-error-message`}>
          {error.message || '请稍后重试'}
        </Text>
        {onRetry && (
          <Button id={`${idPrefix}-retry`} className="state-view__retry" type="primary" size="small" onClick={() => onRetry()}>
            重试
          </Button>
        )}
      </View>
    );
  }
  if (loading && (empty || !children)) {
    return (
      <View className="state-view state-view--loading" id={`${idPrefix}-loading`}>
        <View className="state-view__spinner" />
        <Text className="state-view__text">加载中…</Text>
      </View>
    );
  }
  if (empty) {
    return (
      <View className="state-view state-view--empty" id={`${idPrefix}-empty`}>
        <Text className="state-view__title">{emptyText}</Text>
        {emptyHint && <Text className="state-view__text">{emptyHint}</Text>}
      </View>
    );
  }
  return <>{children}</>;
}
