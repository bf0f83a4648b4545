import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { LoadMore } from '../../../../components/LoadMore';
import { Button } from '../../../../components/ui';
import { addDays, cstToday } from '../../../../utils/booking';
import { ACT_ROUTES, ActivityCard, param } from '../../bits';

/** Ended activities stay listed this many days: their attendance and hours are confirmed after the end. */
const RECENT_DAYS = 7;

/** 活动管理 of one station (organiser): drafts and published activities from today on, and 新建活动. */
export default function ManageActivitiesPage() {
  const { params } = useRouter();
  const stationId = param(params.stationId);
  const name = param(params.name);
  const session = useSession();
  const list = usePagedRequest(
    (cursor) => api('listActivities', undefined, { query: { stationId, includeDrafts: 'true', from: addDays(cstToday(), -RECENT_DAYS), cursor }, silent: true }),
    [stationId, session?.token],
    { enabled: !!stationId && session !== null },
  );
  useDidShow(() => {
    if (list.loaded && !list.loading) void list.reload();
  });
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());

  return (
    <PageShell id="page-activities-manage">
      <View className="section">
        <Text className="section__title">{name || '活动管理'}</Text>
        <Text className="section__note">近 7 天结束的活动也列在这里，便于确认出席与志愿时长。新建活动先存为草稿，发布后居民可见、房间时段同时占用。</Text>
        <View className="act-actions">
          <Button id="manage-create" type="primary" disabled={!stationId} onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.edit(stationId) })}>
            新建活动
          </Button>
        </View>
      </View>
      <StateView
        idPrefix="manage"
        loading={list.loading}
        error={!stationId ? new Error('缺少驿站，请从工作台进入') : list.loaded ? undefined : list.error}
        empty={list.loaded && list.items.length === 0}
        emptyText="还没有活动"
        emptyHint="点“新建活动”发布讲座、志愿服务等活动"
        onRetry={stationId ? () => void list.reload() : undefined}
      >
        <View id="manage-list">
          {list.items.map((a) => (
            <ActivityCard key={a.id} a={a} onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.staff(a.id) })} />
          ))}
          <LoadMore id="manage-more" hasMore={list.hasMore} loading={list.loadingMore} error={list.error} onMore={() => void list.loadMore()} count={list.items.length} />
        </View>
      </StateView>
    </PageShell>
  );
}
