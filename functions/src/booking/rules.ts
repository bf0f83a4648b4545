/**
 * The booking rules as plain functions of their inputs: the slot grid, what a room
 * allows, the status machine and its windows. No I/O here; `now` is always passed in.
 * All local times are Asia/Shanghai.
 */
import type { BookingStatus, Slot } from '@shared/api/booking';
import { ruleBroken } from '../lib/errors';
import { dayjs, inChina, chinaWallClock } from '../lib/time';
import type { Blackout, OpeningHours, Room } from '../venues/model';

export const SLOT_MINUTES = 30;
/** Check-in opens this long before the start and closes this long after it. */
export const CHECK_IN_WINDOW_MINUTES = 15;
export const NO_SHOW_LIMIT = 3;
export const NO_SHOW_LOOKBACK_DAYS = 30;
export const NO_SHOW_BLOCK_DAYS = 14;

export const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const fromMinutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The instant a local date + HH:mm (24:00 allowed) happens. */
export function instant(date: string, hhmm: string): Date {
  return chinaWallClock(date, hhmm).toDate();
}

/** 0 = Sunday … 6 = Saturday, of a local date. */
export function weekday(date: string): keyof OpeningHours {
  return String(chinaWallClock(date, '12:00').day()) as keyof OpeningHours;
}

/** ISO week (Monday first) of a local date, e.g. 2026-W48: the span of the weekly quota. */
export function isoWeek(date: string): string {
  const d = dayjs.utc(`${date}T12:00:00`);
  return `${d.isoWeekYear()}-W${String(d.isoWeek()).padStart(2, '0')}`;
}

/** Start times (HH:mm) of the slots from start to end. */
export function slotStarts(start: string, end: string): string[] {
  const out: string[] = [];
  for (let m = toMinutes(start); m < toMinutes(end); m += SLOT_MINUTES) out.push(fromMinutes(m));
  return out;
}

function isOpen(hours: OpeningHours, date: string, start: string, end: string): boolean {
  const s = toMinutes(start);
  const e = toMinutes(end);
  return hours[weekday(date)].some((i) => toMinutes(i.open) <= s && e <= toMinutes(i.close));
}

function blackoutOver(blackouts: Blackout[], date: string, start: string, end: string): Blackout | undefined {
  const s = `${date}T${start}`;
  const e = `${date}T${end}`;
  return blackouts.find((b) => b.start < e && s < b.end);
}

/** The day's grid spans the station's widest opening of the week, so it does not jump between days. */
function gridSpan(hours: OpeningHours): [number, number] {
  const all = Object.values(hours).flat();
  if (all.length === 0) return [8 * 60, 22 * 60];
  return [Math.min(...all.map((i) => toMinutes(i.open))), Math.max(...all.map((i) => toMinutes(i.close)))];
}

const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** Why a whole day cannot be booked (周日休息, a blackout's reason), or undefined when it has open slots. */
export function dayClosedReason(date: string, hours: OpeningHours, blackouts: Blackout[]): string | undefined {
  const intervals = hours[weekday(date)];
  if (intervals.length === 0) return `${WEEKDAY_NAMES[Number(weekday(date))]}休息`;
  const allDay = blackouts.find((b) => intervals.every((i) => b.start <= `${date}T${i.open}` && `${date}T${i.close}` <= b.end));
  return allDay ? `暂停开放：${allDay.reason}` : undefined;
}

export interface DaySlotsArgs {
  date: string;
  hours: OpeningHours;
  blackouts: Blackout[];
  /** Starts of slots held by live bookings, and those of them held by the caller's own. */
  heldStarts: Set<string>;
  mineStarts?: Set<string>;
  /** The room's notice period: slots starting sooner than this cannot be booked any more. */
  minNoticeMinutes?: number;
  /** The caller's weekly quota of this room is used up (only known when a caller is logged in). */
  quotaUsedUp?: { quota: number };
  now: Date;
}

/**
 * The day's slots for a room, each with the reason it cannot be booked: `past` once started,
 * `closed` outside opening hours or in a blackout (its reason), `mine` / `taken` when a live
 * booking holds it, `notice` inside the room's notice period, `quota` when the caller's weekly
 * quota is used up, else `free`.
 */
export function daySlots(args: DaySlotsArgs): Slot[] {
  const [from, to] = gridSpan(args.hours);
  const dayOff = args.hours[weekday(args.date)].length === 0 ? `${WEEKDAY_NAMES[Number(weekday(args.date))]}休息` : undefined;
  const noticeMs = (args.minNoticeMinutes ?? 0) * 60_000;
  const slots: Slot[] = [];
  for (let m = from; m < to; m += SLOT_MINUTES) {
    const start = fromMinutes(m);
    const end = fromMinutes(m + SLOT_MINUTES);
    const at = instant(args.date, start).getTime();
    const blackout = blackoutOver(args.blackouts, args.date, start, end);
    let slot: Slot;
    if (at <= args.now.getTime()) slot = { start, end, state: 'past' };
    else if (blackout) slot = { start, end, state: 'closed', reason: blackout.reason };
    else if (!isOpen(args.hours, args.date, start, end)) slot = { start, end, state: 'closed', reason: dayOff ?? '不在开放时间' };
    else if (args.mineStarts?.has(start)) slot = { start, end, state: 'mine', reason: '我的预约' };
    else if (args.heldStarts.has(start)) slot = { start, end, state: 'taken' };
    else if (at - args.now.getTime() < noticeMs) slot = { start, end, state: 'notice', reason: `需提前 ${duration(args.minNoticeMinutes ?? 0)}预约` };
    else if (args.quotaUsedUp) slot = { start, end, state: 'quota', reason: `本周已约满 ${args.quotaUsedUp.quota} 次` };
    else slot = { start, end, state: 'free' };
    slots.push(slot);
  }
  return slots;
}

function duration(minutes: number): string {
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} 天`;
  if (minutes % 60 === 0) return `${minutes / 60} 小时`;
  if (minutes > 60) return `${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分钟`;
  return `${minutes} 分钟`;
}

export interface BookingRequestFacts {
  date: string;
  start: string;
  end: string;
  attendees: number;
}

/**
 * Every rule a new booking must meet that does not depend on other bookings; throws
 * 422 with a Chinese reason naming the rule. Quota, block and slot conflicts are checked
 * again inside the booking's transaction.
 */
export function checkBookingRules(req: BookingRequestFacts, room: Pick<Room, 'rules' | 'capacity' | 'blackouts'>, hours: OpeningHours, now: Date): void {
  const start = instant(req.date, req.start);
  const minutes = toMinutes(req.end) - toMinutes(req.start);
  if (start <= now) throw ruleBroken('PAST', '不能预约已经开始或过去的时段', [{ path: 'start', message: '该时段已过' }]);
  if (start.getTime() - now.getTime() < room.rules.minNoticeMinutes * 60_000) {
    throw ruleBroken('TOO_SOON', `该房间需至少提前 ${duration(room.rules.minNoticeMinutes)}预约`, [{ path: 'start', message: '预约时间太近' }]);
  }
  const lastDay = inChina(now).startOf('day').add(room.rules.maxDaysAhead, 'day').format('YYYY-MM-DD');
  if (req.date > lastDay) throw ruleBroken('TOO_FAR', `该房间最多可提前 ${room.rules.maxDaysAhead} 天预约`, [{ path: 'date', message: `请选择 ${lastDay} 及之前的日期` }]);
  if (minutes > room.rules.maxMinutes) throw ruleBroken('TOO_LONG', `该房间单次最长可预约 ${duration(room.rules.maxMinutes)}`, [{ path: 'end', message: '时长超出上限' }]);
  if (!isOpen(hours, req.date, req.start, req.end)) throw ruleBroken('CLOSED', '所选时段不在开放时间内', [{ path: 'start', message: '不在开放时间内' }]);
  const blackout = blackoutOver(room.blackouts, req.date, req.start, req.end);
  if (blackout) throw ruleBroken('BLACKOUT', `所选时段暂停开放：${blackout.reason}`, [{ path: 'start', message: blackout.reason }]);
  if (req.attendees > room.capacity) throw ruleBroken('OVER_CAPACITY', `该房间最多容纳 ${room.capacity} 人`, [{ path: 'attendees', message: `不超过 ${room.capacity} 人` }]);
}

export function quotaExceeded(quota: number) {
  return ruleBroken('OVER_QUOTA', `该房间每人每周最多预约 ${quota} 次，本周次数已用完`);
}

export function blockedForNoShows(untilMs: number) {
  const until = inChina(untilMs).format('M月D日 HH:mm');
  return ruleBroken('BLOCKED_NO_SHOW', `30 天内 ${NO_SHOW_LIMIT} 次预约未签到，${until} 前暂停预约`);
}

/** Who may move a booking from one status to another. `system` is the scheduled sweeper. */
type Actor = 'owner' | 'staff' | 'system';
const TRANSITIONS: Record<BookingStatus, Partial<Record<BookingStatus, Actor[]>>> = {
  pending: { approved: ['staff'], rejected: ['staff'], cancelled: ['owner', 'staff', 'system'] },
  approved: { checked_in: ['owner', 'staff'], no_show: ['system'], cancelled: ['owner', 'staff'] },
  checked_in: {},
  rejected: {},
  cancelled: {},
  no_show: {},
};

export function canTransition(from: BookingStatus, to: BookingStatus, actor: Actor): boolean {
  return TRANSITIONS[from][to]?.includes(actor) ?? false;
}

export const LIVE_STATUSES: BookingStatus[] = ['pending', 'approved'];

/** A booking's check-in deadline: after it, an unchecked booking no longer holds its slots. */
export function checkInDeadline(date: string, start: string): number {
  return instant(date, start).getTime() + CHECK_IN_WINDOW_MINUTES * 60_000;
}

export function checkInWindow(date: string, start: string): { opens: number; closes: number } {
  const s = instant(date, start).getTime();
  return { opens: s - CHECK_IN_WINDOW_MINUTES * 60_000, closes: s + CHECK_IN_WINDOW_MINUTES * 60_000 };
}

/** A lock holds its slot while its booking is checked in or may still be. */
export function lockIsLive(lock: { checkedIn: boolean; checkInDeadline: number }, now: Date): boolean {
  return lock.checkedIn || now.getTime() <= lock.checkInDeadline;
}
