import { Text, View } from '@tarojs/components';
import { Button } from './ui';
import './LoadMore.css';

/** The foot of a paged list: 加载更多 while more follow, 没有更多了 once all are in. */
export function LoadMore({ id, hasMore, loading, count, onLoad }: { id: string; hasMore: boolean; loading: boolean; count: number; onLoad: () => void }) {
  if (hasMore) {
    return (
      <View className="load-more">
        <Button id={id} size="small" fill="outline" loading={loading} onClick={onLoad}>
          加载更多
        </Button>
      </View>
    );
  }
  return count > 0 ? (
    <View className="load-more">
      <Text className="load-more__end" id={`${id}-end`}>
        没有更多了
      </Text>
    </View>
  ) : null;
}
