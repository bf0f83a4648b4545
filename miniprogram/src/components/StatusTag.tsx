import type { BookingStatus } from '@shared/api/booking';
import { Text } from '@tarojs/components';
import { STATUS_LABELS } from '../utils/booking';
import './StatusTag.css';

/** Booking status badge: 待审核 orange, 已通过 green, 未通过 red, 已签到 blue, 未签到/已取消 grey. */
export function StatusTag({ id, status }: { id?: string; status: BookingStatus }) {
  return (
    <Text id={id} className={`status-tag status-tag--${status}`}>
      {STATUS_LABELS[status]}
    </Text>
  );
}
