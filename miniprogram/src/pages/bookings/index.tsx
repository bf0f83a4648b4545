import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../api/client';
import { useListPage } from '../../hooks/useListPage';
import { useSession } from '../../hooks/useSession';
import { PageShell } from '../../components/PageShell';
import { LoadMore } from '../../components/LoadMore';
import { LoginPrompt } from '../../components/LoginPrompt';
import { StateView } from '../../components/StateView';
import { StatusTag } from '../../components/StatusTag';
import { Button } from '../../components/ui';
import type { Booking } from '@shared/api/booking';
import { bookingDetailUrl, dateLabel, splitUpcoming } from '../../utils/booking';
import '../../components/booking.css';

function BookingCard({ b }: { b: Booking }) {
  return (
    <View id={`booking-${b.id}`} className="bk-card" hoverClass="bk-card--hover" onClick={() => void Taro.navigateTo({ url: bookingDetailUrl(b.id) })}>
      <View className="bk-card__head">
        <Text className="bk-card__title">{b.roomName}</Text>
        <StatusTag id={`booking-status-${b.id}`} status={b.status} />
      </View>
      <Text className="bk-card__meta">
        {b.stationName}
        {'\n'}
        {dateLabel(b.date)} {b.start}–{b.end} · {b.purpose}
      </Text>
    </View>
  );
}

function BookingGroup({ id, title, items }: { id: string; title: string; items: Booking[] }) {
  if (items.length === 0) return null;
  return (
    <View id={id}>
      <Text className="bk-group-title">{title}</Text>
      {items.map((b) => (
        <BookingCard key={b.id} b={b} />
      ))}
    </View>
  );
}

/** 我的预约: upcoming bookings soonest first, then the history newest first, with status badges. */
export default function MyBookingsPage() {
  const session = useSession();
  const list = useListPage((cursor) => api('listMyBookings', undefined, { query: cursor ? { cursor } : {} }), [session?.token], { enabled: session !== null });

  if (!session) {
    return (
      <PageShell id="page-bookings">
        <LoginPrompt id="bookings-logged-out" text="登录后查看我的预约" buttonId="bookings-login-button" />
      </PageShell>
    );
  }

  const items = list.items;
  const { upcoming, history } = splitUpcoming(items);
  return (
    <PageShell id="page-bookings">
      <Text className="bk-note">下拉可刷新</Text>
      <StateView
        idPrefix="bookings"
        loading={list.loading}
        error={!list.loaded ? list.error : undefined}
        empty={list.loaded && items.length === 0}
        emptyText="还没有预约"
        emptyHint="去驿站预约一个场地吧"
        onRetry={() => void list.reload()}
      >
        {list.loaded && (
          <View id="booking-list">
            <BookingGroup id="bookings-upcoming" title="即将使用" items={upcoming} />
            <BookingGroup id="bookings-history" title="历史预约" items={history} />
            <LoadMore id="bookings-more" hasMore={list.hasMore} loading={list.loadingMore} error={list.error} onMore={() => void list.loadMore()} count={items.length} />
          </View>
        )}
      </StateView>
      {list.loaded && items.length === 0 && !list.loading && !list.error && (
        <View className="bk-actions" style={{ justifyContent: 'center' }}>
          <Button id="bookings-go-book" type="primary" onClick={() => void Taro.switchTab({ url: '/pages/booking/index' })}>
            去预约
          </Button>
        </View>
      )}
    </PageShell>
  );
}
