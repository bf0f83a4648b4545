import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { cstToday, dateLabel, groupByRoom } from '../../../../utils/booking';
import { StaffBookingCard } from '../../components/StaffBookingCard';
import { param } from '../../urls';
import '../../../../components/booking.css';

/** 今日安排: today's bookings of a station, per room, in time order (cancelled and rejected left out). */
export default function TodayPage() {
  const router = useRouter();
  const stationId = param(router.params.stationId);
  const name = param(router.params.name);
  const today = cstToday();
  const list = useRequest(() => api('listStationBookings', undefined, { params: { stationId }, query: { date: today, limit: 50 } }), [stationId, today]);
  useDidShow(() => {
    if (!list.loading) void list.reload();
  });
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const live = (list.data?.items ?? []).filter((b) => b.status !== 'cancelled' && b.status !== 'rejected');
  const groups = groupByRoom(live);
  return (
    <PageShell id="page-staff-today">
      <View className="hero">
        <Text className="hero__title">今日安排</Text>
        <Text className="hero__text">
          {name} · {dateLabel(today)}
        </Text>
      </View>
      <StateView
        idPrefix="today"
        loading={list.loading}
        error={list.error}
        empty={list.data !== undefined && groups.length === 0}
        emptyText="今天没有预约"
        onRetry={() => void list.reload()}
      >
        {list.data && (
          <View id="today-timeline">
            {groups.map((g) => (
              <View key={g.roomId} id={`today-room-${g.roomId}`}>
                <Text className="bk-group-title">
                  {g.roomName}（{g.items.length}）
                </Text>
                {g.items.map((b) => (
                  <StaffBookingCard key={b.id} booking={b} showDate={false} />
                ))}
              </View>
            ))}
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
