/**
 * Check-in 签到: the attendee scans the activity's code, which the organiser's phone shows
 * and which changes every 30 seconds (an HMAC of the activity and the 30-second window, so a
 * screenshot stops working); or the organiser scans the attendee's personal QR (a signed
 * ticket of the registration). Confirmed people who never checked in become no-shows when
 * the activity ends; three in 60 days block sign-ups for 14 days (the booking block, generalised).
 */
import type { Registration } from '@shared/api/activities';
import type { Principal } from '../lib/authorize';
import { ruleBroken } from '../lib/errors';
import { logger } from '../lib/logger';
import { jwtSecret } from '../lib/secrets';
import { nowIso } from '../lib/time';
import { putBlock } from '../booking/storage';
import { activityEventWrites } from '../messages/events';
import { managedActivity, activityOr404 } from './activities';
import type { ActivityRecord, RegistrationRecord } from './model';
import {
  assertCheckInOpen,
  checkInCode,
  checkInWindow,
  CODE_PERIOD_SECONDS,
  codeWindow,
  isCurrentCode,
  localDateTime,
  NO_SHOW_BLOCK_DAYS,
  NO_SHOW_LIMIT,
  NO_SHOW_LOOKBACK_DAYS,
  registrationOfTicket,
  shown,
} from './rules';
import { registrationView } from './registrations';
import { activityNoShowsSince, endedActivityIds, finishNoShowSweep, getActivity, getRegistration, markCheckedIn, markNoShow, registrationRef, registrationsOf } from './storage';

/** The code the organiser's phone shows now, and when it changes. Only inside the check-in window. */
export async function currentCheckInCode(principal: Principal, activityId: string, now = new Date()): Promise<{ code: string; expiresAt: string; periodSeconds: number }> {
  const a = await managedActivity(principal, activityId);
  if (a.status !== 'published') throw ruleBroken('NOT_CHECKING_IN', a.status === 'cancelled' ? '活动已取消' : '活动未发布或已结束');
  const w = checkInWindow(a);
  if (now.getTime() < w.opens) throw ruleBroken('CHECK_IN_TOO_EARLY', `${shown(w.opens)} 起可签到（开始前 30 分钟）`);
  if (now.getTime() > w.closes) throw ruleBroken('CHECK_IN_CLOSED', '活动已结束，签到已关闭');
  const window = codeWindow(now.getTime());
  return {
    code: checkInCode(await jwtSecret(), a.id, window),
    expiresAt: nowIso(new Date((window + 1) * CODE_PERIOD_SECONDS * 1000)),
    periodSeconds: CODE_PERIOD_SECONDS,
  };
}

async function checkInOnce(a: ActivityRecord, r: RegistrationRecord, now: Date): Promise<Registration> {
  const checkedInAt = nowIso(now);
  if (!(await markCheckedIn(r, checkedInAt))) throw ruleBroken('ALREADY_CHECKED_IN', '已经签到过了');
  return registrationView({ ...r, status: 'checked_in', checkedInAt }, a, now);
}

/** The attendee scanned the organiser's screen. */
export async function checkInWithCode(principal: Principal, activityId: string, code: string, now = new Date()): Promise<Registration> {
  const a = await activityOr404(activityId);
  const r = assertCheckInOpen(a, await getRegistration(a.id, principal.userId), now);
  if (!isCurrentCode(await jwtSecret(), a.id, code.trim(), now.getTime())) {
    throw ruleBroken('WRONG_CODE', '签到码无效或已过期，请扫描工作人员手机上的最新签到码', [{ path: 'code', message: '签到码已过期' }]);
  }
  return checkInOnce(a, r, now);
}

/** The organiser scanned the attendee's own QR. */
export async function checkInByTicket(principal: Principal, activityId: string, ticket: string, now = new Date()): Promise<Registration> {
  const a = await managedActivity(principal, activityId);
  const wrong = () => ruleBroken('WRONG_TICKET', '不是本活动的报名二维码', [{ path: 'ticket', message: '二维码无效' }]);
  const id = registrationOfTicket(await jwtSecret(), ticket.trim());
  if (!id) throw wrong();
  const ref = await registrationRef(id);
  if (!ref || ref.activityId !== a.id) throw wrong();
  const r = assertCheckInOpen(a, await getRegistration(a.id, ref.userId), now);
  return checkInOnce(a, r, now);
}

/** The sweeper looks this many days back (an activity's watch stays until swept). */
const SWEEP_DAYS = 3;

/**
 * Every 5 minutes: for each published activity that ended, confirmed registrations become
 * no-shows (each with its record, one transaction per person), a third no-show in 60 days
 * blocks sign-ups for 14 days, and the activity stops being watched. Safe to run twice.
 */
export async function sweepActivityNoShows(now = new Date()): Promise<{ activities: number; noShows: number; failed: number }> {
  const days = Array.from({ length: SWEEP_DAYS }, (_, i) => localDateTime(new Date(now.getTime() - i * 86_400_000)).slice(0, 10));
  const ids = (await Promise.all(days.map((d) => endedActivityIds(d, now.getTime())))).flat();
  let noShows = 0;
  let failed = 0;
  for (const id of ids) {
    try {
      const a = await getActivity(id, true);
      if (!a) continue;
      if (a.status === 'published' || a.status === 'settled') {
        let cursor: string | undefined;
        do {
          const page = await registrationsOf(a.id, ['confirmed'], { limit: 50, cursor });
          for (const r of page.items) {
            if (!(await markNoShow(r, now.getTime(), activityEventWrites(a, { kind: 'no_show' }, [r.userId], now)))) continue;
            noShows++;
            const recent = await activityNoShowsSince(r.userId, now.getTime() - NO_SHOW_LOOKBACK_DAYS * 86_400_000);
            if (recent >= NO_SHOW_LIMIT) {
              await putBlock(r.userId, now.getTime() + NO_SHOW_BLOCK_DAYS * 86_400_000, `${NO_SHOW_LOOKBACK_DAYS} 天内 ${recent} 次报名活动未签到`, 'activity');
            }
          }
          cursor = page.nextCursor;
        } while (cursor);
      }
      await finishNoShowSweep(a);
    } catch (err) {
      logger.error('activity no-show sweep failed for an activity', { activityId: id, error: (err as Error).message });
      failed++;
    }
  }
  return { activities: ids.length, noShows, failed };
}
