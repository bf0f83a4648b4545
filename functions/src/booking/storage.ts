import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { BookingEvent, BookingStatus } from '@shared/api/booking';
import type { z } from 'zod';
import { advanceCheckpoint, batchGetAll, ddb, getCheckpoint, getTogether, failedItems, fromItem, type Page, queryAll, queryPage, tableName, transact as transactItems } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { BookingRecord, SlotLock } from './model';
import { slotStarts } from './rules';

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Event = z.infer<typeof BookingEvent>;

const DAY_S = 86_400;

/** The no-show sweeper's watch items of one date are spread over this many partitions. */
export const WATCH_SHARDS = 8;
/** How long a watch item outlives its deadline: the sweeper catches up at most this far back. */
export const WATCH_KEEP_DAYS = 35;

/** The watch shard of a booking: FNV-1a of its id, so a booking's watch key never changes. */
export function watchShard(bookingId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bookingId.length; i++) h = Math.imul(h ^ bookingId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % WATCH_SHARDS;
}

const lockKeys = (b: Pick<BookingRecord, 'roomId' | 'date' | 'start' | 'end'>) => slotLockKeys(b);
const watchKey = (b: BookingRecord) => keys.bookingWatch(b.date, b.checkInDeadline, b.id, watchShard(b.id));
const quotaKey = (b: BookingRecord) => keys.bookingQuota(b.userId, b.roomId, b.quotaWeek);

/** Sends a transaction (lib's `transact` retries contention, SERVICE_BUSY when exhausted): which items' conditions failed. */
async function transact(items: TxItem[]): Promise<{ ok: true } | { ok: false; failed: number[] }> {
  const res = await transactItems(items);
  return res.ok ? res : { ok: false, failed: failedItems(res.reasons) };
}

/**
 * What holds a room's slots: a booking, or a published activity (activities/storage/ takes
 * the same locks in its publishing transaction, so the two can never hold one slot).
 */
export interface SlotHold {
  roomId: string;
  date: string;
  start: string;
  end: string;
  /** The holder's id (a booking id, or `activity-<id>`). */
  bookingId: string;
  userId?: string;
  activityId?: string;
  checkedIn: boolean;
  checkInDeadline: number;
  ttl: number;
}

export const slotLockKeys = (h: Pick<SlotHold, 'roomId' | 'date' | 'start' | 'end'>) => slotStarts(h.start, h.end).map((s) => keys.slotLock(h.roomId, h.date, s));

/** One Put per slot: free, or held only by a booking whose check-in deadline passed unchecked. */
export function slotLockPuts(h: SlotHold, nowMs: number): TxItem[] {
  const { end: _end, ...lock } = h;
  return slotStarts(h.start, h.end).map<TxItem>((start) => ({
    Put: {
      TableName: tableName(),
      Item: { ...keys.slotLock(h.roomId, h.date, start), entity: 'SlotLock', ...lock, start },
      ConditionExpression: 'attribute_not_exists(pk) OR (checkedIn = :false AND checkInDeadline < :now)',
      ExpressionAttributeValues: { ':false': false, ':now': nowMs },
    },
  }));
}

/** Deletes the locks a holder still holds (each only if it is still the holder's). */
export function slotLockDeletes(h: Pick<SlotHold, 'roomId' | 'date' | 'start' | 'end' | 'bookingId'>): TxItem[] {
  return slotLockKeys(h).map<TxItem>((Key) => ({ Delete: { TableName: tableName(), Key, ConditionExpression: 'bookingId = :id', ExpressionAttributeValues: { ':id': h.bookingId } } }));
}

/** Whose no-show block: room bookings (3 in 30 days) or activity sign-ups (3 in 60 days). */
export type BlockScope = 'booking' | 'activity';
const blockKey = (userId: string, scope: BlockScope) => (scope === 'booking' ? keys.bookingBlock(userId) : keys.activityBlock(userId));

/** A transaction item that holds only while the user is not blocked. */
export function blockCheck(userId: string, scope: BlockScope, nowMs: number): TxItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: blockKey(userId, scope),
      ConditionExpression: 'attribute_not_exists(pk) OR untilMs < :now',
      ExpressionAttributeValues: { ':now': nowMs },
    },
  };
}

export type CreateOutcome = 'created' | 'slot_taken' | 'over_quota' | 'blocked' | 'room_deactivated' | 'contention';

/**
 * The booking's guard on its room: the room exists and is in service (停用 sets
 * `deactivatedAt`), and its `bookingSeq` counts one more booking. A deactivation conditions
 * its Put on the `bookingSeq` it read before looking for live bookings (`roomHasLiveBookings`,
 * a consistent read of the room's own partition): a booking written after that read makes the
 * deactivation fail and look again, one written before is found. So a deactivated room never
 * gains a booking, and never loses sight of one. (A station is deactivated only once all its
 * rooms are, so the room's flag covers the station's.)
 */
export function roomInServiceForBooking(roomId: string): TxItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.room(roomId),
      UpdateExpression: 'ADD bookingSeq :one',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deactivatedAt)',
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}

/** A ConditionCheck that a room exists and is in service (an activity published into it). */
export function roomInServiceCheck(roomId: string): TxItem {
  return { ConditionCheck: { TableName: tableName(), Key: keys.room(roomId), ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deactivatedAt)' } };
}

/**
 * True when a room has a live booking from `fromDate` on: a slot lock of a booking (not an
 * activity's hold) that is not checked in and whose check-in deadline has not passed
 * (pending and approved bookings hold exactly such locks; cancelled and rejected ones have
 * released theirs). A strongly consistent Query of the room's own partition, so a booking
 * written a moment ago is never missed (the station's booking index, a GSI, may lag).
 */
export async function roomHasLiveBookings(roomId: string, fromDate: string, now: Date): Promise<boolean> {
  const prefix = keys.slotLock(roomId, fromDate, '').sk;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        FilterExpression: 'attribute_not_exists(activityId) AND checkedIn = :false AND checkInDeadline >= :now',
        ExpressionAttributeValues: { ':pk': keys.room(roomId).pk, ':from': prefix, ':to': 'SLOT#~', ':false': false, ':now': now.getTime() },
        ProjectionExpression: 'bookingId',
        ConsistentRead: true,
        Limit: 200,
        ExclusiveStartKey,
      }),
    );
    if ((page.Items ?? []).length > 0) return true;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return false;
}

/**
 * Creates a booking in one transaction: the booking, one lock per slot (free, or held
 * only by a booking whose check-in deadline passed unchecked), the user's weekly quota
 * counter (below the quota), the absence of a no-show block, and the sweeper's watch item.
 */
export async function insertBooking(b: BookingRecord, quota: number, now: Date, also: TxItem[] = []): Promise<CreateOutcome> {
  const nowMs = now.getTime();
  const locks = lockKeys(b);
  const ttl = Math.floor(b.checkInDeadline / 1000) + 2 * DAY_S;
  const items: TxItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.booking(b.id), ...keys.bookingIndexes(b), ...(b.status === 'pending' ? keys.pendingBookingIndex(b) : {}), entity: 'Booking', ...b },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...slotLockPuts({ roomId: b.roomId, date: b.date, start: b.start, end: b.end, bookingId: b.id, userId: b.userId, checkedIn: false, checkInDeadline: b.checkInDeadline, ttl }, nowMs),
    {
      Update: {
        TableName: tableName(),
        Key: quotaKey(b),
        UpdateExpression: 'SET #n = if_not_exists(#n, :zero) + :one, entity = :e, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#n) OR #n < :quota',
        ExpressionAttributeNames: { '#n': 'count', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':quota': quota, ':e': 'BookingQuota', ':ttl': ttl + 8 * DAY_S },
      },
    },
    blockCheck(b.userId, 'booking', nowMs),
    {
      Put: {
        TableName: tableName(),
        Item: { ...watchKey(b), entity: 'BookingWatch', bookingId: b.id, date: b.date, ttl: Math.floor(b.checkInDeadline / 1000) + WATCH_KEEP_DAYS * DAY_S },
      },
    },
    roomInServiceForBooking(b.roomId),
    ...also, // the messages of the event (messages/events.ts), after the items whose indexes name the failure
  ];
  const res = await transact(items);
  if (res.ok) return 'created';
  const quotaIndex = 1 + locks.length;
  if (res.failed.some((i) => i >= 1 && i < quotaIndex)) return 'slot_taken';
  if (res.failed.includes(quotaIndex)) return 'over_quota';
  if (res.failed.includes(quotaIndex + 1)) return 'blocked';
  if (res.failed.includes(quotaIndex + 3)) return 'room_deactivated';
  return 'contention';
}

export interface TransitionEffects {
  /** Delete the booking's slot locks that it still holds. */
  releaseLocks?: boolean;
  /** Mark its locks as checked in, so they outlive the check-in deadline. */
  checkInLocks?: boolean;
  /** Give the weekly quota back. */
  refundQuota?: boolean;
  /** Stop the no-show sweeper watching it. */
  unwatch?: boolean;
  /** Record a no-show for the three-in-30-days rule. */
  recordNoShow?: boolean;
  /** Set these attributes on the booking too (e.g. rating). */
  set?: Record<string, unknown>;
  /** Only if the booking does not have this attribute yet (one rating per booking). */
  onlyIfUnset?: string;
  /** More writes of the same event (its inbox messages, messages/events.ts). */
  also?: TxItem[];
}

/**
 * Moves a booking from `from` to `to` in one transaction with its side effects, only if
 * it is still in `from` (two staff acting at once: one wins, the other gets false).
 */
export async function transition(b: BookingRecord, from: BookingStatus, to: BookingStatus, event: Event, fx: TransitionEffects, now: Date): Promise<boolean> {
  const set = { ...fx.set, status: to };
  const names: Record<string, string> = { '#status': 'status', '#history': 'history' };
  const values: Record<string, unknown> = { ':from': from, ':event': [event] };
  const assignments = Object.entries(set).map(([k, v], i) => {
    names[`#a${i}`] = k;
    values[`:a${i}`] = v;
    return `#a${i} = :a${i}`;
  });
  const items: TxItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: keys.booking(b.id),
        // Leaving `pending` takes the booking out of the station's approval queue (sparse GSI4).
        UpdateExpression: `SET ${[...assignments, '#history = list_append(#history, :event)'].join(', ')}${from === 'pending' && to !== 'pending' ? ' REMOVE gsi4pk, gsi4sk' : ''}`,
        ConditionExpression: fx.onlyIfUnset ? '#status = :from AND attribute_not_exists(#unset)' : '#status = :from',
        ExpressionAttributeNames: fx.onlyIfUnset ? { ...names, '#unset': fx.onlyIfUnset } : names,
        ExpressionAttributeValues: values,
      },
    },
  ];
  if (fx.checkInLocks) {
    // Every slot of the booking, none read first: check-in marks all its locks or fails whole,
    // so no slot can be left unmarked (and bookable again after the deadline) while the group is in the room.
    for (const key of lockKeys(b)) {
      items.push({
        Update: {
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET checkedIn = :true',
          ConditionExpression: 'bookingId = :id',
          ExpressionAttributeValues: { ':id': b.id, ':true': true },
        },
      });
    }
  } else if (fx.releaseLocks) {
    for (const lock of await locksHeldBy(b)) {
      const key = keys.slotLock(b.roomId, b.date, lock.start);
      items.push({ Delete: { TableName: tableName(), Key: key, ConditionExpression: 'bookingId = :id', ExpressionAttributeValues: { ':id': b.id } } });
    }
  }
  if (fx.refundQuota) {
    items.push({
      Update: {
        TableName: tableName(),
        Key: quotaKey(b),
        UpdateExpression: 'SET #n = #n - :one',
        ConditionExpression: '#n > :zero',
        ExpressionAttributeNames: { '#n': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
      },
    });
  }
  if (fx.unwatch) items.push({ Delete: { TableName: tableName(), Key: watchKey(b) } });
  if (fx.recordNoShow) {
    const at = now.getTime();
    items.push({
      Put: {
        TableName: tableName(),
        Item: { ...keys.noShow(b.userId, at, b.id), entity: 'NoShow', bookingId: b.id, atMs: at, ttl: Math.floor(at / 1000) + 31 * DAY_S },
      },
    });
  }
  if (fx.also) items.push(...fx.also);
  const res = await transact(items);
  return res.ok;
}

/**
 * The locks of a booking's slots that this booking still holds (BatchGetItem, strongly
 * consistent; keys DynamoDB leaves unprocessed are read again, never taken as "not held").
 */
async function locksHeldBy(b: BookingRecord): Promise<SlotLock[]> {
  const items = await batchGetAll(lockKeys(b), { ConsistentRead: true });
  return items.map((i) => fromItem<SlotLock>(i)).filter((l) => l.bookingId === b.id);
}

/**
 * What a new booking must not run into, read before its transaction with the request's other
 * reads (`getTogether`: one BatchGetItem, eventually consistent, so cheap): the user's no-show block and the locks of the slots it
 * wants. A lock found live means 409 at once; the transaction stays the arbiter.
 */
export async function bookingObstacles(
  userId: string,
  want: Pick<BookingRecord, 'roomId' | 'date' | 'start' | 'end'>,
): Promise<{ block?: { untilMs: number; reason: string }; locks: SlotLock[] }> {
  const blockKey = keys.bookingBlock(userId);
  const items = await getTogether([blockKey, ...lockKeys(want)]);
  const block = items.find((i) => i.pk === blockKey.pk && i.sk === blockKey.sk);
  return {
    ...(block ? { block: { untilMs: Number(block.untilMs), reason: String(block.reason) } } : {}),
    locks: items.filter((i) => i !== block).map((i) => fromItem<SlotLock>(i)),
  };
}

export async function getBooking(bookingId: string, consistent = false): Promise<BookingRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.booking(bookingId), ConsistentRead: consistent }));
  return Item ? fromItem<BookingRecord>(Item) : undefined;
}

/** The locks on a room's slots of one date (one Query). */
export async function locksOfDay(roomId: string, date: string): Promise<SlotLock[]> {
  const res = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
      ExpressionAttributeValues: { ':pk': `ROOM#${roomId}`, ':day': `SLOT#${date}#` },
    }),
  );
  return (res.Items ?? []).map((i) => fromItem<SlotLock>(i));
}

const bookingPage = async (p: Promise<Page<Record<string, unknown>>>): Promise<Page<BookingRecord>> => {
  const { items, nextCursor } = await p;
  return { items: items.map((i) => fromItem<BookingRecord>(i)), ...(nextCursor ? { nextCursor } : {}) };
};

/** One page of a user's bookings, newest first (GSI2). */
export function bookingsOfUser(userId: string, page: { limit: number; cursor?: string }): Promise<Page<BookingRecord>> {
  return bookingPage(
    queryPage(
      {
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :b)',
        ExpressionAttributeValues: { ':p': `USER#${userId}`, ':b': 'BOOKING#' },
        ScanIndexForward: false,
      },
      page,
    ),
  );
}

/**
 * One page of a station's bookings by date and start: of one date (GSI1, optionally of one
 * status), the approval queue from a date on (sparse GSI4: only pending bookings are in it,
 * so a page is never emptied by a filter), or every status from a date on (GSI1).
 */
export function bookingsOfStation(
  stationId: string,
  opts: { date?: string; fromDate?: string; status?: BookingStatus },
  page: { limit: number; cursor?: string },
): Promise<Page<BookingRecord>> {
  const filter = opts.status ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } } : {};
  const status = opts.status ? { ':s': opts.status } : {};
  if (opts.date) {
    return bookingPage(
      queryPage(
        {
          TableName: tableName(),
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :d)',
          ExpressionAttributeValues: { ':p': `STATION#${stationId}`, ':d': `BOOKING#${opts.date}#`, ...status },
          ...filter,
        },
        page,
      ),
    );
  }
  const from = `BOOKING#${opts.fromDate ?? '0000-00-00'}`;
  if (opts.status === 'pending') {
    return bookingPage(
      queryPage(
        {
          TableName: tableName(),
          IndexName: 'gsi4',
          KeyConditionExpression: 'gsi4pk = :p AND gsi4sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':p': `STATION#${stationId}#PENDING`, ':from': from, ':to': 'BOOKING#~' },
        },
        page,
      ),
    );
  }
  return bookingPage(
    queryPage(
      {
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':p': `STATION#${stationId}`, ':from': from, ':to': 'BOOKING#~', ...status },
        ...filter,
      },
      page,
    ),
  );
}

/** Watched bookings of a date whose check-in deadline has passed, from every shard (in parallel). */
export async function dueWatches(date: string, nowMs: number): Promise<{ bookingId: string; date: string }[]> {
  const shards = await Promise.all(
    Array.from({ length: WATCH_SHARDS }, (_, shard) =>
      queryAll({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :p AND sk < :now',
        ExpressionAttributeValues: { ':p': keys.bookingWatchPartition(date, shard), ':now': String(nowMs).padStart(13, '0') },
      }),
    ),
  );
  return shards.flat().map((i) => ({ bookingId: String(i.bookingId), date }));
}

/** The oldest date that may still hold due watches, as the last sweep left it. */
export async function getSweepCheckpoint(): Promise<string | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.noShowSweep(), ConsistentRead: true }));
  return Item ? String(Item.fromDate) : undefined;
}

export async function putSweepCheckpoint(fromDate: string, at: string): Promise<void> {
  await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.noShowSweep(), entity: 'SweepCheckpoint', fromDate, at } }));
}

/** Stops watching a booking that reached an ended status some other way. */
export async function forgetWatch(b: BookingRecord): Promise<void> {
  await ddb().send(new DeleteCommand({ TableName: tableName(), Key: watchKey(b) }));
}

export async function noShowsSince(userId: string, sinceMs: number): Promise<number> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':p': `USER#${userId}`, ':from': `NOSHOW#${String(sinceMs).padStart(13, '0')}`, ':to': 'NOSHOW#~' },
  });
  return items.length;
}

/** How many bookings of a room a user has in an ISO week (the weekly quota counter). */
export async function quotaCount(userId: string, roomId: string, week: string): Promise<number> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.bookingQuota(userId, roomId, week) }));
  return Item ? Number(Item.count) : 0;
}

export async function getBlock(userId: string, scope: BlockScope = 'booking'): Promise<{ untilMs: number; reason: string } | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: blockKey(userId, scope) }));
  return Item ? { untilMs: Number(Item.untilMs), reason: String(Item.reason) } : undefined;
}

export async function putBlock(userId: string, untilMs: number, reason: string, scope: BlockScope = 'booking'): Promise<void> {
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...blockKey(userId, scope), entity: scope === 'booking' ? 'BookingBlock' : 'ActivityBlock', untilMs, reason, ttl: Math.floor(untilMs / 1000) + DAY_S },
    }),
  );
}

/** Watched bookings of a date whose check-in deadline lies in (`fromMs`, `toMs`], from every shard: the reminder job's window. */
export async function watchesBetween(date: string, fromMs: number, toMs: number): Promise<string[]> {
  const pad = (ms: number) => String(ms).padStart(13, '0');
  const shards = await Promise.all(
    Array.from({ length: WATCH_SHARDS }, (_, shard) =>
      queryAll({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
        // `~` sorts after the `#<bookingId>` suffix: every deadline ≤ toMs is in, every deadline ≤ fromMs out.
        ExpressionAttributeValues: { ':p': keys.bookingWatchPartition(date, shard), ':from': `${pad(fromMs)}#~`, ':to': `${pad(toMs)}#~` },
      }),
    ),
  );
  return shards.flat().map((i) => String(i.bookingId));
}

/** A transaction item that holds only while the booking is still in `status` (a reminder is never sent for a booking cancelled meanwhile). */
export function bookingStatusCheck(bookingId: string, status: BookingStatus): TxItem {
  return {
    ConditionCheck: { TableName: tableName(), Key: keys.booking(bookingId), ConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': status } },
  };
}

/** How far (in check-in deadline ms) the reminder job has looked. */
export const getReminderCheckpoint = () => getCheckpoint(keys.reminderSweep());

/** Moves the checkpoint forward only (an overlapping slower run never moves it back). */
export const advanceReminderCheckpoint = (upToMs: number) => advanceCheckpoint(keys.reminderSweep(), 'ReminderCheckpoint', upToMs);
