import { randomUUID } from 'node:crypto';
import { BOOKING_STATUS_LABELS, type AvailabilityResponse, type Booking, type BookingStatus, type CreateBookingRequest } from '@shared/api/booking';
import { authorize, can, type Principal, type Scope } from '../lib/authorize';
import { appError, conflict, forbidden, notFound, ruleBroken } from '../lib/errors';
import { logger } from '../lib/logger';
import type { Page } from '../lib/dynamo';
import { chinaDate, nowIso, nowIsoMs } from '../lib/time';
import { knownStationOfRoom, roomWithStation, station as getStationOr404 } from '../venues/domain';
import { bookingMovedWrites, bookingStaffListRead, bookingStaffRead, bookingSubmittedWrites } from '../messages/events';
import type { BookingRecord } from './model';
import {
  blockedForNoShows,
  canTransition,
  checkBookingRules,
  checkInDeadline,
  dayClosedReason,
  daySlots,
  instant,
  isoWeek,
  lockIsLive,
  NO_SHOW_BLOCK_DAYS,
  NO_SHOW_LIMIT,
  NO_SHOW_LOOKBACK_DAYS,
  quotaExceeded,
} from './rules';
import {
  bookingObstacles,
  bookingsOfStation,
  bookingsOfUser,
  dueWatches,
  forgetWatch,
  getBlock,
  getBooking,
  insertBooking,
  locksOfDay,
  getSweepCheckpoint,
  noShowsSince,
  putBlock,
  putSweepCheckpoint,
  quotaCount,
  transition,
  type TransitionEffects,
} from './storage';

const SYSTEM = { id: 'system', name: '系统' };

export function toView(b: BookingRecord): Booking {
  const { communityId: _c, checkInDeadline: _d, quotaWeek: _w, ...view } = b;
  return view;
}

export const stationScope = (b: { stationId: string; communityId: string }): Scope => ({ kind: 'station', stationId: b.stationId, communityId: b.communityId });

/**
 * A room's day. With a caller (a token came along), their own bookings show as `mine` and a
 * used-up weekly quota marks the free slots; the notice period applies to everyone.
 */
export async function availability(roomId: string, date: string, principal?: Principal, now = new Date()): Promise<AvailabilityResponse> {
  const [{ room, station }, locks, used] = await Promise.all([
    roomWithStation(roomId),
    locksOfDay(roomId, date),
    principal ? quotaCount(principal.userId, roomId, isoWeek(date)) : Promise.resolve(0),
  ]);
  const live = locks.filter((l) => lockIsLive(l, now));
  const held = new Set(live.map((l) => l.start));
  const mine = new Set(principal ? live.filter((l) => l.userId === principal.userId).map((l) => l.start) : []);
  const slots = daySlots({
    date,
    hours: station.openingHours,
    blackouts: room.blackouts,
    heldStarts: held,
    mineStarts: mine,
    minNoticeMinutes: room.rules.minNoticeMinutes,
    ...(principal && used >= room.rules.weeklyQuota ? { quotaUsedUp: { quota: room.rules.weeklyQuota } } : {}),
    now,
  });
  const closedReason = dayClosedReason(date, station.openingHours, room.blackouts);
  return { roomId, date, slots, ...(closedReason ? { closedReason } : {}) };
}

/**
 * What a booking reads before its transaction, together: the room (with its station), what
 * stands in the way (the caller's no-show block, the slot locks) and, when this container
 * knows the room's station, the station's staff list item (who the booking's messages tell,
 * read fresh for every booking). The handler starts it while the caller's user record loads
 * (the route's `prefetch`): on a warm Lambda all of it is one BatchGetItem (`getTogether`),
 * and a taken slot is refused without a transaction. A station without a whole list item has
 * its staff queried only once the slot is known free.
 */
export async function bookingReads(userId: string, req: CreateBookingRequest) {
  const known = knownStationOfRoom(req.roomId);
  const listRead = known ? guarded(bookingStaffListRead(known)) : undefined;
  const [{ room, station }, obstacles] = await Promise.all([roomWithStation(req.roomId), bookingObstacles(userId, req)]);
  const staff = () => bookingStaffRead(station.id, known === station.id ? listRead : undefined);
  return { room, station, obstacles, staff };
}

/** A read that may be left unawaited (the booking refused first) is no unhandled rejection; awaiting it still throws. */
function guarded<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}
export type BookingReads = Awaited<ReturnType<typeof bookingReads>>;

export async function createBooking(
  principal: Principal,
  req: CreateBookingRequest,
  now = new Date(),
  reads: Promise<BookingReads> = bookingReads(principal.userId, req),
): Promise<BookingRecord> {
  authorize(principal, 'booking:create', { kind: 'none' });
  const { room, station, obstacles, staff } = await reads;
  if (room.deactivatedAt || station.deactivatedAt) throw roomDeactivated();
  const block = obstacles.block;
  if (block && block.untilMs > now.getTime()) throw blockedForNoShows(block.untilMs);
  checkBookingRules(req, room, station.openingHours, now);
  if (obstacles.locks.some((l) => lockIsLive(l, now))) throw slotTaken();

  const status: BookingStatus = room.requiresApproval ? 'pending' : 'approved';
  const at = nowIso(now);
  const record: BookingRecord = {
    id: randomUUID(),
    roomId: room.id,
    roomName: room.name,
    stationId: station.id,
    stationName: station.name,
    communityId: station.communityId,
    userId: principal.userId,
    userName: principal.user.nickname,
    date: req.date,
    start: req.start,
    end: req.end,
    purpose: req.purpose,
    attendees: req.attendees,
    ...(req.contactPhone ? { contactPhone: req.contactPhone } : {}),
    status,
    // A room without review approves itself: its history says so (系统), not the resident.
    history: [
      status === 'approved'
        ? { status, at, byUserId: SYSTEM.id, byName: SYSTEM.name, reason: '无需审核，自动通过' }
        : { status, at, byUserId: principal.userId, byName: principal.user.nickname },
    ],
    // Milliseconds: 我的预约 (gsi2, by createdAt) orders two bookings of one second by time.
    createdAt: nowIsoMs(now),
    checkInDeadline: checkInDeadline(req.date, req.start),
    quotaWeek: isoWeek(req.date),
  };
  const outcome = await insertBooking(record, room.rules.weeklyQuota, now, await bookingSubmittedWrites(record, now, staff()));
  switch (outcome) {
    case 'created':
      return record;
    case 'slot_taken':
      throw slotTaken();
    case 'over_quota':
      throw quotaExceeded(room.rules.weeklyQuota);
    case 'room_deactivated':
      throw roomDeactivated();
    case 'blocked': {
      const b = await getBlock(principal.userId);
      throw blockedForNoShows(b?.untilMs ?? now.getTime());
    }
    default:
      throw appError('CONFLICT', '预约的人太多了，请稍后重试');
  }
}

const roomDeactivated = () => ruleBroken('ROOM_DEACTIVATED', '该房间已停用，暂不能预约');
const slotTaken = () => conflict('SLOT_TAKEN', '该时段已被预约，请选择其他时段');

export async function bookingOr404(bookingId: string): Promise<BookingRecord> {
  const b = await getBooking(bookingId, true);
  if (!b) throw notFound('预约');
  return b;
}

function isOwner(p: Principal, b: BookingRecord) {
  return p.userId === b.userId;
}

/** The owner, and staff of the station (or admins of its community), may see a booking. */
export async function bookingFor(principal: Principal, bookingId: string): Promise<BookingRecord> {
  const b = await bookingOr404(bookingId);
  if (!isOwner(principal, b) && !can(principal, 'booking:review', stationScope(b))) throw forbidden('只能查看自己的预约');
  return b;
}

export async function myBookings(principal: Principal, page: { limit: number; cursor?: string }): Promise<Page<BookingRecord>> {
  return bookingsOfUser(principal.userId, page);
}

/** Staff lists: a date's bookings, or (no date) from today on, sorted by date and start. */
export async function stationBookings(
  principal: Principal,
  stationId: string,
  query: { status?: BookingStatus; date?: string; limit: number; cursor?: string },
  now = new Date(),
): Promise<Page<BookingRecord>> {
  const station = await getStationOr404(stationId);
  authorize(principal, 'booking:review', { kind: 'station', stationId, communityId: station.communityId });
  return bookingsOfStation(stationId, { date: query.date, fromDate: query.date ? undefined : chinaDate(now), status: query.status }, query);
}

/**
 * One status change with its effects, guarded by the booking's current status. When the
 * guard fails (someone else acted first), the caller gets 409 with the new state named.
 */
export async function move(
  b: BookingRecord,
  to: BookingStatus,
  by: { id: string; name: string },
  fx: TransitionEffects,
  now: Date,
  reason?: string,
): Promise<BookingRecord> {
  const event = { status: to, at: nowIso(now), byUserId: by.id, byName: by.name, ...(reason ? { reason } : {}) };
  if (await transition(b, b.status, to, event, { ...fx, also: bookingMovedWrites(b, to, by.id, now, reason) }, now)) {
    return { ...b, ...(fx.set ?? {}), status: to, history: [...b.history, event] } as BookingRecord;
  }
  const fresh = await bookingOr404(b.id);
  throw conflict('STATUS_CHANGED', `该预约状态已变为「${statusLabel(fresh.status)}」，请刷新后查看`);
}

export const statusLabel = (s: BookingStatus): string => BOOKING_STATUS_LABELS[s];

const releaseAll: TransitionEffects = { releaseLocks: true, refundQuota: true, unwatch: true };

export async function approve(principal: Principal, bookingId: string, now = new Date()): Promise<BookingRecord> {
  const b = await bookingOr404(bookingId);
  authorize(principal, 'booking:review', stationScope(b));
  if (!canTransition(b.status, 'approved', 'staff')) throw conflict('STATUS_CHANGED', `该预约当前为「${statusLabel(b.status)}」，不能通过`);
  return move(b, 'approved', { id: principal.userId, name: principal.user.nickname }, {}, now);
}

export async function reject(principal: Principal, bookingId: string, reason: string, now = new Date()): Promise<BookingRecord> {
  const b = await bookingOr404(bookingId);
  authorize(principal, 'booking:review', stationScope(b));
  if (!canTransition(b.status, 'rejected', 'staff')) throw conflict('STATUS_CHANGED', `该预约当前为「${statusLabel(b.status)}」，不能驳回`);
  return move(b, 'rejected', { id: principal.userId, name: principal.user.nickname }, releaseAll, now, reason);
}

/** The owner may cancel before the start; staff until the end. */
export async function cancel(principal: Principal, bookingId: string, reason: string | undefined, now = new Date()): Promise<BookingRecord> {
  const b = await bookingOr404(bookingId);
  const staff = can(principal, 'booking:review', stationScope(b));
  if (!isOwner(principal, b) && !staff) throw forbidden('只能取消自己的预约');
  const actor = isOwner(principal, b) ? 'owner' : 'staff';
  if (!canTransition(b.status, 'cancelled', actor)) throw conflict('STATUS_CHANGED', `该预约当前为「${statusLabel(b.status)}」，不能取消`);
  const limit = actor === 'owner' ? instant(b.date, b.start) : instant(b.date, b.end);
  if (now >= limit) throw ruleBroken('TOO_LATE', actor === 'owner' ? '预约已开始，不能取消' : '预约已结束，不能取消');
  return move(b, 'cancelled', { id: principal.userId, name: principal.user.nickname }, releaseAll, now, reason);
}

/** One rating per booking, by its owner, after it ended, for a booking that was used. */
export async function rate(principal: Principal, bookingId: string, stars: number, comment: string | undefined, now = new Date()): Promise<BookingRecord> {
  const b = await bookingOr404(bookingId);
  if (!isOwner(principal, b)) throw forbidden('只能评价自己的预约');
  if (b.status !== 'checked_in') throw ruleBroken('NOT_RATEABLE', '签到使用后才能评价');
  if (now < instant(b.date, b.end)) throw ruleBroken('NOT_ENDED', '使用结束后才能评价');
  if (b.rating) throw conflict('ALREADY_RATED', '您已经评价过了');
  const rating = { stars, ...(comment ? { comment } : {}), at: nowIso(now) };
  // The status stays; the guard on `rating` stops a second rating, even one racing this one.
  const event = { status: b.status, at: rating.at, byUserId: principal.userId, byName: principal.user.nickname, reason: `评价 ${stars} 星` };
  if (!(await transition(b, 'checked_in', 'checked_in', event, { set: { rating }, onlyIfUnset: 'rating' }, now))) {
    throw conflict('ALREADY_RATED', '您已经评价过了');
  }
  return { ...b, rating, history: [...b.history, event] };
}

/**
 * The scheduled sweeper: every booking whose check-in deadline passed unchecked is closed —
 * approved ones become no-shows (slots freed, a no-show recorded, a 14-day block after
 * three in 30 days), pending ones nobody approved are cancelled. Safe to run twice.
 */
export async function sweepNoShows(now = new Date()): Promise<{ noShows: number; expired: number; failed: number }> {
  const days = await sweepDays(now);
  const due = (await Promise.all(days.map((d) => dueWatches(d, now.getTime())))).flat();
  let noShows = 0;
  let expired = 0;
  // The next run starts at today, or at the oldest day of a booking this run could not close.
  let nextFrom = chinaDate(now);
  let failed = 0;
  for (const { bookingId: id, date } of due) {
    try {
      const b = await getBooking(id, true);
      if (!b) continue;
      if (b.status === 'approved') {
        await move(b, 'no_show', SYSTEM, { releaseLocks: true, unwatch: true, recordNoShow: true }, now, '开始后 15 分钟内未签到');
        noShows++;
        const recent = await noShowsSince(b.userId, now.getTime() - NO_SHOW_LOOKBACK_DAYS * 86_400_000);
        if (recent >= NO_SHOW_LIMIT) {
          await putBlock(b.userId, now.getTime() + NO_SHOW_BLOCK_DAYS * 86_400_000, `30 天内 ${recent} 次未签到`);
        }
      } else if (b.status === 'pending') {
        await move(b, 'cancelled', SYSTEM, releaseAll, now, '开始前未获审核，已自动取消');
        expired++;
      } else {
        await forgetWatch(b);
      }
    } catch (err) {
      if ((err as { status?: number }).status === 409) {
        // Someone acted on it meanwhile (checked in at the last second, staff cancelled): their change removed the watch.
        logger.info('sweep skipped a booking', { bookingId: id, error: (err as Error).message });
      } else {
        // Throttled, timed out…: the watch stays, and the checkpoint stays at its day so the next run retries it.
        logger.error('sweep could not close a booking', { bookingId: id, error: (err as Error).message });
        failed++;
        if (date < nextFrom) nextFrom = date;
      }
    }
  }
  await putSweepCheckpoint(nextFrom, nowIso(now));
  return { noShows, expired, failed };
}

/** The sweeper catches up at most this many days back (watch items are kept a little longer). */
export const SWEEP_CATCH_UP_DAYS = 31;

/**
 * The dates to read: from the checkpoint the last run left (the oldest day that may still
 * hold due watches; never later than yesterday, so a deadline just before midnight is not
 * missed) to today, bounded to SWEEP_CATCH_UP_DAYS. Without a checkpoint (first run), the whole bound.
 */
async function sweepDays(now: Date): Promise<string[]> {
  const dayMs = 86_400_000;
  const oldest = chinaDate(new Date(now.getTime() - SWEEP_CATCH_UP_DAYS * dayMs));
  const yesterday = chinaDate(new Date(now.getTime() - dayMs));
  const checkpoint = await getSweepCheckpoint();
  let from = checkpoint ?? oldest;
  if (from > yesterday) from = yesterday;
  if (from < oldest) from = oldest;
  const days: string[] = [];
  for (let t = now.getTime(); chinaDate(new Date(t)) >= from; t -= dayMs) days.push(chinaDate(new Date(t)));
  return days.reverse();
}
