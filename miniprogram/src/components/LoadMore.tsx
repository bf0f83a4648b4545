import './LoadMore.css';
import { Text, View } from '@tarojs/components';

/** The foot of a paged list: 加载更多 (tap, or reach the bottom), 加载中…, or 没有更多了. */
export function LoadMore({ id, hasMore, loading, onMore, shown = 0 }: { id: string; hasMore: boolean; loading: boolean; onMore: () => void; shown?: number }) {
  if (!hasMore && shown === 0) return null;
  return (
    <View className="load-more" id={id}>
      {loading ? (
        <Text className="load-more__text">加载中…</Text>
      ) : hasMore ? (
        <Text className="load-more__button" id={`${id}-button`} onClick={onMore}>
          加载更多
        </Text>
      ) : (
        <Text className="load-more__text">没有更多了</Text>
      )}
    </View>
  );
}
