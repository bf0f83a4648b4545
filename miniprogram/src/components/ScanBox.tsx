import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { normaliseShortCode } from '@shared/short-code';
import { api, ApiError } from '../api/client';
import { IS_WEAPP } from '../config';
import { parseScanResult } from '../utils/scan';
import { Button } from './ui';
import './ScanBox.css';

export interface ScanBoxProps {
  /** Prefix of element ids: `<id>-button` (weapp), `<id>-input`, `<id>-submit` (H5). */
  id: string;
  /** Called with the token of a recognised code. */
  onToken: (token: string) => void;
  hint?: string;
  /**
   * Reads another kind of code (an activity's check-in code, a registration's QR): the value
   * to hand to `onToken`, or undefined when unrecognised. Replaces the 码上通 token and short
   * code reading, and the H5 texts then come from `placeholder` / `h5Hint`.
   */
  recognise?: (raw: string) => string | undefined;
  placeholder?: string;
  h5Hint?: string;
  submitText?: string;
}

const UNRECOGNISED = '无法识别，请输入海报二维码下方的 8 位编码，或扫描红色驿站的楼栋码、社区码、房间码';
/** What the H5 box says: posters print the short code under every QR (functions/src/codes/poster.ts). */
export const H5_SCAN_HINT = '网页版无法调用摄像头：请输入海报二维码下方的 8 位编码（如 K7M3-Q9TX），或粘贴二维码链接';

/** Why a typed short code did not open anything. */
function shortCodeError(err: unknown): string {
  if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return '未找到该编码，请核对海报二维码下方的 8 位编码';
  if (err instanceof ApiError && err.status === 410) return '该编码对应的二维码已更换，请使用新张贴海报上的编码';
  return err instanceof Error && err.message ? err.message : '识别失败，请稍后重试';
}

/**
 * 扫一扫: in WeChat the camera (Taro.scanCode); on H5, where there is no scanner, a field for
 * the 8-character code printed under the poster's QR (resolved to its token by the API) or
 * the code's link.
 */
export function ScanBox({ id, onToken, hint, recognise, placeholder, h5Hint, submitText }: ScanBoxProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const accept = async (raw: string | undefined) => {
    if (recognise) {
      const value = recognise((raw ?? '').trim());
      setError(value ? null : '无法识别，请核对后重新输入');
      if (value) onToken(value);
      return;
    }
    const token = parseScanResult(raw);
    if (token) {
      setError(null);
      onToken(token);
      return;
    }
    const shortCode = normaliseShortCode(raw?.trim());
    if (!shortCode) {
      setError(UNRECOGNISED);
      void Taro.showToast({ title: '无法识别该编码', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      const code = await api('resolveCode', undefined, { params: { token: shortCode }, silent: true });
      setError(null);
      onToken(code.token);
    } catch (err) {
      setError(shortCodeError(err));
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false });
      // A mini-program code gives `path` (pages/scan/index?scene=…); a plain QR its text.
      void accept(res.path || res.result);
    } catch {
      // The user closed the scanner.
    }
  };

  if (IS_WEAPP) {
    return (
      <View className="scan-box" id={id}>
        <Button id={`${id}-button`} type="primary" block onClick={() => void scan()}>
          扫一扫
        </Button>
        {hint && <Text className="scan-box__hint">{hint}</Text>}
      </View>
    );
  }
  return (
    <View className="scan-box" id={id}>
      <View className="scan-box__row">
        <Input
          id={`${id}-input`}
          className="scan-box__input"
          value={text}
          placeholder={placeholder ?? '输入 8 位编码或粘贴链接'}
          confirmType="go"
          onInput={(e) => setText(e.detail.value)}
          onConfirm={() => void accept(text)}
        />
        <Button id={`${id}-submit`} type="primary" size="small" loading={busy} onClick={() => void accept(text)}>
          {submitText ?? '打开'}
        </Button>
      </View>
      {error ? (
        <Text className="scan-box__error" id={`${id}-error`}>
          {error}
        </Text>
      ) : (
        <View>
          {hint && <Text className="scan-box__hint">{hint}</Text>}
          <Text className="scan-box__hint" id={`${id}-hint`}>
            {h5Hint ?? H5_SCAN_HINT}
          </Text>
        </View>
      )}
    </View>
  );
}
