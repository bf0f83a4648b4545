/**
 * Registrations 报名: one per person per activity (with up to 3 companions, all or nothing),
 * a FIFO waitlist with positions, and automatic promotion in the same transaction as the
 * change that frees the seats (a cancellation, or more capacity).
 */
import { createHash } from 'node:crypto';
import type { Registration } from '@shared/api/activities';
import { authorize, type Principal } from '../lib/authorize';
import { appError, conflict, forbidden, notFound, ruleBroken } from '../lib/errors';
import type { Page } from '../lib/dynamo';
import { jwtSecret } from '../lib/secrets';
import { nowIso } from '../lib/time';
import { getBlock } from '../booking/storage';
import type { ActivityRecord, RegistrationRecord } from './model';
import { at, blockedForNoShows, checkSignUp, confirmsAtOnce, effectiveStatus, HOLDS_SEAT, MAX_PROMOTIONS_PER_CHANGE, planPromotion, seatsOf, ticketFor } from './rules';
import {
  activitiesByIds,
  getActivity,
  getRegistration,
  insertRegistration,
  leaveAndPromote,
  registrationRef,
  registrationsOf,
  registrationsOfUser,
  waitHeads,
  waitPosition,
  type Promotion,
} from './storage';

/** How often a change re-reads and tries again when seats moved under it. */
const ATTEMPTS = 25;
const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));

/** One registration id per person and activity: signing up again after cancelling keeps it. */
export const registrationId = (activityId: string, userId: string) => createHash('sha256').update(`${activityId}\n${userId}`).digest('base64url').slice(0, 22);

export function registrationView(r: RegistrationRecord, a: ActivityRecord | undefined, now: Date, extras: { position?: number; ticket?: string } = {}): Registration {
  const { waitOrder: _w, clientToken: _c, ...rest } = r;
  return {
    ...rest,
    activityStatus: a ? effectiveStatus(a, now) : 'published',
    ...(r.status === 'waitlisted' && extras.position ? { position: extras.position } : {}),
    ...(extras.ticket && HOLDS_SEAT.includes(r.status) ? { ticket: extras.ticket } : {}),
  };
}

/** The owner's view: the waitlist position (a consistent count) and the personal check-in ticket. */
async function ownerView(r: RegistrationRecord, a: ActivityRecord | undefined, now: Date): Promise<Registration> {
  const position = r.status === 'waitlisted' && r.waitOrder ? await waitPosition(r.activityId, r.waitOrder) : undefined;
  const ticket = HOLDS_SEAT.includes(r.status) ? ticketFor(await jwtSecret(), r.id) : undefined;
  return registrationView(r, a, now, { position, ticket });
}

export async function myLiveRegistration(a: ActivityRecord, userId: string): Promise<RegistrationRecord | undefined> {
  const r = await getRegistration(a.id, userId);
  return r && r.status !== 'cancelled' ? r : undefined;
}

export { ownerView as ownRegistrationView };

/** Confirmed at once while seats fit and nobody waits; else the end of the waitlist. Idempotent by clientToken. */
export async function signUp(principal: Principal, activityId: string, req: { companions: number; clientToken: string }, now = new Date()): Promise<{ registration: Registration; replayed: boolean }> {
  authorize(principal, 'activity:signUp', { kind: 'none' });
  let a = await getActivity(activityId, true);
  if (!a || a.status === 'draft') throw notFound('活动');
  const existing = await getRegistration(activityId, principal.userId);
  if (existing && existing.status !== 'cancelled') return { registration: await replay(existing, a, req.clientToken, now), replayed: true };
  checkSignUp(a, { member: principal.roles.member }, req.companions, now);
  const id = registrationId(activityId, principal.userId);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const confirmed = confirmsAtOnce(a, 1 + req.companions);
    const r: RegistrationRecord = {
      id,
      activityId,
      userId: principal.userId,
      userName: principal.user.nickname,
      companions: req.companions,
      status: confirmed ? 'confirmed' : 'waitlisted',
      // Arrival order: the time this place is taken, then the id (unique within the partition).
      ...(confirmed ? {} : { waitOrder: `${String(Date.now()).padStart(13, '0')}#${id}` }),
      clientToken: req.clientToken,
      createdAt: nowIso(now),
      activityTitle: a.title,
      activityStart: a.start,
      activityEnd: a.end,
      placeName: a.placeName,
    };
    const outcome = await insertRegistration(r, a.capacity, now.getTime());
    if (outcome === 'ok') return { registration: await ownerView(r, a, now), replayed: false };
    if (outcome === 'registered') {
      const mine = await getRegistration(activityId, principal.userId);
      if (mine && mine.status !== 'cancelled') return { registration: await replay(mine, a, req.clientToken, now), replayed: true };
    } else if (outcome === 'blocked') {
      const block = await getBlock(principal.userId, 'activity');
      throw blockedForNoShows(block?.untilMs ?? now.getTime());
    }
    // Seats or the waitlist moved (or the activity changed): read again and decide again.
    a = await getActivity(activityId, true);
    if (!a) throw notFound('活动');
    checkSignUp(a, { member: principal.roles.member }, req.companions, now);
    await pause(attempt);
  }
  throw appError('SERVICE_BUSY');
}

/** The same clientToken again answers with the registration it made; another one is a second sign-up. */
async function replay(r: RegistrationRecord, a: ActivityRecord, clientToken: string, now: Date): Promise<Registration> {
  if (r.clientToken !== clientToken) throw conflict('ALREADY_REGISTERED', r.status === 'waitlisted' ? '您已在候补名单中' : '您已报名该活动');
  return ownerView(r, a, now);
}

/**
 * The seats and waitlist after `leaving` gives up its registration and/or the capacity
 * becomes `capacity`, with the waitlist heads that now fit (read consistently).
 */
export async function promotionAfter(a: ActivityRecord, change: { capacity?: number; leaving?: RegistrationRecord }): Promise<Promotion> {
  const { leaving } = change;
  const capacity = change.capacity ?? a.capacity;
  const taken = a.taken - (leaving && HOLDS_SEAT.includes(leaving.status) ? seatsOf(leaving) : 0);
  const waitCount = a.waitCount - (leaving?.status === 'waitlisted' ? 1 : 0);
  const free = capacity - taken;
  let promoted: Promotion['promoted'] = [];
  if (free > 0 && waitCount > 0 && a.status === 'published') {
    const heads = await waitHeads(a.id, Math.min(free, MAX_PROMOTIONS_PER_CHANGE) + 2);
    promoted = planPromotion(
      free,
      heads.filter((h) => h.order !== leaving?.waitOrder),
    );
  }
  return {
    seenTaken: a.taken,
    seenWaitCount: a.waitCount,
    taken: taken + promoted.reduce((n, p) => n + p.seats, 0),
    waitCount: waitCount - promoted.length,
    promoted,
  };
}

/**
 * The owner cancels: a confirmed place up to the cancel deadline, a waitlist place until the
 * start. The first waitlisted people who fit are confirmed in the same transaction.
 */
export async function cancelRegistration(principal: Principal, id: string, now = new Date()): Promise<Registration> {
  const ref = await registrationRef(id);
  if (!ref) throw notFound('报名');
  if (ref.userId !== principal.userId) throw forbidden('只能取消自己的报名');
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const [a, r] = await Promise.all([getActivity(ref.activityId, true), getRegistration(ref.activityId, ref.userId)]);
    if (!a || !r) throw notFound('报名');
    if (r.status !== 'confirmed' && r.status !== 'waitlisted') throw conflict('STATUS_CHANGED', '该报名已取消或已签到，不能取消');
    if (a.status === 'cancelled') throw ruleBroken('ACTIVITY_CANCELLED', '活动已取消，无需再取消报名');
    if (now >= at(a.start)) throw ruleBroken('TOO_LATE', '活动已开始，不能取消报名');
    if (r.status === 'confirmed' && now >= at(a.cancelDeadline)) throw ruleBroken('CANCEL_DEADLINE_PASSED', '已过取消截止时间，不能取消报名');
    const p = await promotionAfter(a, { leaving: r });
    if (await leaveAndPromote(r, p)) {
      // Notifications: the promoted people (p.promoted) are to be told here once the inbox (#11) lands.
      return registrationView({ ...r, status: 'cancelled' }, a, now);
    }
    await pause(attempt);
  }
  throw appError('SERVICE_BUSY');
}

export async function myRegistrations(principal: Principal, page: { limit: number; cursor?: string }, now = new Date()): Promise<Page<Registration>> {
  const { items, nextCursor } = await registrationsOfUser(principal.userId, page);
  const activities = await activitiesByIds(items.map((r) => r.activityId));
  const views = await Promise.all(items.map((r) => ownerView(r, activities.get(r.activityId), now)));
  return { items: views, ...(nextCursor ? { nextCursor } : {}) };
}

/** Staff: who holds a place (confirmed, checked in, no-show); waitlisted people are never attendees. */
export async function attendees(a: ActivityRecord, page: { limit: number; cursor?: string }, now = new Date()): Promise<Page<Registration>> {
  const { items, nextCursor } = await registrationsOf(a.id, ['confirmed', 'checked_in', 'no_show'], page);
  return { items: items.map((r) => registrationView(r, a, now)), ...(nextCursor ? { nextCursor } : {}) };
}
