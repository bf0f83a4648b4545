/**
 * Volunteer hours 志愿服务时长: the organiser confirms attendance after the end (the checked-in
 * people by default, adjusted with a reason), which appends one ledger entry per person in
 * the transaction that settles the activity. The ledger is append-only; a person sees their
 * total and entries and prints a certificate that anyone can verify by its number (name
 * masked). Hours are a record, never a ranking: nothing here lists people by hours.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '../lib/authorize';
import { conflict, notFound, ruleBroken } from '../lib/errors';
import { nowIso } from '../lib/time';
import { activityOut, managedActivity } from './activities';
import { deliverSoon, hoursFanout } from './notices';
import type { HoursEntryRecord, RegistrationRecord } from './model';
import { at, hoursOf, maskName } from './rules';
import { getCertificate, hoursEntries, hoursTotal, registrationsOf, settleWithHours } from './storage';

async function allAttendees(activityId: string): Promise<RegistrationRecord[]> {
  const out: RegistrationRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await registrationsOf(activityId, ['confirmed', 'checked_in', 'no_show'], { limit: 50, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export async function confirmAttendance(principal: Principal, activityId: string, req: { userIds: string[]; reason?: string }, now = new Date()) {
  const a = await managedActivity(principal, activityId);
  if (a.hours === undefined) throw ruleBroken('NO_HOURS', '该活动不计志愿时长');
  if (a.status === 'settled') throw conflict('ALREADY_SETTLED', '该活动的志愿时长已确认');
  if (a.status !== 'published') throw ruleBroken('NOT_SETTLEABLE', a.status === 'cancelled' ? '活动已取消' : '活动尚未发布');
  if (now < at(a.end)) throw ruleBroken('NOT_ENDED', '活动结束后才能确认志愿时长');
  const registered = new Map((await allAttendees(a.id)).map((r) => [r.userId, r]));
  const chosen = [...new Set(req.userIds)];
  const strangers = req.userIds.map((id, i) => ({ id, i })).filter(({ id }) => !registered.has(id));
  if (strangers.length) throw ruleBroken('NOT_REGISTERED', '所选人员不在报名名单中', strangers.map(({ i }) => ({ path: `userIds.${i}`, message: '不在报名名单中' })));
  const checkedIn = [...registered.values()].filter((r) => r.status === 'checked_in').map((r) => r.userId);
  const adjusted = chosen.length !== checkedIn.length || chosen.some((id) => registered.get(id)!.status !== 'checked_in');
  if (adjusted && !req.reason) throw ruleBroken('REASON_REQUIRED', '出席名单与签到记录不同，请填写调整原因', [{ path: 'reason', message: '请填写调整原因' }]);
  const when = nowIso(now);
  const minutes = Math.round(a.hours * 60);
  const entries: HoursEntryRecord[] = chosen.map((userId) => ({
    id: randomUUID(),
    userId,
    activityId: a.id,
    activityTitle: a.title,
    stationId: a.stationId,
    stationName: a.stationName,
    minutes,
    kind: 'credit',
    ...(registered.get(userId)!.status !== 'checked_in' && req.reason ? { reason: req.reason } : {}),
    at: when,
    byUserId: principal.userId,
  }));
  // Each credited person is told: a fan-out on the work list in the settling transaction (49 people × 3 message items would not fit in it).
  const { item, fanout } = hoursFanout(a, chosen, a.hours, now);
  if (!(await settleWithHours(a, entries, entries.length ? [item] : []))) throw conflict('ALREADY_SETTLED', '该活动已被他人确认或修改，请刷新');
  if (entries.length) await deliverSoon(fanout);
  const settled = { ...a, status: 'settled' as const, version: a.version + 1 };
  return { activity: await activityOut(settled, now), credited: entries.length, hours: a.hours };
}

const entryView = (e: HoursEntryRecord) => ({
  id: e.id,
  activityId: e.activityId,
  activityTitle: e.activityTitle,
  stationName: e.stationName,
  hours: hoursOf(e.minutes),
  kind: e.kind,
  ...(e.reason ? { reason: e.reason } : {}),
  at: e.at,
});

export async function myVolunteerHours(principal: Principal, page: { limit: number; cursor?: string }) {
  const [total, entries] = await Promise.all([hoursTotal(principal.userId), hoursEntries(principal.userId, page)]);
  return { totalHours: hoursOf(total.minutes), entryCount: total.entries, items: entries.items.map(entryView), ...(entries.nextCursor ? { nextCursor: entries.nextCursor } : {}) };
}

/** Public: what a certificate says, the name masked. */
export async function verifyCertificate(number: string) {
  const c = await getCertificate(number);
  if (!c) throw notFound('证明');
  return { number: c.number, name: maskName(c.name), totalHours: hoursOf(c.minutes), activityCount: c.activityCount, stations: c.stations, issuedAt: c.issuedAt };
}
