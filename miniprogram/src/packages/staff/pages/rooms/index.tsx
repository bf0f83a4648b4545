import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Cell } from '../../../../components/ui';
import { roomSettingsUrl, param } from '../../urls';
import '../../../../components/booking.css';

/** 房间设置: the station's rooms, each opening its settings and blackouts. */
export default function StaffRoomsPage() {
  const router = useRouter();
  const stationId = param(router.params.stationId);
  const name = param(router.params.name);
  const rooms = usePagedRequest((cursor) => api('listRooms', undefined, { params: { stationId }, query: cursor ? { cursor } : {} }), [stationId]);
  useDidShow(() => {
    if (rooms.loaded && !rooms.loading) void rooms.reload();
  });
  usePullDownRefresh(() => {
    void rooms.reload().finally(() => Taro.stopPullDownRefresh());
  });
  const items = rooms.items;
  return (
    <PageShell id="page-staff-rooms">
      <View className="hero">
        <Text className="hero__title">房间设置</Text>
        <Text className="hero__text">{name}</Text>
      </View>
      <StateView
        idPrefix="staff-rooms"
        loading={rooms.loading}
        error={!rooms.loaded ? rooms.error : undefined}
        empty={rooms.loaded && items.length === 0}
        emptyText="该驿站还没有房间"
        onRetry={() => void rooms.reload()}
      >
        <View className="section" id="staff-room-list">
          {items.map((r) => (
            <Cell
              key={r.id}
              id={`staff-room-${r.id}`}
              title={r.name}
              description={`可容纳 ${r.capacity} 人 · ${r.requiresApproval ? '需审核' : '无需审核'} · 停用时段 ${r.blackouts.length} 个`}
              clickable
              onClick={() => void Taro.navigateTo({ url: roomSettingsUrl(r.id) })}
            />
          ))}
          <LoadMore id="staff-rooms-more" hasMore={rooms.hasMore} loading={rooms.loadingMore} error={rooms.error} onMore={() => void rooms.loadMore()} count={items.length} />
        </View>
      </StateView>
    </PageShell>
  );
}
