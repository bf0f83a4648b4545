import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, ddb, fromItem, type Item, type Page, queryPage, tableName, transact, type TxItem } from '../lib/dynamo';
import { keys } from '../lib/keys';
import { conflict } from '../lib/errors';
import type { RequestCategory, WorkCalendar } from '@shared/api/requests';
import type { Building, Community, Grid } from '../org/model';
import type { EventRecord, RequestRecord, StatsRecord } from './model';
import { confirmBy, dueKind, isOpen } from './rules';

/**
 * The only module of the requests domain that speaks DynamoDB. A request's partition
 * (`REQUEST#<id>`) holds its META, timeline and followers; the index keys of the META are
 * derived from its state here (`requestItem`), so a change that writes the record also
 * moves it between the queue, the auto-close list and the duplicate list.
 */

const T = () => tableName();

/** The due time a status waits on (epoch ms), if any. */
export function dueMs(r: RequestRecord): number | undefined {
  const kind = dueKind(r.status);
  if (kind === 'respond') return new Date(r.respondDueAt).getTime();
  if (kind === 'resolve' && r.resolveDueAt) return new Date(r.resolveDueAt).getTime();
  return undefined;
}

export const assigneeKey = (a: NonNullable<RequestRecord['assignee']>) => (a.kind === 'station' ? `STATION#${a.id}` : `USER#${a.id}`);

export function requestItem(r: RequestRecord): Item {
  const due = dueMs(r);
  return {
    ...keys.request(r.id),
    entity: 'Request',
    ...r,
    ...keys.requestByReporter(r.reporterId, r.createdAt, r.id),
    ...(isOpen(r.status) && r.buildingId ? keys.requestOpenInBuilding(r.buildingId, r.category.id, r.createdAt, r.id) : {}),
    ...(due !== undefined ? keys.requestQueue(r.communityId, due, r.id) : {}),
    ...(r.status === 'resolved' && r.resolvedAt ? keys.requestResolvedWatch(confirmBy(r.resolvedAt).getTime(), r.id) : {}),
    ...((r.status === 'dispatched' || r.status === 'in_progress') && r.assignee && due !== undefined ? keys.requestAssigned(assigneeKey(r.assignee), due, r.id) : {}),
  };
}

/** A new request: must not exist. */
export function requestCreate(r: RequestRecord): TxItem {
  return { Put: { TableName: T(), Item: requestItem(r), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The request as `after`, only if it is still as read (status and version): the guard of every change. */
export function requestReplace(before: Pick<RequestRecord, 'status' | 'version'>, after: RequestRecord): TxItem {
  return {
    Put: {
      TableName: T(),
      Item: requestItem(after),
      ConditionExpression: '#s = :s AND version = :v',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': before.status, ':v': before.version },
    },
  };
}

export function eventPut(requestId: string, e: EventRecord): TxItem {
  return { Put: { TableName: T(), Item: { ...keys.requestEvent(requestId, e.id), entity: 'RequestEvent', ...e }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

export function followPut(requestId: string, userId: string, at: string): TxItem {
  return { Put: { TableName: T(), Item: { ...keys.requestFollow(requestId, userId), entity: 'RequestFollow', userId, at }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** ADD the counters of a community's figures (a no-op list when nothing changes). */
export function statsAdd(communityId: string, deltas: StatsRecord): TxItem[] {
  const entries = Object.entries(deltas).filter(([, v]) => v !== 0);
  if (entries.length === 0) return [];
  return [
    {
      Update: {
        TableName: T(),
        Key: keys.requestStats(communityId),
        UpdateExpression: `SET entity = :e ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])),
        ExpressionAttributeValues: { ':e': 'RequestStats', ...Object.fromEntries(entries.map(([, v], i) => [`:c${i}`, v])) },
      },
    },
  ];
}

/** Runs a change; a refused condition on the request (item 0) is a 409: someone else moved it first. */
export async function commit(items: TxItem[]): Promise<void> {
  const res = await transact(items);
  if (res.ok) return;
  const failed = res.reasons.findIndex((r) => r.code === 'ConditionalCheckFailed');
  if (failed === 0) throw conflict('STATUS_CHANGED', '诉求状态已变化，请刷新后重试');
  throw conflict('CONFLICT', '操作冲突，请刷新后重试');
}

export async function getRequest(id: string, consistent = true): Promise<RequestRecord | undefined> {
  const res = await ddb().send(new GetCommand({ TableName: T(), Key: keys.request(id), ConsistentRead: consistent }));
  return res.Item ? fromItem<RequestRecord>(res.Item) : undefined;
}

export async function isFollowing(requestId: string, userId: string): Promise<boolean> {
  const res = await ddb().send(new GetCommand({ TableName: T(), Key: keys.requestFollow(requestId, userId), ProjectionExpression: 'pk' }));
  return !!res.Item;
}

/**
 * A page of a request's followers (user ids, by id), at most `limit` after the follower
 * `after` (a fan-out's bookmark), read consistently: a change reads them after the request.
 * `more`: whether any follow.
 */
export async function followersPage(requestId: string, limit: number, after?: string): Promise<{ userIds: string[]; more: boolean }> {
  const res = await ddb().send(
    new QueryCommand({
      TableName: T(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.requestPartition(requestId), ':p': 'FOLLOW#' },
      ProjectionExpression: 'userId',
      ConsistentRead: true,
      // One more than asked: tells whether more follow without a second read.
      Limit: limit + 1,
      ...(after ? { ExclusiveStartKey: keys.requestFollow(requestId, after) } : {}),
    }),
  );
  const userIds = (res.Items ?? []).map((i) => String(i.userId));
  return { userIds: userIds.slice(0, limit), more: userIds.length > limit };
}

export async function timeline(requestId: string, withInternal: boolean, page: { limit: number; cursor?: string }): Promise<Page<EventRecord>> {
  const res = await queryPage(
    {
      TableName: T(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ...(withInternal ? {} : { FilterExpression: 'internal = :f' }),
      ExpressionAttributeValues: { ':pk': keys.requestPartition(requestId), ':p': 'EVENT#', ...(withInternal ? {} : { ':f': false }) },
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<EventRecord>(i)), nextCursor: res.nextCursor };
}

const byIndex = async (index: string, pk: string, page: { limit: number; cursor?: string }, opts: { newestFirst?: boolean; skBefore?: string; skPrefix?: string } = {}): Promise<Page<RequestRecord>> => {
  const res = await queryPage(
    {
      TableName: T(),
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk${opts.skBefore ? ` AND ${index}sk < :b` : ''}${opts.skPrefix ? ` AND begins_with(${index}sk, :p)` : ''}`,
      ExpressionAttributeValues: { ':pk': pk, ...(opts.skBefore ? { ':b': opts.skBefore } : {}), ...(opts.skPrefix ? { ':p': opts.skPrefix } : {}) },
      ...(opts.newestFirst ? { ScanIndexForward: false } : {}),
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<RequestRecord>(i)), nextCursor: res.nextCursor };
};

export const requestsOfReporter = (userId: string, page: { limit: number; cursor?: string }) => byIndex('gsi2', `USER#${userId}`, page, { newestFirst: true, skPrefix: 'REQUEST#' });
export const requestsOfAssignee = (assignee: string, page: { limit: number; cursor?: string }) => byIndex('gsi3', keys.assigneePartition(assignee), page);
/** The staff queue: earliest due first; `overdueBefore` keeps only those due before it (epoch ms). */
export const queue = (communityId: string, page: { limit: number; cursor?: string }, overdueBefore?: number) =>
  byIndex('gsi4', keys.requestQueuePartition(communityId), page, overdueBefore !== undefined ? { skBefore: String(overdueBefore).padStart(13, '0') } : {});

/** How many requests of the queue are past due now: a COUNT over the index range before now (reads only those). */
export async function overdueCount(communityId: string, nowMs: number): Promise<number> {
  let count = 0;
  let start: Item | undefined;
  do {
    const res = await ddb().send(
      new QueryCommand({
        TableName: T(),
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :b',
        ExpressionAttributeValues: { ':pk': keys.requestQueuePartition(communityId), ':b': String(nowMs).padStart(13, '0') },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += res.Count ?? 0;
    start = res.LastEvaluatedKey;
  } while (start);
  return count;
}

/** Open requests of a category in a building created at or after `sinceIso` (at most `limit`). */
export async function openInBuilding(buildingId: string, categoryId: string, sinceIso: string, limit: number): Promise<RequestRecord[]> {
  const res = await ddb().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
      ExpressionAttributeValues: { ':pk': `BUILDING#${buildingId}#REQUESTS#${categoryId}`, ':since': sinceIso },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map((i) => fromItem<RequestRecord>(i));
}

/** Resolved requests whose confirmation window ended before `nowMs` (the auto-close job's list). */
export async function dueForAutoClose(nowMs: number, limit: number): Promise<{ id: string }[]> {
  const res = await ddb().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :b',
      ExpressionAttributeValues: { ':pk': keys.requestResolvedPartition, ':b': String(nowMs).padStart(13, '0') },
      ProjectionExpression: 'id',
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map((i) => ({ id: String(i.id) }));
}

export async function getStats(communityId: string): Promise<StatsRecord> {
  const res = await ddb().send(new GetCommand({ TableName: T(), Key: keys.requestStats(communityId) }));
  if (!res.Item) return {};
  const { pk: _p, sk: _s, entity: _e, ...counters } = res.Item;
  return counters as StatsRecord;
}

// ---- categories and calendars (street) ----

export async function getCategories(streetId: string): Promise<{ categories: RequestCategory[]; version: number } | undefined> {
  const res = await ddb().send(new GetCommand({ TableName: T(), Key: keys.requestCategories(streetId), ConsistentRead: true }));
  return res.Item ? { categories: res.Item.categories as RequestCategory[], version: Number(res.Item.version) } : undefined;
}

/** Saves the list if the stored version is still `readVersion` (0: none stored yet). */
export async function putCategories(streetId: string, categories: RequestCategory[], readVersion: number, by: string, at: string): Promise<void> {
  await commit([
    {
      Put: {
        TableName: T(),
        Item: { ...keys.requestCategories(streetId), entity: 'RequestCategories', streetId, categories, version: readVersion + 1, updatedBy: by, updatedAt: at },
        ConditionExpression: readVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(readVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': readVersion } }),
      },
    },
  ]);
}

export async function getCalendars(streetId: string, years: number[]): Promise<WorkCalendar[]> {
  const items = await batchGetAll(years.map((y) => keys.workCalendar(streetId, y)));
  return items.map((i) => fromItem<WorkCalendar>(i));
}

export async function putCalendar(cal: WorkCalendar, readVersion: number, by: string, at: string): Promise<void> {
  await commit([
    {
      Put: {
        TableName: T(),
        Item: { ...keys.workCalendar(cal.streetId, cal.year), entity: 'WorkCalendar', ...cal, version: readVersion + 1, updatedBy: by, updatedAt: at },
        ConditionExpression: readVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(readVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': readVersion } }),
      },
    },
  ]);
}

// ---- the organisation the request hangs off (read-only here) ----

export async function getMeta<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const res = await ddb().send(new GetCommand({ TableName: T(), Key: key }));
  return res.Item ? fromItem<T>(res.Item) : undefined;
}
export const getCommunity = (id: string) => getMeta<Community>(keys.community(id));
export const getBuilding = (id: string) => getMeta<Building>(keys.building(id));
export const getGrid = (id: string) => getMeta<Grid & { workerUserId?: string }>(keys.grid(id));
export const getStation = (id: string) => getMeta<{ id: string; communityId: string; name: string; deactivatedAt?: string }>(keys.station(id));

/** The communities of stations (for a station staffer's reach), by station id. */
export async function stationCommunities(stationIds: string[]): Promise<Map<string, string>> {
  const items = await batchGetAll(stationIds.map((id) => keys.station(id)), { ProjectionExpression: 'id, communityId' });
  return new Map(items.map((i) => [String(i.id), String(i.communityId)]));
}

/** A shown holder of a post in a community (members/ PostHolder): who may be dispatched a request of that post. */
export async function postHolder(communityId: string, postIndex: number, userId: string): Promise<{ name: string } | undefined> {
  return getMeta<{ name: string }>(keys.postHolder(communityId, postIndex, userId));
}
