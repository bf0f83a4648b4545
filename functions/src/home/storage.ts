import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Home } from '@shared/api/home';
import { auditPut, type AuditEntry } from '../audit/storage';
import { ddb, fromItem, isConditionFailure, type Item, type Page, queryPage, tableName, transact, type TransactOutcome, type TxItem } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { NoticeRecord } from './model';

/** The org units a home is made of, as stored (org/model's Building and Community, the fields read here). */
export interface BuildingMeta {
  id: string;
  communityId: string;
  estate: string;
  name: string;
  deactivatedAt?: string;
}
export interface CommunityMeta {
  id: string;
  name: string;
  streetId: string;
  deactivatedAt?: string;
}

export async function getBuildingAndCommunity(buildingId: string): Promise<{ building?: BuildingMeta; community?: CommunityMeta }> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.building(buildingId) }));
  if (!Item) return {};
  const building = fromItem<BuildingMeta>(Item);
  return { building, community: await getCommunityMeta(building.communityId) };
}

export async function getCommunityMeta(communityId: string): Promise<CommunityMeta | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.community(communityId) }));
  return Item ? fromItem<CommunityMeta>(Item) : undefined;
}

const inService = 'attribute_exists(pk) AND attribute_not_exists(deactivatedAt)';

/**
 * Sets the home on the profile, only while the building and its community are in service
 * (checked in the same transaction, so a building deactivated meanwhile is never chosen).
 * `onlyIfNone`: keeps a home already chosen (report-in sets the home of those without one).
 */
export async function saveHome(userId: string, home: Home, opts: { onlyIfNone?: boolean } = {}): Promise<TransactOutcome> {
  return transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.user(userId),
        UpdateExpression: opts.onlyIfNone ? 'SET #home = if_not_exists(#home, :h)' : 'SET #home = :h',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#home': 'home' },
        ExpressionAttributeValues: { ':h': home },
      },
    },
    { ConditionCheck: { TableName: tableName(), Key: keys.building(home.buildingId), ConditionExpression: inService } },
    { ConditionCheck: { TableName: tableName(), Key: keys.community(home.communityId), ConditionExpression: inService } },
  ]);
}

/** Removes the home from the profile; false when the user does not exist. */
export async function removeHome(userId: string): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({ TableName: tableName(), Key: keys.user(userId), UpdateExpression: 'REMOVE #home', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeNames: { '#home': 'home' } }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

// ---------------------------------------------------------------- notices 公告

const noticeItem = (n: NoticeRecord): Item => ({ ...keys.notice(n.id), ...keys.noticeAdminIndex(n.communityId, n.createdMs, n.id), entity: 'Notice', ...n });

/** The live copy on the board, or none for a notice already past its last day. */
function boardItem(n: NoticeRecord, nowMs: number): Item | undefined {
  if (n.expiresMs !== undefined && n.expiresMs <= nowMs) return undefined;
  return {
    ...keys.noticeBoard(n.communityId, n.pinned, n.createdMs, n.id),
    entity: 'NoticeBoardEntry',
    ...n,
    ...(n.expiresMs !== undefined ? { ttl: Math.floor(n.expiresMs / 1000) } : {}),
  };
}

const boardKey = (n: NoticeRecord) => keys.noticeBoard(n.communityId, n.pinned, n.createdMs, n.id);

export async function getNotice(noticeId: string): Promise<NoticeRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.notice(noticeId), ConsistentRead: true }));
  return Item ? fromItem<NoticeRecord>(Item) : undefined;
}

/** A new notice, its board copy and its audit entry, in one transaction; the community must be in service. */
export function insertNotice(n: NoticeRecord, audit: AuditEntry, nowMs: number): Promise<TransactOutcome> {
  const board = boardItem(n, nowMs);
  return transact([
    { Put: { TableName: tableName(), Item: noticeItem(n), ConditionExpression: 'attribute_not_exists(pk)' } },
    { ConditionCheck: { TableName: tableName(), Key: keys.community(n.communityId), ConditionExpression: inService } },
    ...(board ? [{ Put: { TableName: tableName(), Item: board } }] : []),
    auditPut(audit),
  ]);
}

/**
 * Replaces a notice read at `before.version`: the META (only if nobody changed it since),
 * the board copy moved to its new key (pinned/unpinned) or removed (expired), and the audit entry.
 */
export function replaceNotice(before: NoticeRecord, after: NoticeRecord, audit: AuditEntry, nowMs: number): Promise<TransactOutcome> {
  const board = boardItem(after, nowMs);
  const oldKey = boardKey(before);
  const sameKey = board !== undefined && board.sk === oldKey.sk;
  const items: TxItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: noticeItem(after),
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': before.version },
      },
    },
    ...(sameKey ? [] : [{ Delete: { TableName: tableName(), Key: oldKey } }]),
    ...(board ? [{ Put: { TableName: tableName(), Item: board } }] : []),
    auditPut(audit),
  ];
  return transact(items);
}

/**
 * One page of the public board: pinned first, then newest first. Expired notices have left
 * the partition by TTL; the filter hides those DynamoDB has not yet deleted (up to ~2 days).
 */
export async function listBoard(communityId: string, page: { limit: number; cursor?: string }, nowMs: number): Promise<Page<NoticeRecord>> {
  const res = await queryPage(
    {
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'attribute_not_exists(expiresMs) OR expiresMs > :now',
      ExpressionAttributeValues: { ':pk': keys.noticeBoardPartition(communityId), ':now': nowMs },
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<NoticeRecord>(i)), nextCursor: res.nextCursor };
}

/** One page of a community's notices for its admins, expired too, newest first (GSI1). */
export async function listAllNotices(communityId: string, page: { limit: number; cursor?: string }): Promise<Page<NoticeRecord>> {
  const res = await queryPage(
    {
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.noticeAdminPartition(communityId) },
      ScanIndexForward: false,
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<NoticeRecord>(i)), nextCursor: res.nextCursor };
}
