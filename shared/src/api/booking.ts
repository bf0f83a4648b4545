import * as z from 'zod';
import type { RouteDef } from './route-def';
import { DateString, HalfHour } from './venues';
import { Id, PageQuery, Text, pageOf } from './common';

export const BookingStatus = z.enum(['pending', 'approved', 'rejected', 'checked_in', 'no_show', 'cancelled']);
export type BookingStatus = z.infer<typeof BookingStatus>;
export { BOOKING_STATUS_LABELS } from '../labels';

/**
 * free: bookable; taken: held by someone's booking; mine: held by the caller's own booking;
 * closed: outside opening hours or in a blackout; past: started; notice: inside the room's
 * notice period; quota: the caller's weekly quota of the room is used up. `reason` says why.
 */
export const SlotState = z.enum(['free', 'taken', 'mine', 'closed', 'past', 'notice', 'quota']);
export const Slot = z.object({ start: HalfHour, end: HalfHour, state: SlotState, reason: z.string().optional() }).meta({ id: 'Slot' });
export type Slot = z.infer<typeof Slot>;
export const AvailabilityQuery = z.object({ date: DateString });
export const AvailabilityResponse = z
  .object({ roomId: z.string(), date: DateString, slots: z.array(Slot), closedReason: z.string().optional() })
  .meta({ id: 'AvailabilityResponse' });
export type AvailabilityResponse = z.infer<typeof AvailabilityResponse>;

export const Phone = z.string().trim().regex(/^1[3-9]\d{9}$/, '请填写正确的 11 位手机号');

export const CreateBookingRequest = z
  .object({
    roomId: Id,
    date: DateString,
    start: HalfHour,
    end: HalfHour,
    purpose: Text({ min: 2, max: 100, label: '用途', messages: { required: '请填写用途（至少 2 个字）', min: '请填写用途（至少 2 个字）', max: '用途不超过 100 字' } }),
    attendees: z.number({ error: '请填写参加人数' }).int('人数须为整数').min(1, '参加人数至少 1 人').max(2000, '参加人数过多'),
    contactPhone: Phone.optional(),
  })
  .refine((b) => b.start < b.end, { message: '结束时间须晚于开始时间', path: ['end'] })
  .meta({ id: 'CreateBookingRequest' });
export type CreateBookingRequest = z.infer<typeof CreateBookingRequest>;

export const BookingEvent = z
  .object({
    status: BookingStatus,
    at: z.string(),
    byUserId: z.string(),
    byName: z.string(),
    reason: z.string().optional(),
  })
  .meta({ id: 'BookingEvent' });

export const Booking = z
  .object({
    id: z.string(),
    roomId: z.string(),
    roomName: z.string(),
    stationId: z.string(),
    stationName: z.string(),
    userId: z.string(),
    userName: z.string(),
    date: DateString,
    start: HalfHour,
    end: HalfHour,
    purpose: z.string(),
    attendees: z.number().int(),
    contactPhone: z.string().optional(),
    status: BookingStatus,
    history: z.array(BookingEvent),
    rating: z.object({ stars: z.number().int(), comment: z.string().optional(), at: z.string() }).optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'Booking' });
export type Booking = z.infer<typeof Booking>;

export const BookingListResponse = pageOf(Booking, 'BookingListResponse');
export const StationBookingsQuery = PageQuery.extend({ status: BookingStatus.optional(), date: DateString.optional() });
export const CancelBookingRequest = z.object({ reason: Text({ min: 0, max: 100, label: '原因', messages: { max: '原因不超过 100 字' } }).optional() });
export const RejectBookingRequest = z.object({
  reason: Text({ min: 2, max: 100, label: '原因', messages: { required: '请填写不通过的原因', min: '请填写不通过的原因', max: '原因不超过 100 字' } }),
});
/** `code`: the room's own code, as its door poster's QR carries it (the code token). */
export const CheckInRequest = z.object({ code: z.string().trim().min(1, '请扫描房间门口的二维码').max(40, '二维码无效，请重新扫码') });
export const RatingRequest = z.object({
  stars: z.number({ error: '请选择星级' }).int('星级须为整数').min(1, '最少 1 星').max(5, '最多 5 星'),
  comment: Text({ min: 0, max: 200, label: '评价', multiLine: true, messages: { max: '评价不超过 200 字' } }).optional(),
});
/** Strict: a stray field (`{"decision":"reject"}` sent to approve) is refused, never read as approval. */
export const EmptyBody = z.strictObject({});
export const RoomBookingsTodayResponse = z.object({ items: z.array(Booking) }).meta({ id: 'RoomBookingsTodayResponse' });

export const bookingRoutes = {
  getAvailability: {
    method: 'get',
    path: '/rooms/{roomId}/availability',
    summary: '某天的可预约时段',
    auth: 'none',
    query: AvailabilityQuery,
    response: AvailabilityResponse,
  },
  createBooking: { method: 'post', path: '/bookings', summary: '预约场地', auth: 'user', body: CreateBookingRequest, response: Booking },
  listMyBookings: { method: 'get', path: '/bookings/mine', summary: '我的预约（分页，新的在前）', auth: 'user', query: PageQuery, response: BookingListResponse },
  getBooking: { method: 'get', path: '/bookings/{bookingId}', summary: '预约详情', auth: 'user', response: Booking },
  cancelBooking: { method: 'post', path: '/bookings/{bookingId}/cancel', summary: '取消预约', auth: 'user', body: CancelBookingRequest, response: Booking },
  listStationBookings: {
    method: 'get',
    path: '/stations/{stationId}/bookings',
    summary: '驿站的预约（工作人员）',
    auth: 'user',
    query: StationBookingsQuery,
    response: BookingListResponse,
  },
  approveBooking: { method: 'post', path: '/bookings/{bookingId}/approve', summary: '通过预约（工作人员）', auth: 'user', body: EmptyBody, response: Booking },
  rejectBooking: { method: 'post', path: '/bookings/{bookingId}/reject', summary: '不通过预约（工作人员）', auth: 'user', body: RejectBookingRequest, response: Booking },
  checkIn: { method: 'post', path: '/bookings/{bookingId}/check-in', summary: '扫房间二维码签到', auth: 'user', body: CheckInRequest, response: Booking },
  staffCheckIn: {
    method: 'post',
    path: '/bookings/{bookingId}/staff-check-in',
    summary: '签到核销（工作人员）',
    auth: 'user',
    body: EmptyBody,
    response: Booking,
  },
  myRoomBookingsToday: {
    method: 'get',
    path: '/rooms/{roomId}/my-bookings-today',
    summary: '我今天在该房间的预约（扫房间码后签到）',
    auth: 'user',
    response: RoomBookingsTodayResponse,
  },
  rateBooking: { method: 'post', path: '/bookings/{bookingId}/rating', summary: '评价（使用结束后一次）', auth: 'user', body: RatingRequest, response: Booking },
} as const satisfies Record<string, RouteDef>;
