import { Text, View } from '@tarojs/components';
import { Button } from './ui';
import './LoadMore.css';

/** The foot of a paged list: 加载更多 while more follow (重试 after a failure), 没有更多了 once all are in. */
export function LoadMore(props: { id: string; hasMore: boolean; loading: boolean; error?: Error; onMore: () => void; count: number }) {
  const { id, hasMore, loading, error, onMore, count } = props;
  if (count === 0) return null;
  return (
    <View className="load-more">
      {hasMore ? (
        <Button id={id} size="small" fill="outline" loading={loading} onClick={onMore}>
          {error ? '加载失败，点此重试' : loading ? '加载中…' : '加载更多'}
        </Button>
      ) : (
        <Text className="load-more__end" id={`${id}-end`}>
          没有更多了
        </Text>
      )}
    </View>
  );
}
