/**
 * Booking logic of the mini-program as plain functions (unit-tested in test/booking.test.ts):
 * Asia/Shanghai calendar, rule texts, the day strip, slot picking, statuses.
 * From shared: types, and the zod-free words in shared/src/labels.ts (no zod in the bundle).
 */
import type { Booking, BookingStatus, Slot } from '@shared/api/booking';
import type { Blackout, OpeningHours, RoomRules, Station } from '@shared/api/venues';

export { STATION_KIND_LABELS } from '@shared/labels';

export const MY_BOOKINGS_URL = '/pages/bookings/index';
export const bookingDetailUrl = (id: string) => `/pages/bookings/detail?id=${encodeURIComponent(id)}`;
export const stationUrl = (id: string) => `/pages/station/index?id=${encodeURIComponent(id)}`;
export const roomUrl = (id: string) => `/pages/room/index?id=${encodeURIComponent(id)}`;

// ---- Asia/Shanghai calendar ---------------------------------------------------------------

const CST_MS = 8 * 3600_000;

/** Today's date in Asia/Shanghai, YYYY-MM-DD, whatever the device's zone. */
export function cstToday(now: Date = new Date()): string {
  return new Date(now.getTime() + CST_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday of a calendar date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The instant (ms) of a Shanghai local date + HH:mm (24:00 allowed). */
export function cstInstant(date: string, hhmm: string): number {
  return Date.parse(`${date}T00:00:00Z`) - CST_MS + toMinutes(hhmm) * 60_000;
}

export const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const WEEKDAY_LABELS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** "M月D日 周X" of a date. */
export function dateLabel(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日 ${WEEKDAY_LABELS[weekdayOf(date)]}`;
}

export interface DayChip {
  date: string;
  /** 今天 / 明天 / 周X */
  label: string;
  /** M/D */
  short: string;
}

/** The strip of bookable days: today … today + maxDaysAhead. */
export function dayStrip(maxDaysAhead: number, now: Date = new Date()): DayChip[] {
  const today = cstToday(now);
  const out: DayChip[] = [];
  for (let i = 0; i <= maxDaysAhead; i++) {
    const date = addDays(today, i);
    const [, m, d] = date.split('-').map(Number);
    out.push({ date, label: i === 0 ? '今天' : i === 1 ? '明天' : WEEKDAY_LABELS[weekdayOf(date)], short: `${m}/${d}` });
  }
  return out;
}

// ---- Rules and opening hours in plain Chinese -----------------------------------------------

/** 30 分钟 / 2 小时 / 1 小时 30 分钟 / 1 天 */
export function formatDuration(minutes: number): string {
  if (minutes > 0 && minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} 天`;
  if (minutes % 60 === 0) return `${minutes / 60} 小时`;
  if (minutes > 60) return `${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分钟`;
  return `${minutes} 分钟`;
}

export function ruleLines(rules: RoomRules, requiresApproval: boolean): string[] {
  return [
    rules.minNoticeMinutes > 0 ? `需提前 ${formatDuration(rules.minNoticeMinutes)}预约` : '可随时预约',
    `最多提前 ${rules.maxDaysAhead} 天预约`,
    `单次最长 ${formatDuration(rules.maxMinutes)}`,
    `每人每周最多 ${rules.weeklyQuota} 次`,
    requiresApproval ? '需工作人员审核' : '无需审核，提交即预约成功',
  ];
}

/** Monday first, as Chinese calendars show it. */
const WEEK_ORDER: Array<keyof OpeningHours> = ['1', '2', '3', '4', '5', '6', '0'];

export function openingHoursLines(hours: OpeningHours): Array<{ day: string; text: string }> {
  return WEEK_ORDER.map((key) => ({
    day: WEEKDAY_LABELS[Number(key)],
    text: hours[key].length === 0 ? '休息' : hours[key].map((i) => `${i.open}–${i.close}`).join('、'),
  }));
}

/** "M月D日 HH:mm–HH:mm" or "M月D日 全天" of a blackout (local date-times). */
export function blackoutText(b: Blackout): string {
  const [sd, st] = b.start.split('T');
  const [ed, et] = b.end.split('T');
  const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  if (sd === ed && st === '00:00' && et === '24:00') return `${md(sd)} 全天`;
  if (sd === ed) return `${md(sd)} ${st}–${et}`;
  return `${md(sd)} ${st} 至 ${md(ed)} ${et}`;
}

/** Blackouts not over yet, in order. */
export function upcomingBlackouts(blackouts: Blackout[], now: Date = new Date()): Blackout[] {
  const local = new Date(now.getTime() + CST_MS).toISOString().slice(0, 16);
  return blackouts.filter((b) => b.end > local).sort((a, b) => a.start.localeCompare(b.start));
}

export function formatDistance(metres: number | undefined): string {
  if (metres === undefined) return '';
  if (metres < 1000) return `${Math.round(metres)} 米`;
  return `${(metres / 1000).toFixed(1)} 公里`;
}

/** Stations grouped by community (communities and stations by name), when no location is known. */
export function groupByCommunity(stations: Station[]): Array<{ communityId: string; communityName: string; stations: Station[] }> {
  const groups = new Map<string, { communityId: string; communityName: string; stations: Station[] }>();
  for (const s of stations) {
    const g = groups.get(s.communityId) ?? { communityId: s.communityId, communityName: s.communityName, stations: [] };
    g.stations.push(s);
    groups.set(s.communityId, g);
  }
  const zh = (a: string, b: string) => a.localeCompare(b, 'zh-Hans-CN');
  return [...groups.values()]
    .sort((a, b) => zh(a.communityName, b.communityName))
    .map((g) => ({ ...g, stations: [...g.stations].sort((a, b) => zh(a.name, b.name)) }));
}

// ---- Slot picking ----------------------------------------------------------------------------

/** Indexes (inclusive) into the day's slots. */
export interface SlotRange {
  from: number;
  to: number;
}

export interface TapResult {
  selection: SlotRange | null;
  /** A short reason to show when the tap could not do what the user wanted. */
  message?: string;
}

const UNAVAILABLE: Record<Exclude<Slot['state'], 'free'>, string> = {
  taken: '该时段已被预约',
  mine: '这是您已预约的时段',
  closed: '该时段不开放',
  past: '该时段已过',
  notice: '该时段太近，已不能预约',
  quota: '本周预约次数已用完',
};

/** Short words of each slot state on the grid. */
export const SLOT_STATE_LABELS: Record<Slot['state'], string> = {
  free: '可约',
  taken: '已约',
  mine: '我的预约',
  closed: '不开放',
  past: '已过',
  notice: '需提前约',
  quota: '已满额',
};

/** Why a slot cannot be booked, as the grid says it under the cells (distinct, in order). */
export function slotReasons(slots: Slot[]): string[] {
  const out: string[] = [];
  for (const s of slots) {
    if (s.reason && s.state !== 'mine' && s.state !== 'past' && s.reason !== '不在开放时间' && !out.includes(s.reason)) out.push(s.reason);
  }
  return out;
}

/**
 * A day the room cannot be booked at all, for the day strip: 休息 (no opening hours that
 * weekday) or 停用 (a blackout covers all of its hours); undefined when bookable.
 */
export function closedDayMark(date: string, hours: OpeningHours, blackouts: Blackout[]): '休息' | '停用' | undefined {
  const intervals = hours[String(weekdayOf(date)) as keyof OpeningHours];
  if (intervals.length === 0) return '休息';
  const covered = blackouts.some((b) => intervals.every((i) => b.start <= `${date}T${i.open}` && `${date}T${i.close}` <= b.end));
  return covered ? '停用' : undefined;
}

function contiguousFree(slots: Slot[], from: number, to: number): boolean {
  for (let i = from; i <= to; i++) {
    if (slots[i]?.state !== 'free') return false;
    if (i > from && slots[i - 1].end !== slots[i].start) return false;
  }
  return true;
}

/**
 * One tap on slot `index`:
 * - a slot that is not free: nothing changes, the reason is returned;
 * - nothing selected: that slot;
 * - the only selected slot: clears the selection;
 * - inside the selection: the selection ends there (shrinks);
 * - outside: extends the selection to it when every slot between is free and the length
 *   stays within `maxMinutes`; across a taken/closed slot it starts a new selection there;
 *   over the maximum length it keeps the selection and says so.
 */
export function tapSlot(slots: Slot[], selection: SlotRange | null, index: number, maxMinutes: number, slotMinutes = 30): TapResult {
  const slot = slots[index];
  if (!slot) return { selection };
  if (slot.state !== 'free') return { selection, message: slot.state === 'closed' || slot.state === 'notice' || slot.state === 'quota' ? (slot.reason ?? UNAVAILABLE[slot.state]) : UNAVAILABLE[slot.state] };
  if (!selection || !contiguousFree(slots, selection.from, selection.to)) return { selection: { from: index, to: index } };
  if (selection.from === index && selection.to === index) return { selection: null };
  if (index >= selection.from && index <= selection.to) return { selection: { from: selection.from, to: index } };
  const from = Math.min(selection.from, index);
  const to = Math.max(selection.to, index);
  if (!contiguousFree(slots, from, to)) {
    return { selection: { from: index, to: index }, message: '所选时段须连续，已从此处重新选择' };
  }
  if ((to - from + 1) * slotMinutes > maxMinutes) {
    return { selection, message: `单次最长可预约 ${formatDuration(maxMinutes)}` };
  }
  return { selection: { from, to } };
}

/** The selection as times, or null when it no longer fits the (refreshed) slots. */
export function selectionTimes(slots: Slot[], selection: SlotRange | null): { start: string; end: string; minutes: number } | null {
  if (!selection || !contiguousFree(slots, selection.from, selection.to)) return null;
  const start = slots[selection.from].start;
  const end = slots[selection.to].end;
  return { start, end, minutes: toMinutes(end) - toMinutes(start) };
}

// ---- Booking form ---------------------------------------------------------------------------

export interface BookingFormValues {
  purpose: string;
  attendees: string;
  contactPhone: string;
}

/** Client-side checks of the form (the server checks again); field → Chinese message. */
export function validateBookingForm(v: BookingFormValues, capacity: number): Partial<Record<keyof BookingFormValues, string>> {
  const errors: Partial<Record<keyof BookingFormValues, string>> = {};
  const purpose = v.purpose.trim();
  if (purpose.length < 2) errors.purpose = '请填写用途（至少 2 个字）';
  else if (purpose.length > 100) errors.purpose = '用途不超过 100 字';
  const n = Number(v.attendees.trim());
  if (v.attendees.trim() === '' || !Number.isInteger(n) || n < 1) errors.attendees = '请填写参加人数（至少 1 人）';
  else if (n > capacity) errors.attendees = `该房间最多容纳 ${capacity} 人`;
  const phone = v.contactPhone.trim();
  if (phone !== '' && !/^1[3-9]\d{9}$/.test(phone)) errors.contactPhone = '请填写正确的 11 位手机号';
  return errors;
}

// ---- Statuses --------------------------------------------------------------------------------

export { BOOKING_STATUS_LABELS as STATUS_LABELS } from '@shared/labels';

/** Booking window of a booking, as instants. */
function span(b: Pick<Booking, 'date' | 'start' | 'end'>): { start: number; end: number } {
  return { start: cstInstant(b.date, b.start), end: cstInstant(b.date, b.end) };
}

/** Cancel is offered for live bookings that have not ended. */
export function canCancel(b: Pick<Booking, 'status' | 'date' | 'start' | 'end'>, now: Date = new Date()): boolean {
  return (b.status === 'pending' || b.status === 'approved') && now.getTime() < span(b).end;
}

export const CHECK_IN_WINDOW_MINUTES = 15;

/** 'open' inside the check-in window, 'early' before it, 'closed' after it or for other statuses. */
export function checkInState(b: Pick<Booking, 'status' | 'date' | 'start' | 'end'>, now: Date = new Date()): 'open' | 'early' | 'closed' {
  if (b.status !== 'approved') return 'closed';
  const start = span(b).start;
  const t = now.getTime();
  if (t < start - CHECK_IN_WINDOW_MINUTES * 60_000) return 'early';
  if (t > start + CHECK_IN_WINDOW_MINUTES * 60_000) return 'closed';
  return 'open';
}

/** Rating: once, after the end, for bookings that were checked in. */
export function canRate(b: Pick<Booking, 'status' | 'date' | 'start' | 'end' | 'rating'>, now: Date = new Date()): boolean {
  return b.status === 'checked_in' && !b.rating && now.getTime() >= span(b).end;
}

/** Newest first: by date, then start. */
export function sortNewestFirst<T extends Pick<Booking, 'date' | 'start'>>(items: T[]): T[] {
  return [...items].sort((a, b) => `${b.date} ${b.start}`.localeCompare(`${a.date} ${a.start}`));
}

/**
 * 我的预约 in two groups: upcoming (live or checked in, not ended yet) soonest first, then
 * history (ended, cancelled, rejected, no-show) newest first.
 */
export function splitUpcoming<T extends Pick<Booking, 'status' | 'date' | 'start' | 'end'>>(items: T[], now: Date = new Date()): { upcoming: T[]; history: T[] } {
  const isUpcoming = (b: T) => (b.status === 'pending' || b.status === 'approved' || b.status === 'checked_in') && now.getTime() < span(b).end;
  return { upcoming: sortSoonestFirst(items.filter(isUpcoming)), history: sortNewestFirst(items.filter((b) => !isUpcoming(b))) };
}

/** "12月1日 08:15" from which check-in opens (15 minutes before the start). */
export function checkInOpensText(b: Pick<Booking, 'date' | 'start'>): string {
  const opens = new Date(cstInstant(b.date, b.start) - CHECK_IN_WINDOW_MINUTES * 60_000 + CST_MS).toISOString();
  return `${Number(opens.slice(5, 7))}月${Number(opens.slice(8, 10))}日 ${opens.slice(11, 16)}`;
}

/** Soonest first: by date, then start. */
export function sortSoonestFirst<T extends Pick<Booking, 'date' | 'start'>>(items: T[]): T[] {
  return [...items].sort((a, b) => `${a.date} ${a.start}`.localeCompare(`${b.date} ${b.start}`));
}

/** A day's bookings grouped by room (rooms by name), each room's by start time. */
export function groupByRoom<T extends Pick<Booking, 'roomId' | 'roomName' | 'start' | 'date'>>(items: T[]): Array<{ roomId: string; roomName: string; items: T[] }> {
  const groups = new Map<string, { roomId: string; roomName: string; items: T[] }>();
  for (const b of items) {
    const g = groups.get(b.roomId) ?? { roomId: b.roomId, roomName: b.roomName, items: [] };
    g.items.push(b);
    groups.set(b.roomId, g);
  }
  return [...groups.values()]
    .sort((a, b) => a.roomName.localeCompare(b.roomName, 'zh-Hans-CN'))
    .map((g) => ({ ...g, items: sortSoonestFirst(g.items) }));
}

/** Reject reasons and similar: trimmed, at least `min` characters. */
export function reasonError(reason: string, min = 2): string | undefined {
  return reason.trim().length < min ? `请填写原因（至少 ${min} 个字）` : undefined;
}
