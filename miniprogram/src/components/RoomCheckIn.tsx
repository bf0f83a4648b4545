import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Booking } from '@shared/api/booking';
import { api, requestLogin } from '../api/client';
import { useRequest } from '../hooks/useRequest';
import { useSession } from '../hooks/useSession';
import { bookingDetailUrl, checkInOpensText, checkInState } from '../utils/booking';
import { Button } from './ui';

/**
 * The 签到 part of a scanned room code (the QR on the room's door poster): the person's
 * bookings of this room today; inside a booking's window one tap checks it in with the
 * scanned code itself. Logged out, it offers to log in first.
 */
export function RoomCheckIn({ roomId, token }: { roomId: string; token: string }) {
  const session = useSession();
  const mine = useRequest(() => api('myRoomBookingsToday', undefined, { params: { roomId }, silent: true }), [roomId, session?.token], {
    enabled: session !== null,
  });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Booking | null>(null);

  if (!session) {
    return (
      <Button id="scan-room-login" fill="outline" block onClick={() => void requestLogin().catch(() => undefined)}>
        已预约？登录后签到
      </Button>
    );
  }

  const checkIn = async (b: Booking) => {
    if (busy) return;
    setBusy(true);
    try {
      setDone(await api('checkIn', { code: token }, { params: { bookingId: b.id } }));
      void Taro.showToast({ title: '签到成功', icon: 'success' });
    } catch {
      // The client has shown the reason; show the fresh state.
      void mine.reload();
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <View id="scan-checkin-done">
        <Text className="scan-result__text" id="scan-checkin-done-text">
          签到成功：{done.start}–{done.end} {done.purpose}
        </Text>
        <Button id="scan-checkin-detail" fill="outline" block onClick={() => void Taro.navigateTo({ url: bookingDetailUrl(done.id) })}>
          查看预约
        </Button>
      </View>
    );
  }

  const items = mine.data?.items ?? [];
  const open = items.find((b) => checkInState(b) === 'open');
  const later = items.find((b) => checkInState(b) === 'early');
  if (open) {
    return (
      <View id="scan-checkin">
        <Text className="scan-result__text" id="scan-checkin-booking">
          您今天 {open.start}–{open.end} 在此预约了「{open.purpose}」，现在可以签到。
        </Text>
        <Button id="scan-checkin-button" type="primary" block loading={busy} onClick={() => void checkIn(open)}>
          签到
        </Button>
      </View>
    );
  }
  if (later) {
    return (
      <Text className="scan-result__text" id="scan-checkin-later">
        您今天 {later.start}–{later.end} 在此有预约，{checkInOpensText(later).split(' ')[1]} 起可签到。
      </Text>
    );
  }
  return null;
}
