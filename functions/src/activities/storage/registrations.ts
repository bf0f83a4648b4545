/** Registrations 报名 and the waitlist 候补 (REG#/WAIT# in the activity's partition), promotion and check-in. */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, fromItem, isConditionFailure, queryPage, type Item, type Page, type TxItem } from '../../lib/dynamo';
import { keys } from '../../lib/keys';
import { blockCheck } from '../../booking/storage';
import type { RegistrationRecord, WaitPlace } from '../model';
import { DAY_S, run, T } from './tx';

// ---- registrations and the waitlist ----

const regItem = (r: RegistrationRecord) => ({ ...keys.activityRegistration(r.activityId, r.userId), ...keys.userRegistrationIndex(r.userId, r.createdAt, r.id), entity: 'Registration', ...r });
const refPut = (r: RegistrationRecord): TxItem => ({
  Put: { TableName: T(), Item: { ...keys.registrationRef(r.id), entity: 'RegistrationRef', activityId: r.activityId, userId: r.userId } },
});

export type SignUpOutcome = 'ok' | 'seats_moved' | 'registered' | 'blocked';

/**
 * One sign-up transaction. Confirmed: META takes the seats if the capacity read still holds,
 * the seats still fit and nobody waits. Waitlisted: META counts one more waiting if it is
 * still full (or someone waits), and the WAIT item is put. Either way the registration
 * (absent or cancelled before), its ref, and the absence of a no-show block. `also`: the
 * sign-up's inbox message.
 */
export async function insertRegistration(r: RegistrationRecord, capacity: number, nowMs: number, also: TxItem[] = []): Promise<SignUpOutcome> {
  const seats = 1 + r.companions;
  const confirmed = r.status === 'confirmed';
  const meta: TxItem = {
    Update: {
      TableName: T(),
      Key: keys.activity(r.activityId),
      UpdateExpression: confirmed ? 'SET taken = taken + :seats' : 'SET waitCount = waitCount + :one',
      ConditionExpression: confirmed
        ? '#status = :published AND #capacity = :cap AND taken <= :max AND waitCount = :zero'
        : '#status = :published AND #capacity = :cap AND (taken > :max OR waitCount > :zero)',
      // `capacity` is one of DynamoDB's reserved words.
      ExpressionAttributeNames: { '#status': 'status', '#capacity': 'capacity' },
      ExpressionAttributeValues: { ':published': 'published', ':cap': capacity, ':max': capacity - seats, ':zero': 0, ...(confirmed ? { ':seats': seats } : { ':one': 1 }) },
    },
  };
  const items: TxItem[] = [
    meta,
    {
      Put: {
        TableName: T(),
        Item: regItem(r),
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :cancelled',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled' },
      },
    },
    refPut(r),
    blockCheck(r.userId, 'activity', nowMs),
  ];
  if (!confirmed) {
    const wait: WaitPlace = { order: r.waitOrder!, registrationId: r.id, userId: r.userId, seats };
    items.push({ Put: { TableName: T(), Item: { ...keys.activityWait(r.activityId, wait.order), entity: 'WaitPlace', ...wait }, ConditionExpression: 'attribute_not_exists(pk)' } });
  }
  // The person's inbox message rides along (after the items whose index the outcome reads).
  items.push(...also);
  const res = await run(items, { attempts: 3 });
  if (res.ok) return 'ok';
  if (res.failed.includes(1)) return 'registered';
  if (res.failed.includes(3)) return 'blocked';
  return 'seats_moved';
}

export async function getRegistration(activityId: string, userId: string, consistent = true): Promise<RegistrationRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.activityRegistration(activityId, userId), ConsistentRead: consistent }));
  return Item ? fromItem<RegistrationRecord>(Item) : undefined;
}

export async function registrationRef(registrationId: string): Promise<{ activityId: string; userId: string } | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.registrationRef(registrationId) }));
  return Item ? { activityId: String(Item.activityId), userId: String(Item.userId) } : undefined;
}

/** The first `limit` places of the waitlist, in order (consistent: promotions depend on it). */
export async function waitHeads(activityId: string, limit: number): Promise<WaitPlace[]> {
  const res = await ddb().send(
    new QueryCommand({
      TableName: T(),
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :w)',
      ExpressionAttributeValues: { ':p': keys.activityPartition(activityId), ':w': 'WAIT#' },
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map((i) => fromItem<WaitPlace>(i));
}

/** 1-based place in the waitlist of the WAIT item with this order key (a COUNT of the places up to it). */
export async function waitPosition(activityId: string, order: string): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Item | undefined;
  do {
    const res = await ddb().send(
      new QueryCommand({
        TableName: T(),
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':p': keys.activityPartition(activityId), ':from': 'WAIT#', ':to': `WAIT#${order}` },
        Select: 'COUNT',
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    count += res.Count ?? 0;
    ExclusiveStartKey = res.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

/** The seats and waitlist after a change, and who is promoted by it. */
export interface Promotion {
  /** The META counters as read (an exact change holds only if they still are). */
  seenTaken: number;
  seenWaitCount: number;
  /** The capacity the plan was made for. */
  capacity: number;
  taken: number;
  waitCount: number;
  promoted: WaitPlace[];
  /**
   * True when the plan depends on the exact counters read: it leaves seats free that a head
   * might fill (nobody else waits as far as it read, or the queue read ended). False when it
   * fills every seat it frees, or the next head does not fit what is left: then it is applied
   * as a relative change (ADD) that holds whatever other sign-ups and cancellations did
   * meanwhile, and only the promoted heads themselves (still waiting, same order) guard it.
   */
  exact: boolean;
}

/**
 * META must still hold the counters read, so two changes cannot both fill the same free
 * seat or both skip a head that did not fit.
 */
export const seatGuard = (p: Promotion) => ({
  condition: 'taken = :seenTaken AND waitCount = :seenWait',
  values: { ':seenTaken': p.seenTaken, ':seenWait': p.seenWaitCount },
});

/** META's part of a leave-and-promote: absolute and guarded by the counters read, or relative (see Promotion.exact). */
function seatChange(activityId: string, p: Promotion): TxItem {
  const Key = keys.activity(activityId);
  if (p.exact) {
    return {
      Update: {
        TableName: T(),
        Key,
        UpdateExpression: 'SET taken = :taken, waitCount = :wait',
        ConditionExpression: seatGuard(p).condition,
        ExpressionAttributeValues: { ':taken': p.taken, ':wait': p.waitCount, ...seatGuard(p).values },
      },
    };
  }
  const dTaken = p.taken - p.seenTaken;
  return {
    Update: {
      TableName: T(),
      Key,
      UpdateExpression: 'ADD taken :dt, waitCount :dw',
      // Same capacity as planned for, and never over it (the seats it fills were free when read).
      ConditionExpression: `#capacity = :cap${dTaken > 0 ? ' AND taken <= :room' : ''}`,
      ExpressionAttributeNames: { '#capacity': 'capacity' },
      ExpressionAttributeValues: { ':dt': dTaken, ':dw': p.waitCount - p.seenWaitCount, ':cap': p.capacity, ...(dTaken > 0 ? { ':room': p.capacity - dTaken } : {}) },
    },
  };
}

export function promotionItems(activityId: string, p: Promotion): TxItem[] {
  return p.promoted.flatMap<TxItem>((w) => [
    {
      Update: {
        TableName: T(),
        Key: keys.activityRegistration(activityId, w.userId),
        UpdateExpression: 'SET #status = :confirmed REMOVE waitOrder',
        ConditionExpression: '#status = :waitlisted AND waitOrder = :order',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':confirmed': 'confirmed', ':waitlisted': 'waitlisted', ':order': w.order },
      },
    },
    { Delete: { TableName: T(), Key: keys.activityWait(activityId, w.order), ConditionExpression: 'attribute_exists(pk)' } },
  ]);
}

/**
 * Why a leave-and-promote did not happen: the leaver's own registration changed, META's
 * counters moved under an exact plan, or a head it promotes was promoted (or left) meanwhile.
 */
export type LeaveOutcome = 'ok' | 'registration_changed' | 'seats_moved' | 'heads_taken';

/**
 * A person leaves (cancels a confirmed or waitlisted registration) and the freed seats go to
 * the heads of the waitlist: one transaction. META is updated without a version bump (edits
 * and seat changes do not conflict), guarded as Promotion.exact says. `also` rides along
 * (the inbox messages of the change).
 */
export async function leaveAndPromote(r: RegistrationRecord, p: Promotion, also: TxItem[] = []): Promise<LeaveOutcome> {
  const leaving: TxItem[] = [
    seatChange(r.activityId, p),
    {
      Update: {
        TableName: T(),
        Key: keys.activityRegistration(r.activityId, r.userId),
        UpdateExpression: 'SET #status = :cancelled REMOVE waitOrder',
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled', ':from': r.status },
      },
    },
    ...(r.status === 'waitlisted' && r.waitOrder ? [{ Delete: { TableName: T(), Key: keys.activityWait(r.activityId, r.waitOrder) } }] : []),
  ];
  const promoting = promotionItems(r.activityId, p);
  // Conflicts are retried by the caller with fresh reads (the plan may be stale by then).
  const res = await run([...leaving, ...promoting, ...also], { attempts: 2 });
  if (res.ok) return 'ok';
  if (res.failed.includes(1)) return 'registration_changed';
  return res.failed.some((i) => i >= leaving.length && i < leaving.length + promoting.length) ? 'heads_taken' : 'seats_moved';
}

/** Promotes waiting heads into seats that are free (no one leaving): more capacity than one change could fill. */
export async function promoteWaiting(activityId: string, p: Promotion, also: TxItem[] = []): Promise<boolean> {
  return (await run([seatChange(activityId, p), ...promotionItems(activityId, p), ...also])).ok;
}

/** Takes the filler lease of an activity (free, or its holder's time ran out): false when someone holds it. */
export async function takeFillerLease(activityId: string, owner: string, nowMs: number, leaseMs: number): Promise<boolean> {
  try {
    await ddb().send(
      new PutCommand({
        TableName: T(),
        Item: { ...keys.activityFiller(activityId), entity: 'ActivityFiller', owner, until: nowMs + leaseMs, ttl: Math.floor((nowMs + leaseMs) / 1000) + DAY_S },
        ConditionExpression: 'attribute_not_exists(pk) OR #until < :now',
        ExpressionAttributeNames: { '#until': 'until' },
        ExpressionAttributeValues: { ':now': nowMs },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export async function dropFillerLease(activityId: string, owner: string): Promise<void> {
  try {
    await ddb().send(new DeleteCommand({ TableName: T(), Key: keys.activityFiller(activityId), ConditionExpression: '#owner = :o', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':o': owner } }));
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}

/** A transaction item that holds only while the registration is in `status` and the activity still published (reminders). */
export function stillConfirmedChecks(activityId: string, userId: string): TxItem[] {
  const check = (Key: { pk: string; sk: string }, status: string): TxItem => ({
    ConditionCheck: { TableName: T(), Key, ConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': status } },
  });
  return [check(keys.activityRegistration(activityId, userId), 'confirmed'), check(keys.activity(activityId), 'published')];
}

/** confirmed → checked_in (guarded: twice at once, one wins). */
export async function markCheckedIn(r: RegistrationRecord, at: string): Promise<boolean> {
  return (
    await run([
      {
        Update: {
          TableName: T(),
          Key: keys.activityRegistration(r.activityId, r.userId),
          UpdateExpression: 'SET #status = :in, checkedInAt = :at',
          ConditionExpression: '#status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':in': 'checked_in', ':confirmed': 'confirmed', ':at': at },
        },
      },
    ])
  ).ok;
}

const regPage = async (p: Promise<Page<Item>>): Promise<Page<RegistrationRecord>> => {
  const { items, nextCursor } = await p;
  return { items: items.map((i) => fromItem<RegistrationRecord>(i)), ...(nextCursor ? { nextCursor } : {}) };
};

export function registrationsOfUser(userId: string, page: { limit: number; cursor?: string }): Promise<Page<RegistrationRecord>> {
  return regPage(
    queryPage(
      {
        TableName: T(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :r)',
        ExpressionAttributeValues: { ':p': `USER#${userId}`, ':r': 'ACTREG#' },
        ScanIndexForward: false,
      },
      page,
    ),
  );
}

/** A page of an activity's registrations of the given statuses (attendees: never the waitlist). */
export function registrationsOf(activityId: string, statuses: string[], page: { limit: number; cursor?: string }): Promise<Page<RegistrationRecord>> {
  const values = Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s]));
  return regPage(
    queryPage(
      {
        TableName: T(),
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :r)',
        FilterExpression: `#status IN (${Object.keys(values).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':p': keys.activityPartition(activityId), ':r': 'REG#', ...values },
        ConsistentRead: true,
      },
      page,
    ),
  );
}
