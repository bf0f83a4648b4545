import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Wish } from '@shared/api/wishes';
import { STATUS_TEXT, WISH_ROUTES, wishLine } from './wishes';

/** A wish in a list: title, status in words, kind, value and building; tap opens it. */
export function WishCard({ w, idPrefix = 'wish' }: { w: Wish; idPrefix?: string }) {
  return (
    <View className="wi-card" id={`${idPrefix}-${w.id}`} onClick={() => void Taro.navigateTo({ url: WISH_ROUTES.detail(w.id) })}>
      <View className="wi-card__head">
        <Text className="wi-card__title">{w.title}</Text>
        <Text className="wi-status" id={`${idPrefix}-${w.id}-status`}>
          {STATUS_TEXT[w.status]}
        </Text>
      </View>
      <Text className="wi-card__sub">{wishLine(w)}</Text>
      {w.claim && <Text className="wi-card__sub">认领：{w.claim.label}</Text>}
    </View>
  );
}

