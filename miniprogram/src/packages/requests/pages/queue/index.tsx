import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { api } from '../../../../api/client';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { LoadMore } from '../../../../components/LoadMore';
import { ChoiceChips } from '../../../../components/Chips';
import { formatCst } from '../../../../utils/time';
import { RequestRow } from '../../RequestRow';
import '../../requests.css';

/** 诉求待办 (staff): the community's open requests by due time, the overdue first and flagged; a tap opens it to accept or dispatch. */
export default function RequestQueuePage() {
  const { params } = useRouter();
  const communityId = params.communityId ?? '';
  const [filter, setFilter] = useState<'all' | 'overdue'>('all');
  const list = usePagedRequest(
    (cursor) => api('requestQueue', undefined, { params: { communityId }, query: { cursor, overdueOnly: filter === 'overdue' ? 'true' : undefined }, silent: true }),
    [communityId, filter],
    { enabled: Boolean(communityId) },
  );
  useDidShow(() => {
    if (list.loaded && !list.loading) void list.reload();
  });
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());
  return (
    <PageShell id="page-request-queue">
      <View className="rq-form">
        <ChoiceChips
          idPrefix="request-queue-filter"
          options={[
            { value: 'all', label: '全部待办' },
            { value: 'overdue', label: '只看超期' },
          ]}
          value={filter}
          onChange={setFilter}
        />
      </View>
      <StateView
        idPrefix="request-queue"
        loading={list.loading}
        error={list.error}
        empty={!communityId || (list.loaded && list.items.length === 0)}
        emptyText={communityId ? '没有待办的诉求' : '请从工作台选择社区'}
        onRetry={() => void list.reload()}
      >
        <View id="request-queue-list">
          {list.items.map((r) => (
            <RequestRow key={r.id} r={r} sub={r.dueAt ? `期限 ${formatCst(r.dueAt, 'M月D日 HH:mm')}` : ''} />
          ))}
          <LoadMore id="request-queue-more" hasMore={list.hasMore} loading={list.loadingMore} onMore={() => void list.loadMore()} count={list.items.length} />
        </View>
      </StateView>
      <Text className="rq-note" id="request-queue-note">
        按到期时间排序，超期的排在最前
      </Text>
    </PageShell>
  );
}
