import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Booking } from '@shared/api/booking';
import { api } from '../../../../api/client';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { PageShell } from '../../../../components/PageShell';
import { LoadMore } from '../../../../components/LoadMore';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import { checkInOpensText, checkInState, cstToday, dateLabel, groupByRoom } from '../../../../utils/booking';
import { StaffBookingCard } from '../../components/StaffBookingCard';
import { param } from '../../urls';
import '../../../../components/booking.css';

/**
 * 今日安排: today's bookings of a station, per room, in time order (cancelled and rejected left
 * out). 签到核销: staff check a person in who is here, inside the check-in window.
 */
export default function TodayPage() {
  const router = useRouter();
  const stationId = param(router.params.stationId);
  const name = param(router.params.name);
  const today = cstToday();
  const list = usePagedRequest(
    (cursor) => api('listStationBookings', undefined, { params: { stationId }, query: { date: today, limit: 50, ...(cursor ? { cursor } : {}) } }),
    [stationId, today],
  );
  useDidShow(() => {
    if (!list.loading) void list.reload();
  });
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [updated, setUpdated] = useState<Record<string, Booking>>({});

  const checkIn = async (b: Booking) => {
    if (busy) return;
    const sure = await Taro.showModal({
      title: '签到核销',
      content: `确认 ${b.userName} 已到场？\n${b.roomName} ${b.start}–${b.end}`,
      confirmText: '确认签到',
      confirmColor: THEME_RED,
      cancelText: '取消',
    });
    if (!sure.confirm) return;
    setBusy(b.id);
    try {
      const after = await api('staffCheckIn', {}, { params: { bookingId: b.id } });
      setUpdated((u) => ({ ...u, [b.id]: after }));
      void Taro.showToast({ title: '已签到', icon: 'success' });
    } catch {
      // Toasted by the client; show the fresh list.
      void list.reload();
    } finally {
      setBusy(null);
    }
  };

  const live = list.items.map((b) => updated[b.id] ?? b).filter((b) => b.status !== 'cancelled' && b.status !== 'rejected');
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
        error={!list.loaded ? list.error : undefined}
        empty={list.loaded && groups.length === 0 && !list.hasMore}
        emptyText="今天没有预约"
        onRetry={() => void list.reload()}
      >
        {list.loaded && (
          <View id="today-timeline">
            {groups.map((g) => (
              <View key={g.roomId} id={`today-room-${g.roomId}`}>
                <Text className="bk-group-title">
                  {g.roomName}（{g.items.length}）
                </Text>
                {g.items.map((b) => {
                  const window = checkInState(b);
                  const action =
                    window === 'open' ? (
                      <Button id={`staff-checkin-${b.id}`} size="small" type="primary" loading={busy === b.id} onClick={() => void checkIn(b)}>
                        签到核销
                      </Button>
                    ) : window === 'early' ? (
                      <Text className="staff-booking__note" id={`staff-checkin-opens-${b.id}`}>
                        {checkInOpensText(b).split(' ')[1]} 起可签到核销
                      </Text>
                    ) : null;
                  return (
                    <StaffBookingCard key={b.id} booking={b} showDate={false}>
                      {action}
                    </StaffBookingCard>
                  );
                })}
              </View>
            ))}
            <LoadMore id="today-more" hasMore={list.hasMore} loading={list.loadingMore} error={list.error} onMore={() => void list.loadMore()} count={list.items.length} />
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
