import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { Booking } from '@shared/api/booking';
import { StatusTag } from '../../../components/StatusTag';
import { dateLabel } from '../../../utils/booking';

/** A booking as staff see it: who, when, what, how many, contact. */
export function StaffBookingCard({ booking: b, showDate = true, children }: { booking: Booking; showDate?: boolean; children?: ReactNode }) {
  return (
    <View className="bk-card" id={`staff-booking-${b.id}`}>
      <View className="bk-card__head">
        <Text className="bk-card__title">
          {showDate ? `${dateLabel(b.date)} ` : ''}
          {b.start}–{b.end}
        </Text>
        <StatusTag id={`staff-booking-status-${b.id}`} status={b.status} />
      </View>
      <Text className="bk-card__meta">
        {b.roomName} · {b.userName} · {b.attendees} 人{b.contactPhone ? ` · ${b.contactPhone}` : ''}
      </Text>
      <Text className="bk-card__meta">用途：{b.purpose}</Text>
      {children}
    </View>
  );
}
