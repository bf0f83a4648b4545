import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
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
}

const UNRECOGNISED = '无法识别该二维码，请扫描红色驿站的楼栋码、社区码或房间码';

/**
 * 扫一扫: in WeChat the camera (Taro.scanCode); on H5, where there is no scanner, a field to
 * paste the code's link or its code.
 */
export function ScanBox({ id, onToken, hint }: ScanBoxProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const accept = (raw: string | undefined) => {
    const token = parseScanResult(raw);
    if (!token) {
      setError(UNRECOGNISED);
      void Taro.showToast({ title: '无法识别该二维码', icon: 'none' });
      return;
    }
    setError(null);
    onToken(token);
  };

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false });
      // A mini-program code gives `path` (pages/scan/index?scene=…); a plain QR its text.
      accept(res.path || res.result);
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
          placeholder="粘贴二维码链接或编码"
          confirmType="go"
          onInput={(e) => setText(e.detail.value)}
          onConfirm={() => accept(text)}
        />
        <Button id={`${id}-submit`} type="primary" size="small" onClick={() => accept(text)}>
          打开
        </Button>
      </View>
      {error ? (
        <Text className="scan-box__error" id={`${id}-error`}>
          {error}
        </Text>
      ) : (
        <Text className="scan-box__hint">{hint ?? '网页版无法调用摄像头，请粘贴二维码下方的链接'}</Text>
      )}
    </View>
  );
}
