/**
 * Check-in: the person scans the room's own code (the QR on the door poster) inside the
 * window, or station staff check them in (签到核销) from 今日安排. There is no other,
 * hidden code: what the poster shows is what the check-in accepts.
 */
import { authorize, type Principal } from '../lib/authorize';
import { AppError, conflict, forbidden, ruleBroken } from '../lib/errors';
import { chinaDate, inChina } from '../lib/time';
import { activeCode } from '../codes/domain';
import { roomWithStation } from '../venues/domain';
import type { BookingRecord } from './model';
import { bookingOr404, move, stationScope, statusLabel } from './domain';
import { canTransition, checkInWindow, lockIsLive } from './rules';
import { getBooking, locksOfDay } from './storage';

const at = (ms: number) => inChina(ms).format('M月D日 HH:mm');

/** Approved, and now inside its window (15 minutes before the start to 15 after); else 422 with when. */
function assertCheckInOpen(b: BookingRecord, actor: 'owner' | 'staff', now: Date): void {
  if (b.status === 'pending') throw ruleBroken('NOT_APPROVED', '预约尚未通过审核，不能签到');
  if (!canTransition(b.status, 'checked_in', actor)) throw conflict('STATUS_CHANGED', `该预约当前为「${statusLabel(b.status)}」，不能签到`);
  const window = checkInWindow(b.date, b.start);
  if (now.getTime() < window.opens) throw ruleBroken('CHECK_IN_TOO_EARLY', `${at(window.opens)} 起可签到（开始前 15 分钟）`);
  if (now.getTime() > window.closes) throw ruleBroken('CHECK_IN_CLOSED', '已超过签到时间（开始后 15 分钟）');
}

/** The code must be the room's current code (the one its door poster carries). */
async function assertRoomCode(roomId: string, code: string): Promise<void> {
  const wrong = () => ruleBroken('WRONG_CODE', '这不是该房间的二维码，请扫描预约房间门口的二维码', [{ path: 'code', message: '不是该房间的二维码' }]);
  let record;
  try {
    record = await activeCode(code.trim(), 'room');
  } catch (err) {
    if (err instanceof AppError && err.code === 'CODE_ROTATED') throw ruleBroken('CODE_ROTATED', '该二维码已更新，请扫描房间门口的新二维码', [{ path: 'code', message: '二维码已更新' }]);
    if (err instanceof AppError && err.status < 500) throw wrong();
    throw err;
  }
  if (record.targetId !== roomId) throw wrong();
}

/** The owner checks in by scanning the room's code inside the window. */
export async function checkIn(principal: Principal, bookingId: string, code: string, now = new Date()): Promise<BookingRecord> {
  const b = await bookingOr404(bookingId);
  if (principal.userId !== b.userId) throw forbidden('只能为自己的预约签到');
  assertCheckInOpen(b, 'owner', now);
  await assertRoomCode(b.roomId, code);
  return move(b, 'checked_in', { id: principal.userId, name: principal.user.nickname }, { checkInLocks: true, unwatch: true }, now, '扫房间二维码签到');
}

/** 签到核销: staff of the station confirm the person is here, inside the same window. */
export async function staffCheckIn(principal: Principal, bookingId: string, now = new Date()): Promise<BookingRecord> {
  const b = await bookingOr404(bookingId);
  authorize(principal, 'booking:review', stationScope(b));
  assertCheckInOpen(b, 'staff', now);
  return move(b, 'checked_in', { id: principal.userId, name: principal.user.nickname }, { checkInLocks: true, unwatch: true }, now, '工作人员核销签到');
}

/**
 * The caller's bookings of a room today (what the room-code scan page offers 签到 for):
 * read through the day's slot locks of the room (one Query, at most 48 items), so it does
 * not grow with the person's history.
 */
export async function myRoomBookingsToday(principal: Principal, roomId: string, now = new Date()): Promise<BookingRecord[]> {
  await roomWithStation(roomId);
  const locks = await locksOfDay(roomId, chinaDate(now));
  const ids = [...new Set(locks.filter((l) => lockIsLive(l, now) && (l.userId === undefined || l.userId === principal.userId)).map((l) => l.bookingId))];
  const found = await Promise.all(ids.map((id) => getBooking(id, true)));
  return found
    .filter((b): b is BookingRecord => b !== undefined && b.userId === principal.userId)
    .sort((a, b) => a.start.localeCompare(b.start));
}
