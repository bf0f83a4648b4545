import { useCallback, useRef, useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { IS_WEAPP, THEME_RED } from '../config';
import { Button } from './ui';
import './PromptDialog.css';

export interface PromptOptions {
  title: string;
  placeholder?: string;
  /** Minimum length of the trimmed text; 0 = optional. */
  minLength?: number;
  confirmText?: string;
}

interface DialogProps extends PromptOptions {
  idPrefix: string;
  onConfirm: (text: string) => void;
  onCancel: () => void;
}

/** A small dialog with a textarea (H5; weapp uses Taro.showModal's editable mode). */
export function PromptDialog({ idPrefix, title, placeholder, minLength = 0, confirmText = '确定', onConfirm, onCancel }: DialogProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const confirm = () => {
    const value = text.trim();
    if (value.length < minLength) {
      setError(`请填写原因（至少 ${minLength} 个字）`);
      return;
    }
    onConfirm(value);
  };
  return (
    <View className="prompt-dialog" id={`${idPrefix}-dialog`}>
      <View className="prompt-dialog__mask" onClick={onCancel} />
      <View className="prompt-dialog__panel">
        <Text className="prompt-dialog__title">{title}</Text>
        <Textarea
          id={`${idPrefix}-input`}
          className="prompt-dialog__input"
          value={text}
          placeholder={placeholder}
          maxlength={100}
          onInput={(e) => {
            setText(e.detail.value);
            setError(undefined);
          }}
        />
        {error && (
          <Text className="prompt-dialog__error" id={`${idPrefix}-error`}>
            {error}
          </Text>
        )}
        <View className="prompt-dialog__actions">
          <Button id={`${idPrefix}-cancel`} size="small" fill="outline" onClick={onCancel}>
            取消
          </Button>
          <Button id={`${idPrefix}-confirm`} size="small" type="primary" onClick={confirm}>
            {confirmText}
          </Button>
        </View>
      </View>
    </View>
  );
}

/**
 * Ask the user for a text (a reason). Resolves the trimmed text, or null when cancelled.
 * weapp: Taro.showModal with `editable`; H5: <PromptDialog> rendered by the returned `dialog`.
 */
export function usePrompt(idPrefix: string): { dialog: ReactNode; ask: (options: PromptOptions) => Promise<string | null> } {
  const [open, setOpen] = useState<PromptOptions | null>(null);
  const resolver = useRef<((value: string | null) => void) | null>(null);

  const ask = useCallback(async (options: PromptOptions): Promise<string | null> => {
    if (IS_WEAPP) {
      // `editable` (base library 2.17.1+) is missing from Taro's types.
      const showEditableModal = Taro.showModal as unknown as (o: Record<string, unknown>) => Promise<{ confirm: boolean; content?: string }>;
      const res = await showEditableModal({
        title: options.title,
        editable: true,
        placeholderText: options.placeholder,
        content: '',
        confirmText: options.confirmText ?? '确定',
        confirmColor: THEME_RED,
        cancelText: '取消',
      });
      if (!res.confirm) return null;
      const value = (res.content ?? '').trim();
      if (value.length < (options.minLength ?? 0)) {
        void Taro.showToast({ title: `请填写原因（至少 ${options.minLength} 个字）`, icon: 'none' });
        return null;
      }
      return value;
    }
    return new Promise<string | null>((resolve) => {
      resolver.current = resolve;
      setOpen(options);
    });
  }, []);

  const close = (value: string | null) => {
    setOpen(null);
    resolver.current?.(value);
    resolver.current = null;
  };

  const dialog = open ? <PromptDialog idPrefix={idPrefix} {...open} onConfirm={(t) => close(t)} onCancel={() => close(null)} /> : null;
  return { dialog, ask };
}
