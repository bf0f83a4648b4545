/**
 * The activity rules as plain functions of their inputs: statuses, windows, seats and the
 * waitlist, the rotating check-in code and personal tickets. No I/O; `now` is passed in.
 * Times are Asia/Shanghai wall-clock `YYYY-MM-DDTHH:mm`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ActivityStatus, RegistrationStatus } from '@shared/api/activities';
import { ruleBroken } from '../lib/errors';
import { inChina } from '../lib/time';
import { instant } from '../booking/rules';
import type { ActivityRecord, RegistrationRecord, WaitPlace } from './model';

/** The check-in code on the organiser's phone changes this often. */
export const CODE_PERIOD_SECONDS = 30;
/** Check-in opens this long before the start (and closes at the end). */
export const CHECK_IN_OPENS_MINUTES = 30;
export const NO_SHOW_LIMIT = 3;
export const NO_SHOW_LOOKBACK_DAYS = 60;
export const NO_SHOW_BLOCK_DAYS = 14;
/**
 * At most this many promotions in one transaction: 5 items each (registration, waitlist place,
 * and the promoted person's inbox message, its counter and its subscription-outbox item) next
 * to the few of the change itself, 100 items at most.
 */
export const MAX_PROMOTIONS_PER_CHANGE = 18;

/** The instant of a local `YYYY-MM-DDTHH:mm`. */
export const at = (local: string): Date => instant(local.slice(0, 10), local.slice(11, 16));
/** `M月D日 HH:mm` of an instant, for messages. */
export const shown = (ms: number | Date): string => inChina(ms).format('M月D日 HH:mm');
/** The local wall-clock `YYYY-MM-DDTHH:mm` of an instant. */
export const localDateTime = (d: Date): string => inChina(d).format('YYYY-MM-DDTHH:mm');

/** What the API shows: published becomes ongoing at the start and ended at the end. */
export function effectiveStatus(a: Pick<ActivityRecord, 'status' | 'start' | 'end'>, now: Date): ActivityStatus {
  if (a.status !== 'published') return a.status;
  if (now >= at(a.end)) return 'ended';
  if (now >= at(a.start)) return 'ongoing';
  return 'published';
}

export const seatsOf = (r: Pick<RegistrationRecord, 'companions'>) => 1 + r.companions;
export const seatsLeft = (a: Pick<ActivityRecord, 'capacity' | 'taken'>) => Math.max(0, a.capacity - a.taken);
/** Registrations that hold seats (attendees); waitlisted people never do. */
export const HOLDS_SEAT: RegistrationStatus[] = ['confirmed', 'checked_in'];

/** Who is signing up, as the audience rules need it: a party member?, the buildings they live in (report-in, home). */
export interface SignUpPerson {
  member: boolean;
  buildingIds?: string[];
}

/** Every rule a sign-up must meet before its transaction; 422 with the reason in Chinese. */
export function checkSignUp(a: ActivityRecord, who: SignUpPerson, companions: number, now: Date): void {
  const status = effectiveStatus(a, now);
  if (status !== 'published') throw ruleBroken('NOT_OPEN_FOR_SIGN_UP', a.status === 'cancelled' ? '活动已取消' : status === 'draft' ? '活动尚未发布' : '活动已开始或已结束，不能报名');
  if (now < at(a.signUpOpens)) throw ruleBroken('SIGN_UP_NOT_OPEN', `${shown(at(a.signUpOpens))} 开始报名`);
  if (now >= at(a.signUpCloses)) throw ruleBroken('SIGN_UP_CLOSED', '报名已截止');
  if (a.audience === 'members' && !who.member) throw ruleBroken('MEMBERS_ONLY', '该活动仅限党员报名');
  if (a.audience === 'buildings' && !who.buildingIds?.some((b) => a.buildingIds?.includes(b))) {
    const names = (a.audienceBuildings ?? []).map((b) => b.name).join('、');
    const hint = who.buildingIds?.length ? '' : '。请先在“我的”中设置我家所在楼栋';
    throw ruleBroken('NOT_IN_BUILDINGS', `该活动仅限 ${names} 的居民报名${hint}`);
  }
  if (a.hours !== undefined && companions > 0) {
    throw ruleBroken('NO_COMPANIONS', '志愿服务活动须每人本人报名，不能带同行人', [{ path: 'companions', message: '志愿服务不能带同行人' }]);
  }
  if (1 + companions > a.capacity) throw ruleBroken('OVER_CAPACITY', `该活动共 ${a.capacity} 个名额`, [{ path: 'companions', message: '同行人数过多' }]);
}

/**
 * The waitlisted registrations to confirm when `free` seats open up: the heads of the queue,
 * in order, while each fits. A head that does not fit stops the promotion (no one behind it
 * may skip ahead), so positions are never skipped.
 */
export function planPromotion(free: number, heads: WaitPlace[]): WaitPlace[] {
  const out: WaitPlace[] = [];
  let left = free;
  for (const h of heads) {
    if (h.seats > left || out.length >= MAX_PROMOTIONS_PER_CHANGE) break;
    out.push(h);
    left -= h.seats;
  }
  return out;
}

/** A new sign-up is confirmed only while the seats fit and nobody is waiting (FIFO). */
export const confirmsAtOnce = (a: Pick<ActivityRecord, 'capacity' | 'taken' | 'waitCount'>, seats: number) => a.waitCount === 0 && a.taken + seats <= a.capacity;

/** Check-in is open from 30 minutes before the start to the end. */
export function checkInWindow(a: Pick<ActivityRecord, 'start' | 'end'>): { opens: number; closes: number } {
  return { opens: at(a.start).getTime() - CHECK_IN_OPENS_MINUTES * 60_000, closes: at(a.end).getTime() };
}

export function assertCheckInOpen(a: ActivityRecord, r: RegistrationRecord | undefined, now: Date): RegistrationRecord {
  if (a.status === 'cancelled') throw ruleBroken('ACTIVITY_CANCELLED', '活动已取消');
  if (!r || r.status === 'cancelled') throw ruleBroken('NOT_REGISTERED', '没有找到该活动的报名');
  if (r.status === 'waitlisted') throw ruleBroken('WAITLISTED', '候补中，尚未获得名额，不能签到');
  if (r.status === 'checked_in') throw ruleBroken('ALREADY_CHECKED_IN', '已经签到过了');
  if (r.status === 'no_show') throw ruleBroken('CHECK_IN_CLOSED', '签到时间已过');
  const w = checkInWindow(a);
  if (now.getTime() < w.opens) throw ruleBroken('CHECK_IN_TOO_EARLY', `${shown(w.opens)} 起可签到（开始前 ${CHECK_IN_OPENS_MINUTES} 分钟）`);
  if (now.getTime() > w.closes) throw ruleBroken('CHECK_IN_CLOSED', '活动已结束，签到已关闭');
  return r;
}

const mac = (secret: string, text: string, length: number) => createHmac('sha256', secret).update(text).digest('base64url').slice(0, length);

/** The code shown in window `window` (= floor(ms / 30 s)): an HMAC of the activity and the window. */
export function checkInCode(secret: string, activityId: string, window: number): string {
  return mac(secret, `activity-check-in:${activityId}:${window}`, 10);
}

export const codeWindow = (nowMs: number) => Math.floor(nowMs / (CODE_PERIOD_SECONDS * 1000));

/**
 * True for the current code and the one just before it (a scan that began as the code
 * changed); a screenshot older than that fails.
 */
export function isCurrentCode(secret: string, activityId: string, code: string, nowMs: number): boolean {
  const w = codeWindow(nowMs);
  return [w, w - 1].some((x) => safeEqual(checkInCode(secret, activityId, x), code));
}

/** A person's own QR content for an activity: the registration id and its signature. */
export function ticketFor(secret: string, registrationId: string): string {
  return `${registrationId}.${mac(secret, `activity-ticket:${registrationId}`, 16)}`;
}

/** The registration id a ticket names, or undefined when its signature does not hold. */
export function registrationOfTicket(secret: string, ticket: string): string | undefined {
  const [id, sig, extra] = ticket.split('.');
  if (!id || !sig || extra !== undefined) return undefined;
  return safeEqual(ticketFor(secret, id), ticket) ? id : undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function blockedForNoShows(untilMs: number) {
  return ruleBroken('BLOCKED_NO_SHOW', `${NO_SHOW_LOOKBACK_DAYS} 天内 ${NO_SHOW_LIMIT} 次报名活动未签到，${shown(untilMs)} 前暂停报名`);
}

/** A name for a public page: the first character, the rest masked (王秀兰 → 王**). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '*';
  return chars[0] + '*'.repeat(Math.max(1, Math.min(chars.length - 1, 3)));
}

export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/** Fields a published activity may no longer change (its room slots and its promise to those signed up). */
export const FIXED_AFTER_PUBLISH = ['kind', 'start', 'end', 'place', 'audience', 'buildingIds', 'hours'] as const;
