import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { RequestView } from '@shared/api/requests';
import { REQUEST_PAGES } from './links';

/** One request in a list: category, status (overdue said in words, not colour alone), place; opens the detail. */
export function RequestRow({ r, sub }: { r: RequestView; sub: string }) {
  return (
    <View className="rq-row" id={`request-row-${r.id}`} onClick={() => void Taro.navigateTo({ url: REQUEST_PAGES.detail(r.id) })}>
      <View className="rq-row__head">
        <Text className="rq-row__title">{r.categoryName}</Text>
        <Text className={`rq-status${r.overdue ? ' rq-status--overdue' : ''}`}>
          {r.statusLabel}
          {r.overdue ? '（已超期）' : ''}
        </Text>
      </View>
      <Text className="rq-row__sub">{r.placeName}</Text>
      <Text className="rq-row__sub">{sub}</Text>
    </View>
  );
}
