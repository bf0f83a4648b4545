import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { BookingEvent, BookingStatus } from '@shared/api/booking';
import type { z } from 'zod';
import { ddb, fromItem, queryAll, tableName } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { BookingRecord, SlotLock } from './model';
import { slotStarts } from './rules';

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Event = z.infer<typeof BookingEvent>;

const DAY_S = 86_400;

const lockKeys = (b: Pick<BookingRecord, 'roomId' | 'date' | 'start' | 'end'>) => slotStarts(b.start, b.end).map((s) => keys.slotLock(b.roomId, b.date, s));
const watchKey = (b: BookingRecord) => keys.bookingWatch(b.date, b.checkInDeadline, b.id);
const quotaKey = (b: BookingRecord) => keys.bookingQuota(b.userId, b.roomId, b.quotaWeek);

/** Sends a transaction, retrying when DynamoDB cancels it for contention (TransactionConflict). */
async function transact(items: TxItem[]): Promise<{ ok: true } | { ok: false; failed: number[] }> {
  for (let attempt = 0; ; attempt++) {
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (err) {
      const e = err as { name?: string; CancellationReasons?: { Code?: string }[] };
      if (e.name !== 'TransactionCanceledException') throw err;
      const reasons = e.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length > 0) return { ok: false, failed };
      // Cancelled only for contention with a concurrent transaction: try again shortly.
      if (attempt >= 8) return { ok: false, failed: [] };
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}

export type CreateOutcome = 'created' | 'slot_taken' | 'over_quota' | 'blocked' | 'contention';

/**
 * Creates a booking in one transaction: the booking, one lock per slot (free, or held
 * only by a booking whose check-in deadline passed unchecked), the user's weekly quota
 * counter (below the quota), the absence of a no-show block, and the sweeper's watch item.
 */
export async function insertBooking(b: BookingRecord, quota: number, now: Date): Promise<CreateOutcome> {
  const nowMs = now.getTime();
  const locks = lockKeys(b);
  const ttl = Math.floor(b.checkInDeadline / 1000) + 2 * DAY_S;
  const items: TxItem[] = [
    { Put: { TableName: tableName(), Item: { ...keys.booking(b.id), ...keys.bookingIndexes(b), entity: 'Booking', ...b }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...locks.map<TxItem>((key, i) => ({
      Put: {
        TableName: tableName(),
        Item: {
          ...key,
          entity: 'SlotLock',
          roomId: b.roomId,
          date: b.date,
          start: slotStarts(b.start, b.end)[i],
          bookingId: b.id,
          userId: b.userId,
          checkedIn: false,
          checkInDeadline: b.checkInDeadline,
          ttl,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (checkedIn = :false AND checkInDeadline < :now)',
        ExpressionAttributeValues: { ':false': false, ':now': nowMs },
      },
    })),
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
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: keys.bookingBlock(b.userId),
        ConditionExpression: 'attribute_not_exists(pk) OR untilMs < :now',
        ExpressionAttributeValues: { ':now': nowMs },
      },
    },
    { Put: { TableName: tableName(), Item: { ...watchKey(b), entity: 'BookingWatch', bookingId: b.id, ttl } } },
  ];
  const res = await transact(items);
  if (res.ok) return 'created';
  const quotaIndex = 1 + locks.length;
  if (res.failed.some((i) => i >= 1 && i < quotaIndex)) return 'slot_taken';
  if (res.failed.includes(quotaIndex)) return 'over_quota';
  if (res.failed.includes(quotaIndex + 1)) return 'blocked';
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
        UpdateExpression: `SET ${[...assignments, '#history = list_append(#history, :event)'].join(', ')}`,
        ConditionExpression: fx.onlyIfUnset ? '#status = :from AND attribute_not_exists(#unset)' : '#status = :from',
        ExpressionAttributeNames: fx.onlyIfUnset ? { ...names, '#unset': fx.onlyIfUnset } : names,
        ExpressionAttributeValues: values,
      },
    },
  ];
  if (fx.releaseLocks || fx.checkInLocks) {
    for (const lock of await locksHeldBy(b)) {
      const key = keys.slotLock(b.roomId, b.date, lock.start);
      items.push(
        fx.releaseLocks
          ? { Delete: { TableName: tableName(), Key: key, ConditionExpression: 'bookingId = :id', ExpressionAttributeValues: { ':id': b.id } } }
          : {
              Update: {
                TableName: tableName(),
                Key: key,
                UpdateExpression: 'SET checkedIn = :true',
                ConditionExpression: 'bookingId = :id',
                ExpressionAttributeValues: { ':id': b.id, ':true': true },
              },
            },
      );
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
  const res = await transact(items);
  return res.ok;
}

/** The locks of a booking's slots that this booking still holds (one BatchGetItem). */
async function locksHeldBy(b: BookingRecord): Promise<SlotLock[]> {
  const res = await ddb().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: lockKeys(b), ConsistentRead: true } } }));
  return (res.Responses?.[tableName()] ?? []).map((i) => fromItem<SlotLock>(i)).filter((l) => l.bookingId === b.id);
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

/** A user's bookings, newest first (GSI2). */
export async function bookingsOfUser(userId: string, limit = 100): Promise<BookingRecord[]> {
  const items = await queryAll(
    {
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :b)',
      ExpressionAttributeValues: { ':p': `USER#${userId}`, ':b': 'BOOKING#' },
      ScanIndexForward: false,
      Limit: limit,
    },
    limit,
  );
  return items.slice(0, limit).map((i) => fromItem<BookingRecord>(i));
}

/** A station's bookings of one date, or from a date on, by start (GSI1), optionally of one status. */
export async function bookingsOfStation(stationId: string, opts: { date?: string; fromDate?: string; status?: BookingStatus }): Promise<BookingRecord[]> {
  const values: Record<string, unknown> = { ':p': `STATION#${stationId}` };
  let condition: string;
  if (opts.date) {
    condition = 'gsi1pk = :p AND begins_with(gsi1sk, :d)';
    values[':d'] = `BOOKING#${opts.date}#`;
  } else {
    condition = 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to';
    values[':from'] = `BOOKING#${opts.fromDate ?? '0000-00-00'}`;
    values[':to'] = 'BOOKING#~';
  }
  if (opts.status) values[':s'] = opts.status;
  const items = await queryAll({
    TableName: tableName(),
    IndexName: 'gsi1',
    KeyConditionExpression: condition,
    ...(opts.status ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } } : {}),
    ExpressionAttributeValues: values,
  });
  return items.map((i) => fromItem<BookingRecord>(i));
}

/** Bookings of a date whose check-in deadline has passed and that are still watched. */
export async function dueWatches(date: string, nowMs: number): Promise<string[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :p AND sk < :now',
    ExpressionAttributeValues: { ':p': `BOOKING_WATCH#${date}`, ':now': String(nowMs).padStart(13, '0') },
  });
  return items.map((i) => String(i.bookingId));
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

export async function getBlock(userId: string): Promise<{ untilMs: number; reason: string } | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.bookingBlock(userId) }));
  return Item ? { untilMs: Number(Item.untilMs), reason: String(Item.reason) } : undefined;
}

export async function putBlock(userId: string, untilMs: number, reason: string): Promise<void> {
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.bookingBlock(userId), entity: 'BookingBlock', untilMs, reason, ttl: Math.floor(untilMs / 1000) + DAY_S },
    }),
  );
}
