import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { requestLogin } from '../api/client';
import { Button } from './ui';

/**
 * What a personal page shows to a visitor who is not logged in: what logging in gives
 * (`text`, e.g. 登录后查看我的预约) and the 登录 button.
 */
export function LoginPrompt({ id, text, buttonId }: { id: string; text: string; buttonId: string }) {
  return (
    <View className="section" id={id}>
      <Text className="section__title">{text}</Text>
      <View style={{ padding: `${Taro.pxTransform(8)} ${Taro.pxTransform(28)} ${Taro.pxTransform(28)}` }}>
        <Button id={buttonId} type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
          登录
        </Button>
      </View>
    </View>
  );
}
