/**
 * Registrations 报名: one per person per activity (with up to 3 companions, all or nothing),
 * a FIFO waitlist with positions, and automatic promotion in the same transaction as the
 * change that frees the seats (a cancellation, or more capacity).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Registration } from '@shared/api/activities';
import { authorize, type Principal } from '../lib/authorize';
import { AppError, appError, conflict, forbidden, notFound, ruleBroken } from '../lib/errors';
import type { Page } from '../lib/dynamo';
import { jwtSecret } from '../lib/secrets';
import { nowIso } from '../lib/time';
import { getBlock } from '../booking/storage';
import { homeBuildingOf } from '../auth/domain';
import { reportInBuildingOf } from '../members/domain';
import { activityEventWrites } from '../messages/events';
import type { ActivityRecord, RegistrationRecord, WaitPlace } from './model';
import { at, blockedForNoShows, checkSignUp, type SignUpPerson, confirmsAtOnce, effectiveStatus, HOLDS_SEAT, MAX_PROMOTIONS_PER_CHANGE, planPromotion, seatsOf, ticketFor } from './rules';
import {
  activitiesByIds,
  getActivity,
  getRegistration,
  insertRegistration,
  leaveAndPromote,
  promoteWaiting,
  takeFillerLease,
  dropFillerLease,
  registrationRef,
  registrationsOf,
  registrationsOfUser,
  waitHeads,
  waitPosition,
  type Promotion,
} from './storage';

/**
 * Sign-ups and cancellations of one activity meet on its META counters and the waitlist's
 * head: one that finds them moved (a condition failed, or DynamoDB reports a conflicting
 * transaction) reads again and tries again, after a short full-jitter pause, for at most
 * RETRY_FOR_MS (the functions' timeout is 28 s) and MAX_ATTEMPTS; then 503 SERVICE_BUSY.
 * Conditions are relative wherever the rules allow (see storage.ts Promotion.exact) and
 * cancellations that lose the head leave promotion to one filler, so a rush costs O(n)
 * transactions, not n rounds of n.
 */
const RETRY_FOR_MS = 20_000;
const MAX_ATTEMPTS = 200;
const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 4 * attempt)));

/**
 * Runs `attempt` until it returns a result (not undefined), pausing between tries; a
 * SERVICE_BUSY from a transaction that kept conflicting counts as one more try.
 */
async function untilSettled<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + RETRY_FOR_MS;
  for (let n = 1; n <= MAX_ATTEMPTS && Date.now() < until; n++) {
    try {
      const out = await attempt();
      if (out !== undefined) return out;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'SERVICE_BUSY')) throw err;
    }
    await pause(n);
  }
  throw appError('SERVICE_BUSY');
}

/** The buildings a person lives in, as far as we know: their report-in 报到 building and their home 我家 on the profile. */
async function buildingsOf(userId: string): Promise<string[]> {
  const found = await Promise.all([reportInBuildingOf(userId), homeBuildingOf(userId)]);
  return [...new Set(found.filter((b): b is string => Boolean(b)))];
}

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
async function ownerView(r: RegistrationRecord, a: ActivityRecord | undefined, now: Date, knownPosition?: number): Promise<Registration> {
  const position = r.status === 'waitlisted' && r.waitOrder ? (knownPosition ?? (await waitPosition(r.activityId, r.waitOrder))) : undefined;
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
  const read = await getActivity(activityId, true);
  if (!read || read.status === 'draft') throw notFound('活动');
  let a: ActivityRecord = read;
  const existing = await getRegistration(activityId, principal.userId);
  if (existing && existing.status !== 'cancelled') return { registration: await replay(existing, a, req.clientToken, now), replayed: true };
  const who: SignUpPerson = { member: principal.roles.member, ...(a.audience === 'buildings' ? { buildingIds: await buildingsOf(principal.userId) } : {}) };
  checkSignUp(a, who, req.companions, now);
  const id = registrationId(activityId, principal.userId);
  let first = true;
  return untilSettled(async () => {
    if (!first) {
      // Seats or the waitlist moved (or the activity changed): read again and decide again.
      const again = await getActivity(activityId, true);
      if (!again) throw notFound('活动');
      a = again;
      checkSignUp(a, who, req.companions, now);
    }
    first = false;
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
    const told = activityEventWrites(a, { kind: confirmed ? 'signed_up' : 'waitlisted' }, [r.userId], now);
    const outcome = await insertRegistration(r, a.capacity, now.getTime(), told);
    // The place just taken: behind the people waiting when the transaction's condition held (no COUNT in a
    // rush: under one, two answers may name the same place for a moment; the detail's position is always a
    // consistent count).
    if (outcome === 'ok') return { registration: await ownerView(r, a, now, a.waitCount + 1), replayed: false };
    if (outcome === 'registered') {
      const mine = await getRegistration(activityId, principal.userId);
      if (mine && mine.status !== 'cancelled') return { registration: await replay(mine, a, req.clientToken, now), replayed: true };
    } else if (outcome === 'blocked') {
      const block = await getBlock(principal.userId, 'activity');
      throw blockedForNoShows(block?.untilMs ?? now.getTime());
    }
    return undefined;
  });
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
  let promoted: WaitPlace[] = [];
  if (free > 0 && waitCount > 0 && a.status === 'published') {
    const heads = await waitHeads(a.id, Math.min(free, MAX_PROMOTIONS_PER_CHANGE) + 2);
    promoted = planPromotion(
      free,
      heads.filter((h) => h.order !== leaving?.waitOrder),
    );
  }
  const filled = promoted.reduce((n, p) => n + p.seats, 0);
  return {
    seenTaken: a.taken,
    seenWaitCount: a.waitCount,
    capacity,
    taken: taken + filled,
    waitCount: waitCount - promoted.length,
    promoted,
    // Seats left free depend on who waits (someone may have joined since the read): guard the exact counters.
    // A plan that fills every seat it frees holds whatever else happened (see Promotion.exact).
    exact: free - filled > 0,
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
  // Set once this cancellation's promotion lost its heads to a concurrent change (see below).
  let contended = false;
  const view = await untilSettled(async () => {
    const [a, r] = await Promise.all([getActivity(ref.activityId, true), getRegistration(ref.activityId, ref.userId)]);
    if (!a || !r) throw notFound('报名');
    if (r.status !== 'confirmed' && r.status !== 'waitlisted') throw conflict('STATUS_CHANGED', '该报名已取消或已签到，不能取消');
    if (a.status === 'cancelled') throw ruleBroken('ACTIVITY_CANCELLED', '活动已取消，无需再取消报名');
    if (now >= at(a.start)) throw ruleBroken('TOO_LATE', '活动已开始，不能取消报名');
    if (r.status === 'confirmed' && now >= at(a.cancelDeadline)) throw ruleBroken('CANCEL_DEADLINE_PASSED', '已过取消截止时间，不能取消报名');
    const p = contended ? releaseOnly(a, r) : await promotionAfter(a, { leaving: r });
    // The promoted people are told in the same transaction (the one cancelling is not: it is their own act).
    const told = activityEventWrites(a, { kind: 'promoted' }, p.promoted.map((w) => w.userId), now);
    const outcome = await leaveAndPromote(r, p, told);
    if (outcome === 'ok') return registrationView({ ...r, status: 'cancelled' }, a, now);
    if (outcome === 'heads_taken') contended = true;
    return undefined;
  });
  if (contended) await fillFreeSeatsOnce(ref.activityId, now);
  return view;
}

/**
 * The seats a registration gives back, promoting nobody (a relative change). Used when many
 * cancel at once: n cancellations all aiming at the waitlist's head would need n rounds of n
 * transactions each; instead the ones that lost the head give their seats back and one filler
 * promotes the heads into them in batches (fillFreeSeatsOnce), within the same request. The
 * waitlist stays in order and seats never exceed capacity; a seat may stay free for that moment.
 */
function releaseOnly(a: ActivityRecord, r: RegistrationRecord): Promotion {
  const held = HOLDS_SEAT.includes(r.status) ? seatsOf(r) : 0;
  const waiting = r.status === 'waitlisted' ? 1 : 0;
  return { seenTaken: a.taken, seenWaitCount: a.waitCount, capacity: a.capacity, taken: a.taken - held, waitCount: a.waitCount - waiting, promoted: [], exact: false };
}

/** How long a filler may hold its lease before another may take over. */
const FILLER_LEASE_MS = 15_000;

/**
 * Fills free seats from the waitlist under a short lease, so that the cancellations of a rush
 * do not all fight over the same heads: whoever holds the lease fills; the others leave it to
 * them. The holder looks again after giving the lease back, so a seat given back while it held
 * the lease (by someone who then found the lease taken) is not left free.
 */
async function fillFreeSeatsOnce(activityId: string, now: Date): Promise<void> {
  const owner = randomUUID();
  for (let round = 0; round < 5; round++) {
    if (!(await takeFillerLease(activityId, owner, Date.now(), FILLER_LEASE_MS))) return;
    try {
      await fillFreeSeats(activityId, now);
    } finally {
      await dropFillerLease(activityId, owner);
    }
    const a = await getActivity(activityId, true);
    if (!a || (await promotionAfter(a, {})).promoted.length === 0) return;
  }
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

/**
 * Promotes the waitlist's heads into seats that are free (more capacity than one transaction
 * promotes), one transaction of heads after another, in order, until none fits. The counters after.
 */
export async function fillFreeSeats(activityId: string, now = new Date()): Promise<Pick<ActivityRecord, 'taken' | 'waitCount'> | undefined> {
  let last: Pick<ActivityRecord, 'taken' | 'waitCount'> | undefined;
  for (let round = 0; round < 200; round++) {
    const step = await untilSettled(async () => {
      const a = await getActivity(activityId, true);
      if (!a) throw notFound('活动');
      const p = await promotionAfter(a, {});
      if (p.promoted.length === 0) return { done: true, counters: { taken: a.taken, waitCount: a.waitCount } };
      const told = activityEventWrites(a, { kind: 'promoted' }, p.promoted.map((w) => w.userId), now);
      return (await promoteWaiting(a.id, p, told)) ? { done: false, counters: { taken: p.taken, waitCount: p.waitCount } } : undefined;
    });
    last = step.counters;
    if (step.done) break;
  }
  return last;
}
