import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Booking } from '@shared/api/booking';
import { api } from '../../../../api/client';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { PageShell } from '../../../../components/PageShell';
import { LoadMore } from '../../../../components/LoadMore';
import { StateView } from '../../../../components/StateView';
import { usePrompt } from '../../../../components/PromptDialog';
import { Button } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import { dateLabel, sortSoonestFirst } from '../../../../utils/booking';
import { StaffBookingCard } from '../../components/StaffBookingCard';
import { param } from '../../urls';
import '../../../../components/booking.css';

/**
 * 待审核: a station's pending bookings, soonest first; approve, or reject with a reason. A
 * handled booking leaves the queue for 刚刚处理 below it, with its new status.
 */
export default function PendingPage() {
  const router = useRouter();
  const stationId = param(router.params.stationId);
  const name = param(router.params.name);
  const list = usePagedRequest(
    (cursor) => api('listStationBookings', undefined, { params: { stationId }, query: { status: 'pending', limit: 50, ...(cursor ? { cursor } : {}) } }),
    [stationId],
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<Record<string, Booking>>({});
  const reject = usePrompt('reject-reason');

  const reload = () => {
    setDone({});
    return list.reload();
  };
  useDidShow(() => {
    if (!list.loading) void reload();
  });
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  const act = async (b: Booking, kind: 'approve' | 'reject') => {
    if (busy) return;
    let reason: string | null = null;
    if (kind === 'approve') {
      const sure = await Taro.showModal({
        title: '通过预约',
        content: `${b.userName}：${b.roomName}\n${dateLabel(b.date)} ${b.start}–${b.end}`,
        confirmText: '通过',
        confirmColor: THEME_RED,
        cancelText: '取消',
      });
      if (!sure.confirm) return;
    } else {
      reason = await reject.ask({ title: '不通过的原因', placeholder: '请填写原因（至少 2 个字），将告知预约人', minLength: 2, confirmText: '不通过' });
      if (reason === null) return;
    }
    setBusy(b.id);
    try {
      const updated =
        kind === 'approve'
          ? await api('approveBooking', {}, { params: { bookingId: b.id } })
          : await api('rejectBooking', { reason: reason ?? '' }, { params: { bookingId: b.id } });
      setDone((d) => ({ ...d, [b.id]: updated }));
      void Taro.showToast({ title: kind === 'approve' ? '已通过' : '已驳回', icon: 'success' });
    } catch {
      // Toasted by the client (e.g. another staff member acted first): show the fresh queue.
      void reload();
    } finally {
      setBusy(null);
    }
  };

  const all = sortSoonestFirst(list.items);
  const items = all.filter((b) => !done[b.id]);
  const handled = all.filter((b) => done[b.id]).map((b) => done[b.id]);
  return (
    <PageShell id="page-staff-pending">
      <View className="hero">
        <Text className="hero__title">待审核预约</Text>
        <Text className="hero__text">{name}</Text>
      </View>
      <Text className="bk-note">按使用时间先后排列，下拉可刷新</Text>
      <StateView
        idPrefix="pending"
        loading={list.loading}
        error={!list.loaded ? list.error : undefined}
        empty={list.loaded && all.length === 0}
        emptyText="没有待审核的预约"
        emptyHint="新的预约申请会出现在这里"
        onRetry={() => void reload()}
      >
        {list.loaded && (
          <View>
            <View id="pending-list">
              {items.length === 0 && (
                <Text className="bk-note" id="pending-all-done">
                  待审核的预约都已处理
                </Text>
              )}
              {items.map((b) => (
                <StaffBookingCard key={b.id} booking={b}>
                  <Button id={`approve-${b.id}`} size="small" type="primary" loading={busy === b.id} onClick={() => void act(b, 'approve')}>
                    通过
                  </Button>
                  <Button id={`reject-${b.id}`} size="small" fill="outline" disabled={busy === b.id} onClick={() => void act(b, 'reject')}>
                    不通过
                  </Button>
                </StaffBookingCard>
              ))}
              <LoadMore id="pending-more" hasMore={list.hasMore} loading={list.loadingMore} error={list.error} onMore={() => void list.loadMore()} count={all.length} />
            </View>
            {handled.length > 0 && (
              <View id="pending-handled">
                <Text className="bk-group-title">刚刚处理</Text>
                {handled.map((b) => (
                  <StaffBookingCard key={b.id} booking={b} />
                ))}
              </View>
            )}
          </View>
        )}
      </StateView>
      {reject.dialog}
    </PageShell>
  );
}
