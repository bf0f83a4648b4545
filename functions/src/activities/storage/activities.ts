/** Activity items 活动 (META in `ACTIVITY#<id>`): drafts, edits, publishing with the room's slots, cancelling, and the lists. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, ddb, fromItem, queryPage, type Item, type Page, type TxItem } from '../../lib/dynamo';
import { keys } from '../../lib/keys';
import { roomInServiceCheck, slotLockDeletes, slotLockPuts, type SlotHold } from '../../booking/storage';
import type { ActivityRecord } from '../model';
import { DAY_S, metaUpdate, type Outcome, run, T } from './tx';
import { type Promotion, promotionItems, seatGuard } from './registrations';

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

export const endWatchKey = (a: ActivityRecord) => keys.activityEndWatch(a.end.slice(0, 10), Date.parse(`${a.end}:00+08:00`), a.id);

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


/** The activities behind a page of registrations (one BatchGetItem of ≤ 50 keys). */
export async function activitiesByIds(ids: string[]): Promise<Map<string, ActivityRecord>> {
  const items = await batchGetAll([...new Set(ids)].map((id) => keys.activity(id)));
  return new Map(items.map((i) => [String(i.id), fromItem<ActivityRecord>(i)]));
}
