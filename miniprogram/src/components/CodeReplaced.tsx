import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError } from '../api/client';
import { Button } from './ui';
import { HOME_PAGE } from './HomeEntry';
import './StateView.css';
import './CodeReplaced.css';

/** Whom to ask about a replaced code: the API's 410 CODE_ROTATED `details`. */
export interface ReplacedContact {
  communityName?: string;
  phone?: string;
}

/** The contact of a 410 CODE_ROTATED error, or null when the error is something else. */
export function replacedContact(err: unknown): ReplacedContact | null {
  if (!(err instanceof ApiError) || err.status !== 410) return null;
  const d = err.details;
  return {
    ...(typeof d.communityName === 'string' ? { communityName: d.communityName } : {}),
    ...(typeof d.phone === 'string' && d.phone ? { phone: d.phone } : {}),
  };
}

/**
 * A poster whose code was replaced (更换二维码): retrying can never work, so say so and offer
 * the way on — 返回首页, and 联系社区 (a call to the community's service centre when it has a
 * phone number).
 */
export function CodeReplaced({ id, contact }: { id: string; contact: ReplacedContact }) {
  const who = contact.communityName ?? '社区';
  return (
    <View className="state-view state-view--error code-replaced" id={id}>
      <Text className="state-view__icon">!</Text>
      <Text className="state-view__title" id={`${id}-title`}>
        该二维码已更换
      </Text>
      <Text className="state-view__text" id={`${id}-text`}>
        {`这张海报上的二维码已停用，请扫描${who}新张贴的二维码。如有疑问，可联系${who}。`}
      </Text>
      <View className="code-replaced__actions">
        <Button id={`${id}-home`} type="primary" block onClick={() => void Taro.reLaunch({ url: HOME_PAGE })}>
          返回首页
        </Button>
        <View className="code-replaced__gap" />
        {contact.phone ? (
          <Button id={`${id}-call`} fill="outline" block onClick={() => void Taro.makePhoneCall({ phoneNumber: contact.phone! }).catch(() => undefined)}>
            {`联系社区 ${contact.phone}`}
          </Button>
        ) : (
          <Text className="state-view__text" id={`${id}-contact`}>
            {`联系社区：请到${who}党群服务中心咨询`}
          </Text>
        )}
      </View>
    </View>
  );
}
