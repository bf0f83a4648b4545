import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Booking } from '@shared/api/booking';
import { StatusTag } from '../../../components/StatusTag';
import { Button } from '../../../components/ui';
import { dateLabel } from '../../../utils/booking';
import './StaffBookingCard.css';

/** A booking as staff see it: who, when, what, how many, a phone to call; `children` are its actions. */
export function StaffBookingCard({ booking: b, showDate = true, children }: { booking: Booking; showDate?: boolean; children?: ReactNode }) {
  return (
    <View className="bk-card" id={`staff-booking-${b.id}`}>
      <View className="bk-card__head">
        <Text className="bk-card__title" id={`staff-booking-time-${b.id}`}>
          {showDate ? `${dateLabel(b.date)} ` : ''}
          {b.start}–{b.end}
        </Text>
        <StatusTag id={`staff-booking-status-${b.id}`} status={b.status} />
      </View>
      <Text className="bk-card__meta">
        {b.roomName} · {b.userName} · {b.attendees} 人
      </Text>
      <Text className="bk-card__meta">用途：{b.purpose}</Text>
      {b.contactPhone && (
        <View className="staff-booking__phone">
          <Text className="bk-card__meta" id={`staff-booking-phone-${b.id}`}>
            联系电话：{b.contactPhone}
          </Text>
          {/* On H5 Taro opens tel:, in WeChat the system's call sheet. */}
          <Button
            id={`staff-booking-call-${b.id}`}
            size="small"
            fill="outline"
            onClick={() => void Taro.makePhoneCall({ phoneNumber: b.contactPhone ?? '' }).catch(() => undefined)}
          >
            拨打
          </Button>
        </View>
      )}
      {children && <View className="staff-booking__actions">{children}</View>}
    </View>
  );
}
