import { Text, View } from '@tarojs/components';
import { Button } from './ui';

/** The foot of a paged list: "加载更多" while more pages exist, "没有更多了" at the end. */
export function LoadMore(props: { id: string; hasMore: boolean; loading: boolean; error?: Error; onMore: () => void; count: number }) {
  const { id, hasMore, loading, error, onMore, count } = props;
  if (count === 0) return null;
  return (
    <View className="bk-actions" style={{ justifyContent: 'center' }}>
      {hasMore ? (
        <Button id={id} size="small" fill="outline" loading={loading} onClick={onMore}>
          {error ? '加载失败，点此重试' : loading ? '加载中…' : '加载更多'}
        </Button>
      ) : (
        <Text className="bk-note" id={`${id}-end`}>
          没有更多了
        </Text>
      )}
    </View>
  );
}
