/**
 * Small UI primitives (Button, Cell, Tag) in the app's red theme. NutUI-React-Taro was
 * tried first and dropped: its optional telemetry dependency is missing from the registry
 * mirror (breaks `npm ci`) and it pulls ~340 packages for three components.
 */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './ui.css';

function cx(...names: Array<string | false | undefined>): string {
  return names.filter(Boolean).join(' ');
}

export interface ButtonProps {
  id?: string;
  className?: string;
  type?: 'primary' | 'default';
  fill?: 'solid' | 'outline';
  size?: 'normal' | 'small';
  block?: boolean;
  loading?: boolean;
  disabled?: boolean;
  onClick?: () => void;
  children?: ReactNode;
}

export function Button(props: ButtonProps) {
  const { id, className, type = 'default', fill = 'solid', size = 'normal', block, loading, disabled, onClick, children } = props;
  const inactive = disabled || loading;
  return (
    <View
      id={id}
      className={cx(
        'ui-button',
        `ui-button--${type}`,
        `ui-button--${fill}`,
        `ui-button--${size}`,
        block && 'ui-button--block',
        inactive && 'ui-button--disabled',
        className,
      )}
      hoverClass={inactive ? 'none' : 'ui-button--hover'}
      aria-disabled={inactive ? true : undefined}
      onClick={() => {
        if (!inactive) onClick?.();
      }}
    >
      {loading && <View className="ui-button__spinner" />}
      <Text className="ui-button__text">{children}</Text>
    </View>
  );
}

export interface CellProps {
  id?: string;
  title: ReactNode;
  description?: ReactNode;
  extra?: ReactNode;
  /** Shows a pressed state and an arrow. */
  clickable?: boolean;
  onClick?: () => void;
}

export function Cell({ id, title, description, extra, clickable, onClick }: CellProps) {
  return (
    <View id={id} className={cx('ui-cell', clickable && 'ui-cell--clickable')} hoverClass={clickable ? 'ui-cell--hover' : 'none'} onClick={onClick}>
      <View className="ui-cell__main">
        <Text className="ui-cell__title">{title}</Text>
        {description && <Text className="ui-cell__desc">{description}</Text>}
      </View>
      {extra !== undefined && <Text className="ui-cell__extra">{extra}</Text>}
      {clickable && <Text className="ui-cell__arrow">›</Text>}
    </View>
  );
}

export interface TagProps {
  className?: string;
  type?: 'primary' | 'default';
  plain?: boolean;
  children?: ReactNode;
}

export function Tag({ className, type = 'default', plain, children }: TagProps) {
  return (
    <Text className={cx('ui-tag', `ui-tag--${type}`, plain && 'ui-tag--plain', className)}>{children}</Text>
  );
}
