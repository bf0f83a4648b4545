/**
 * The only module of the activities domain that speaks DynamoDB. Everything one activity's
 * rules touch lives in its partition `ACTIVITY#<id>` (META, REG#<userId>, WAIT#<order>);
 * the room's slot locks are the booking domain's own (booking/storage.ts builds them).
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { advanceCheckpoint, batchGetAll, ddb, getCheckpoint, failedItems, fromItem, isConditionFailure, queryAll, queryPage, tableName, transact, type Item, type RetryPolicy, type Page, type TxItem } from '../lib/dynamo';
import { keys } from '../lib/keys';
import { blockCheck, roomInServiceCheck, slotLockDeletes, slotLockPuts, type SlotHold } from '../booking/storage';
import type { ActivityRecord, CertificateRecord, HoursEntryRecord, RegistrationRecord, WaitPlace } from './model';

const DAY_S = 86_400;
type Outcome = { ok: true } | { ok: false; failed: number[] };

async function run(items: TxItem[], policy?: RetryPolicy): Promise<Outcome> {
  const res = await transact(items, policy);
  return res.ok ? res : { ok: false, failed: failedItems(res.reasons) };
}

const T = () => tableName();

/** SET the given attributes (and version + 1) on META, if its version is still `version` and `extra` holds. */
function metaUpdate(a: Pick<ActivityRecord, 'id' | 'version'>, set: Record<string, unknown>, extra?: { condition: string; values: Record<string, unknown> }, remove: readonly string[] = []): TxItem {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':v': a.version, ':one': 1, ...(extra?.values ?? {}) };
  const parts = Object.entries(set)
    .filter(([, v]) => v !== undefined)
    .map(([k, v], i) => {
      names[`#s${i}`] = k;
      values[`:s${i}`] = v;
      return `#s${i} = :s${i}`;
    });
  if (extra?.condition.includes('#status')) names['#status'] = 'status';
  remove.forEach((k, i) => (names[`#r${i}`] = k));
  const removal = remove.length ? ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}` : '';
  return {
    Update: {
      TableName: T(),
      Key: keys.activity(a.id),
      UpdateExpression: `SET ${[...parts, '#version = #version + :one'].join(', ')}${removal}`,
      ConditionExpression: `#version = :v${extra ? ` AND ${extra.condition}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export async function getActivity(id: string, consistent = false): Promise<ActivityRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.activity(id), ConsistentRead: consistent }));
  return Item ? fromItem<ActivityRecord>(Item) : undefined;
}

export async function insertDraft(a: ActivityRecord): Promise<void> {
  await ddb().send(
    new PutCommand({ TableName: T(), Item: { ...keys.activity(a.id), ...keys.activityIndexes(a, false), entity: 'Activity', ...a }, ConditionExpression: 'attribute_not_exists(pk)' }),
  );
}

/** An edit: the changed fields, guarded by the version read (and, for a capacity change, the seats held). */
export async function saveEdit(a: ActivityRecord, changes: Partial<ActivityRecord>, promotion?: Promotion, also: TxItem[] = [], remove: readonly string[] = []): Promise<Outcome> {
  const index = a.status === 'draft' ? keys.activityIndexes({ ...a, ...changes }, false) : {};
  const set = { ...changes, ...index };
  if (!promotion) return run([metaUpdate(a, set, changes.capacity !== undefined ? { condition: 'taken <= :cap', values: { ':cap': changes.capacity } } : undefined, remove)]);
  return run([metaUpdate(a, { ...set, taken: promotion.taken, waitCount: promotion.waitCount }, seatGuard(promotion), remove), ...promotionItems(a.id, promotion), ...also]);
}

/** The lock holder id of an activity (SlotLock.bookingId): never a booking's UUID. */
export const lockHolder = (activityId: string) => `activity-${activityId}`;

export function roomHold(a: ActivityRecord): SlotHold | undefined {
  if (!a.place.roomId) return undefined;
  return {
    roomId: a.place.roomId,
    date: a.start.slice(0, 10),
    start: a.start.slice(11, 16),
    end: a.end.slice(11, 16),
    bookingId: lockHolder(a.id),
    activityId: a.id,
    // Held until the end whether or not anyone checks in: a booking's deadline rule does not apply.
    checkedIn: true,
    checkInDeadline: 0,
    ttl: Math.floor(Date.parse(`${a.end.slice(0, 10)}T00:00:00+08:00`) / 1000) + 3 * DAY_S,
  };
}

const endWatchKey = (a: ActivityRecord) => keys.activityEndWatch(a.end.slice(0, 10), Date.parse(`${a.end}:00+08:00`), a.id);

export type PublishOutcome = { ok: true } | { ok: false; reason: 'changed' | 'room_deactivated' } | { ok: false; reason: 'slot_taken'; slot: number };

/**
 * Publishes a draft: META (if still the draft read) + the room's slot locks + the no-show
 * watch + (with a room) the room still in service, in one transaction: an activity is never
 * published into a room deactivated meanwhile.
 */
export async function publish(a: ActivityRecord, nowMs: number): Promise<PublishOutcome> {
  const hold = roomHold(a);
  const locks = hold ? slotLockPuts(hold, nowMs) : [];
  const items: TxItem[] = [
    metaUpdate(a, { status: 'published', ...keys.activityIndexes(a, true) }, { condition: '#status = :draft', values: { ':draft': 'draft' } }),
    ...locks,
    { Put: { TableName: T(), Item: { ...endWatchKey(a), entity: 'ActivityEndWatch', activityId: a.id, ttl: Math.floor(nowMs / 1000) + 400 * DAY_S } } },
    ...(hold ? [roomInServiceCheck(hold.roomId)] : []),
  ];
  const res = await run(items);
  if (res.ok) return res;
  if (hold && res.failed.includes(items.length - 1)) return { ok: false, reason: 'room_deactivated' };
  const slot = res.failed.find((i) => i >= 1 && i <= locks.length);
  return slot !== undefined ? { ok: false, reason: 'slot_taken', slot: slot - 1 } : { ok: false, reason: 'changed' };
}

/** Cancels: META (guarded) + releases the room's slots + stops the no-show watch (+ `also`: the registrants' fan-out). */
export async function cancelActivity(a: ActivityRecord, reason: string, also: TxItem[] = []): Promise<Outcome> {
  const hold = a.status === 'published' ? roomHold(a) : undefined;
  return run([
    ...also,
    metaUpdate(a, { status: 'cancelled', cancelReason: reason }, { condition: '#status = :s', values: { ':s': a.status } }),
    ...(hold ? slotLockDeletes(hold) : []),
    ...(a.status === 'published' ? [{ Delete: { TableName: T(), Key: endWatchKey(a) } }] : []),
  ]);
}

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
const seatGuard = (p: Promotion) => ({
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

function promotionItems(activityId: string, p: Promotion): TxItem[] {
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

// ---- lists ----

export type ActivityListScope = { community: string } | { station: string } | { all: true };

export async function activitiesPage(
  scope: ActivityListScope,
  range: { from: string; to: string },
  filter: { kind?: string; publishedOnly: boolean },
  page: { limit: number; cursor?: string },
): Promise<Page<ActivityRecord>> {
  const [index, pk] = 'community' in scope ? ['gsi1', `COMMUNITY#${scope.community}#ACTIVITIES`] : 'station' in scope ? ['gsi4', `STATION#${scope.station}#ACTIVITIES`] : ['gsi2', 'ACTIVITIES'];
  const filters: string[] = [];
  const values: Record<string, unknown> = { ':p': pk, ':from': range.from, ':to': `${range.to}~` };
  const names: Record<string, string> = {};
  if (filter.kind) {
    filters.push('#kind = :kind');
    names['#kind'] = 'kind';
    values[':kind'] = filter.kind;
  }
  if (filter.publishedOnly) {
    filters.push('#status <> :draft');
    names['#status'] = 'status';
    values[':draft'] = 'draft';
  }
  const input: QueryCommandInput = {
    TableName: T(),
    IndexName: index,
    KeyConditionExpression: `${index}pk = :p AND ${index}sk BETWEEN :from AND :to`,
    ExpressionAttributeValues: values,
    ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
  };
  const { items, nextCursor } = await queryPage(input, page);
  return { items: items.map((i) => fromItem<ActivityRecord>(i)), ...(nextCursor ? { nextCursor } : {}) };
}

// ---- no-shows at the end ----

export async function endedActivityIds(endDate: string, nowMs: number): Promise<string[]> {
  const items = await queryAll({
    TableName: T(),
    KeyConditionExpression: 'pk = :p AND sk < :now',
    ExpressionAttributeValues: { ':p': keys.activityEndPartition(endDate), ':now': String(nowMs).padStart(13, '0') },
  });
  return items.map((i) => String(i.activityId));
}

/** confirmed → no_show and the no-show recorded (and `also`: the person's message), in one transaction. */
export async function markNoShow(r: RegistrationRecord, nowMs: number, also: TxItem[] = []): Promise<boolean> {
  return (
    await run([
      {
        Update: {
          TableName: T(),
          Key: keys.activityRegistration(r.activityId, r.userId),
          UpdateExpression: 'SET #status = :ns',
          ConditionExpression: '#status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':ns': 'no_show', ':confirmed': 'confirmed' },
        },
      },
      { Put: { TableName: T(), Item: { ...keys.activityNoShow(r.userId, nowMs, r.activityId), entity: 'ActivityNoShow', activityId: r.activityId, atMs: nowMs, ttl: Math.floor(nowMs / 1000) + 61 * DAY_S } } },
      ...also,
    ])
  ).ok;
}

export async function activityNoShowsSince(userId: string, sinceMs: number): Promise<number> {
  const items = await queryAll({
    TableName: T(),
    KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':p': `USER#${userId}`, ':from': `ACT_NOSHOW#${String(sinceMs).padStart(13, '0')}`, ':to': 'ACT_NOSHOW#~' },
  });
  return items.length;
}

/** The sweep has looked at every registration: mark it and stop watching. */
export async function finishNoShowSweep(a: ActivityRecord): Promise<void> {
  await ddb().send(
    new UpdateCommand({ TableName: T(), Key: keys.activity(a.id), UpdateExpression: 'SET noShowsSwept = :t', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':t': true } }),
  );
  await ddb().send(new DeleteCommand({ TableName: T(), Key: endWatchKey(a) }));
}

// ---- volunteer hours ----

/**
 * Settles an activity: META published → settled (if still the version read) + for each
 * attendee one ledger entry (Put, never overwritten) and their running total, all at once.
 */
export async function settleWithHours(a: ActivityRecord, entries: HoursEntryRecord[], also: TxItem[] = []): Promise<boolean> {
  const items: TxItem[] = [metaUpdate(a, { status: 'settled' }, { condition: '#status = :published', values: { ':published': 'published' } }), ...also];
  for (const e of entries) {
    items.push({ Put: { TableName: T(), Item: { ...keys.hoursEntry(e.userId, e.at, e.id), entity: 'HoursEntry', ...e }, ConditionExpression: 'attribute_not_exists(pk)' } });
    items.push({
      Update: {
        TableName: T(),
        Key: keys.hoursTotal(e.userId),
        UpdateExpression: 'ADD minutes :m, entries :one SET entity = :e',
        ExpressionAttributeValues: { ':m': e.kind === 'credit' ? e.minutes : -e.minutes, ':one': 1, ':e': 'HoursTotal' },
      },
    });
  }
  return (await run(items)).ok;
}

export async function hoursTotal(userId: string): Promise<{ minutes: number; entries: number }> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.hoursTotal(userId), ConsistentRead: true }));
  return { minutes: Number(Item?.minutes ?? 0), entries: Number(Item?.entries ?? 0) };
}

/** A page of a person's ledger, newest first. */
export async function hoursEntries(userId: string, page: { limit: number; cursor?: string }): Promise<Page<HoursEntryRecord>> {
  const { items, nextCursor } = await queryPage(
    { TableName: T(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :h)', ExpressionAttributeValues: { ':p': `USER#${userId}`, ':h': 'HOURS#' }, ScanIndexForward: false },
    page,
  );
  return { items: items.map((i) => fromItem<HoursEntryRecord>(i)), ...(nextCursor ? { nextCursor } : {}) };
}

export async function putCertificate(c: CertificateRecord): Promise<void> {
  await ddb().send(new PutCommand({ TableName: T(), Item: { ...keys.certificate(c.number), entity: 'Certificate', ...c }, ConditionExpression: 'attribute_not_exists(pk)' }));
}

export async function getCertificate(number: string): Promise<CertificateRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.certificate(number) }));
  return Item ? fromItem<CertificateRecord>(Item) : undefined;
}

/** The activities behind a page of registrations (one BatchGetItem of ≤ 50 keys). */
export async function activitiesByIds(ids: string[]): Promise<Map<string, ActivityRecord>> {
  const items = await batchGetAll([...new Set(ids)].map((id) => keys.activity(id)));
  return new Map(items.map((i) => [String(i.id), fromItem<ActivityRecord>(i)]));
}

// ---- telling many people of one event (fan-out), and the reminder job ----

/** An activity event still being told to its people, page by page (`cursor`: where the next page starts). */
export interface ActivityFanout {
  activityId: string;
  event: 'cancelled' | 'hours_credited';
  /** What the messages say of the activity, as it was at the event. */
  activity: { id: string; title: string; start: string; end: string; placeName: string };
  /** When the event happened (ISO): the messages' time, part of their ids. */
  at: string;
  reason?: string;
  hours?: number;
  /** hours_credited: the people credited (≤ 49). */
  userIds?: string[];
  cursor?: string;
}

/** The Put that puts a fan-out on the work list, for the event's own transaction. */
export function fanoutPut(f: ActivityFanout): TxItem {
  return { Put: { TableName: T(), Item: { ...keys.activityFanout(f.activityId, f.event), entity: 'ActivityFanout', ...f } } };
}

export async function pendingFanouts(): Promise<ActivityFanout[]> {
  const items = await queryAll({ TableName: T(), KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.activityFanout('', '').pk }, ConsistentRead: true }, 100);
  return items.map((i) => fromItem<ActivityFanout>(i));
}

/** Moves the bookmark past a delivered page, or (no cursor: the last page) takes the fan-out off the list. */
export async function advanceFanout(f: ActivityFanout, cursor: string | undefined): Promise<void> {
  if (cursor) await ddb().send(new PutCommand({ TableName: T(), Item: { ...keys.activityFanout(f.activityId, f.event), entity: 'ActivityFanout', ...f, cursor } }));
  else await ddb().send(new DeleteCommand({ TableName: T(), Key: keys.activityFanout(f.activityId, f.event) }));
}

/** Published activities starting between two local times (GSI2 `ACTIVITIES`, by start), every page. */
export async function activitiesStartingBetween(fromLocal: string, toLocal: string): Promise<ActivityRecord[]> {
  const items = await queryAll({
    TableName: T(),
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p AND gsi2sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':p': 'ACTIVITIES', ':from': fromLocal, ':to': `${toLocal}~` },
  });
  return items.map((i) => fromItem<ActivityRecord>(i));
}

/** How far (start time, ms) the activity reminder job has looked. */
export const getReminderCheckpoint = () => getCheckpoint(keys.activityReminderSweep());

/** Moves the checkpoint forward only (an overlapping slower run never moves it back). */
export const advanceReminderCheckpoint = (upToMs: number) => advanceCheckpoint(keys.activityReminderSweep(), 'ActivityReminderCheckpoint', upToMs);
