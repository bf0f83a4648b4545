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
import { REQUEST_PAGES } from '../../links';
import { useRequest } from '../../../../hooks/useRequest';
import { Button } from '../../../../components/ui';
import '../../requests.css';

/**
 * 诉求待办 (staff): the community's open requests by due time, the overdue first and flagged; a
 * tap opens it to accept or dispatch. Opened with `communityId`, or by station staff with
 * `stationId` (the queue of the station's community).
 */
export default function RequestQueuePage() {
  const { params } = useRouter();
  const stationId = params.stationId ?? '';
  const station = useRequest(() => api('getStation', undefined, { params: { stationId }, silent: true }), [stationId], { enabled: !params.communityId && Boolean(stationId) });
  const communityId = params.communityId ?? station.data?.communityId ?? '';
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
        {communityId && (
          <View className="rq-actions">
            <Button id="request-queue-figures" size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: REQUEST_PAGES.figures(communityId) })}>
              三率与时效
            </Button>
          </View>
        )}
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
        loading={list.loading || station.loading}
        error={list.error ?? station.error}
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
