/**
 * Appointments 任命: the only module of this domain that speaks DynamoDB.
 *
 * A role lives twice, written in one transaction: on the user's profile (`roles`, read on
 * every request: authorization) and as a RoleGrant item `USER#<id>/ROLE#<role>#<scopeId>`
 * indexed on gsi1 under its community (or street, or the system): the people list and
 * the last-admin guard. Invitations are `INVITE#<token>/META`; an admin's open ones are
 * counted on `USER#<id>/INVITES_OPEN` (token → expiry, versioned).
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Roles } from '@shared/roles';
import { batchGetAll, ddb, fromItem, getTogether, type Item, type Page, putIfAbsent, queryAll, queryPage, tableName, transact, type TransactOutcome, type TxItem } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { GrantRecord, InviteRecord, OpenInvites, RoleField } from './model';

const table = () => tableName();

/** The META item of an org or venue item (`<KIND>#<id>/META`), read consistently. */
export async function getMeta(key: { pk: string; sk: string }): Promise<Item | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  return Item;
}

// ---------------------------------------------------------------- role grants

const grantKeys = (g: Pick<GrantRecord, 'userId' | 'role' | 'scopeId' | 'holder'>) => ({
  ...keys.roleGrant(g.userId, g.role, g.scopeId),
  ...keys.rolePeopleIndex(g.holder, g.role, g.scopeId, g.userId),
});

/** Sets one role field of a profile, only if it still holds what was read (no lost concurrent change). */
export function profileRoleUpdate(userId: string, field: RoleField, before: Roles[RoleField], after: Roles[RoleField]): TxItem {
  const names = { '#roles': 'roles', '#f': field };
  return {
    Update: {
      TableName: table(),
      Key: keys.user(userId),
      UpdateExpression: 'SET #roles.#f = :after',
      ConditionExpression: before === undefined ? 'attribute_exists(pk) AND attribute_not_exists(#roles.#f)' : '#roles.#f = :before',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':after': after, ...(before === undefined ? {} : { ':before': before }) },
    },
  };
}

export function grantPut(g: GrantRecord): TxItem {
  // Unconditional: the profile's own condition guards the change; a stale grant item is simply replaced.
  return { Put: { TableName: table(), Item: { ...grantKeys(g), entity: 'RoleGrant', ...g } } };
}

export function grantDelete(userId: string, role: string, scopeId: string): TxItem {
  return { Delete: { TableName: table(), Key: keys.roleGrant(userId, role, scopeId) } };
}

/** Fails unless the grant still exists (another admin stays while one is revoked). */
export function grantStillHeld(userId: string, role: string, scopeId: string): TxItem {
  return { ConditionCheck: { TableName: table(), Key: keys.roleGrant(userId, role, scopeId), ConditionExpression: 'attribute_exists(pk)' } };
}

/** The appointed grid worker on the grid: shown (masked) on every building page of the grid. */
export function gridWorkerSet(gridId: string, worker: { userId: string; name: string; phone: string }): TxItem {
  return {
    Update: {
      TableName: table(),
      Key: keys.grid(gridId),
      UpdateExpression: 'SET workerName = :n, workerPhone = :p, workerUserId = :u',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(workerUserId)',
      ExpressionAttributeValues: { ':n': worker.name, ':p': worker.phone, ':u': worker.userId },
    },
  };
}

export function gridWorkerClear(gridId: string, userId: string): TxItem {
  return {
    Update: {
      TableName: table(),
      Key: keys.grid(gridId),
      UpdateExpression: 'SET workerName = :empty, workerPhone = :empty REMOVE workerUserId',
      ConditionExpression: 'workerUserId = :u',
      ExpressionAttributeValues: { ':empty': '', ':u': userId },
    },
  };
}

export async function getGrant(userId: string, role: string, scopeId: string): Promise<GrantRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: table(), Key: keys.roleGrant(userId, role, scopeId), ConsistentRead: true }));
  return Item ? fromItem<GrantRecord>(Item) : undefined;
}

/** Up to `limit` holders of one role in one scope (index order). */
export async function holders(holder: string, role: string, scopeId: string, limit: number): Promise<GrantRecord[]> {
  const items = await queryAll(
    {
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.rolePeoplePartition(holder), ':p': `${role}#${scopeId}#` },
      Limit: limit,
    },
    limit,
  );
  return items.map((i) => fromItem<GrantRecord>(i));
}

/** One page of a community's appointments, by role, then scope, then user. */
export async function peoplePage(holder: string, page: { limit: number; cursor?: string }): Promise<Page<GrantRecord>> {
  const res = await queryPage(
    { TableName: table(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.rolePeoplePartition(holder) } },
    page,
  );
  return { items: res.items.map((i) => fromItem<GrantRecord>(i)), nextCursor: res.nextCursor };
}

/** Writes a grant item for a role a profile already carries (demo loader): only if absent. */
export async function putGrantIfAbsent(g: GrantRecord): Promise<boolean> {
  return putIfAbsent({ ...grantKeys(g), entity: 'RoleGrant', ...g });
}

/** Nicknames of users by id (actors of audit entries, inviters). */
export async function nicknames(userIds: string[]): Promise<Map<string, string>> {
  const items = await batchGetAll(
    [...new Set(userIds)].map((id) => keys.user(id)),
    { ProjectionExpression: 'id, nickname' },
  );
  return new Map(items.map((i) => [String(i.id), String(i.nickname)]));
}

export const commit = (items: TxItem[]): Promise<TransactOutcome> => transact(items);

// ---------------------------------------------------------------- invitations

export async function getInvite(token: string): Promise<InviteRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: table(), Key: keys.invite(token), ConsistentRead: true }));
  return Item ? fromItem<InviteRecord>(Item) : undefined;
}

export async function getInvites(tokens: string[]): Promise<InviteRecord[]> {
  const items = await batchGetAll(tokens.map((t) => keys.invite(t)), { ConsistentRead: true });
  return items.map((i) => fromItem<InviteRecord>(i));
}

export async function getOpenInvites(userId: string): Promise<OpenInvites> {
  const { Item } = await ddb().send(new GetCommand({ TableName: table(), Key: keys.openInvites(userId), ConsistentRead: true }));
  return Item ? { open: (Item.open as Record<string, number>) ?? {}, version: Number(Item.version) } : { open: {}, version: 0 };
}

export function invitePut(invite: InviteRecord): TxItem {
  return { Put: { TableName: table(), Item: { ...keys.invite(invite.token), entity: 'Invite', ...invite }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Replaces an admin's open list, only if nobody changed it since it was read. */
export function openInvitesPut(userId: string, seen: OpenInvites, open: Record<string, number>): TxItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.openInvites(userId), entity: 'OpenInvites', open, version: seen.version + 1 },
      ConditionExpression: seen.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
      ...(seen.version === 0 ? {} : { ExpressionAttributeValues: { ':v': seen.version } }),
    },
  };
}

/** Takes one invitation off its creator's open list (accept, revoke). */
export function openInvitesRemove(userId: string, token: string): TxItem {
  return {
    Update: {
      TableName: table(),
      Key: keys.openInvites(userId),
      UpdateExpression: 'REMOVE #open.#t ADD version :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#open': 'open', '#t': token },
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}

/** Closes an open, unexpired invitation (accepted or revoked): the one-use guard. */
export function inviteClose(token: string, status: 'accepted' | 'revoked', by: string, at: string, nowMs: number): TxItem {
  return {
    Update: {
      TableName: table(),
      Key: keys.invite(token),
      UpdateExpression: 'SET #s = :s, closedBy = :by, closedAt = :at',
      ConditionExpression: '#s = :open AND expiresAtMs > :now',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': status, ':by': by, ':at': at, ':open': 'open', ':now': nowMs },
    },
  };
}

// ---------------------------------------------------------------- a station's staff list (who hears of its bookings)

/** The Query of a station's `STAFF#` items (their user ids, by id). */
const staffItemsQuery = (stationId: string) => ({
  TableName: tableName(),
  KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
  ExpressionAttributeValues: { ':p': keys.station(stationId).pk, ':s': 'STAFF#' },
  ProjectionExpression: 'userId',
});

/**
 * A page of a station's staff (user ids, by id), from its `STAFF#` items: at most `limit`,
 * after the one `after` (a fan-out's bookmark). `more`: whether any follow.
 */
export async function staffOfStation(stationId: string, limit: number, after?: string): Promise<{ userIds: string[]; more: boolean }> {
  const res = await ddb().send(
    new QueryCommand({
      ...staffItemsQuery(stationId),
      // One more than asked: tells whether more follow without a second read.
      Limit: limit + 1,
      ...(after ? { ExclusiveStartKey: keys.stationStaff(stationId, after) } : {}),
    }),
  );
  const userIds = (res.Items ?? []).map((i) => String(i.userId));
  return { userIds: userIds.slice(0, limit), more: userIds.length > limit };
}

/**
 * A page of the people who screen a community's wishes (its admins and the staff of its
 * stations, from the community's people index), at most `limit` grants after the bookmark
 * `after` (an index sort key). A person holding several such roles is listed once per role:
 * the messages sent from it are once-only. `next`: the bookmark of the next page, if any.
 */
export async function screenersOfCommunity(communityId: string, limit: number, after?: string): Promise<{ userIds: string[]; next?: string }> {
  const res = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: after ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
      FilterExpression: '#role IN (:admin, :staff)',
      ExpressionAttributeNames: { '#role': 'role' },
      ExpressionAttributeValues: { ':pk': keys.rolePeoplePartition(`COMMUNITY#${communityId}`), ':admin': 'admin', ':staff': 'staff', ...(after ? { ':after': after } : {}) },
      Limit: limit,
    }),
  );
  const next = res.LastEvaluatedKey?.gsi1sk;
  return { userIds: [...new Set((res.Items ?? []).map((i) => String(i.userId)))], ...(next ? { next: String(next) } : {}) };
}

/**
 * The staff list of a station on one item, `STATION#<id>/STAFFLIST` (`userIds`, a string set),
 * kept beside the `STAFF#` items in the same transactions: a booking reads it together with
 * the room and the slot locks, instead of a Query after them. It is the whole list only when
 * `complete` (set where the station was created, or by `completeStationStaffList` from the
 * `STAFF#` items); otherwise the readers Query the `STAFF#` items.
 */
const staffListUpdate = (stationId: string, op: 'ADD' | 'DELETE', userId: string): TxItem => ({
  Update: {
    TableName: tableName(),
    Key: keys.stationStaffList(stationId),
    UpdateExpression: `SET entity = :e, stationId = :s ${op} userIds :u`,
    ExpressionAttributeValues: { ':e': 'StationStaffList', ':s': stationId, ':u': new Set([userId]) },
  },
});

/** The (empty, complete) staff list of a new station, for the transaction that creates it. */
export function stationStaffListNew(stationId: string): TxItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...keys.stationStaffList(stationId), entity: 'StationStaffList', stationId, complete: true },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Records that `userId` works at `stationId`, as items of the appointment's transaction (appointments.ts). */
export function stationStaffPut(stationId: string, userId: string): TxItem[] {
  return [{ Put: { TableName: tableName(), Item: { ...keys.stationStaff(stationId, userId), entity: 'StationStaff', stationId, userId } } }, staffListUpdate(stationId, 'ADD', userId)];
}

/** Takes `userId` off the station's staff list, in the revocation's transaction. */
export function stationStaffDelete(stationId: string, userId: string): TxItem[] {
  return [{ Delete: { TableName: tableName(), Key: keys.stationStaff(stationId, userId) } }, staffListUpdate(stationId, 'DELETE', userId)];
}

/** Records that `userId` works at `stationId` (the demo loader, outside any appointment). */
export async function putStationStaff(stationId: string, userId: string): Promise<void> {
  const outcome = await transact(stationStaffPut(stationId, userId));
  if (!outcome.ok) throw new Error(`station staff ${stationId}/${userId} not written`);
}

/**
 * Makes a station's list item whole from its `STAFF#` items (a station stored before the list
 * existed): their ids are added to the set, which keeps what appointments added meanwhile.
 */
export async function completeStationStaffList(stationId: string): Promise<void> {
  const userIds = (await queryAll(staffItemsQuery(stationId))).map((i) => String(i.userId));
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.stationStaffList(stationId),
      UpdateExpression: `SET entity = :e, stationId = :s, complete = :t${userIds.length ? ' ADD userIds :u' : ''}`,
      ExpressionAttributeValues: { ':e': 'StationStaffList', ':s': stationId, ':t': true, ...(userIds.length ? { ':u': new Set(userIds) } : {}) },
    }),
  );
}

/**
 * The first `limit` of a station's staff (by id, as the `STAFF#` items sort) and whether more
 * follow, from its list item, read with the other reads the caller starts at the same time
 * (`getTogether`); undefined when the station has no complete list (Query `staffOfStation`).
 */
export async function staffFromList(stationId: string, limit: number): Promise<{ userIds: string[]; more: boolean } | undefined> {
  const [item] = await getTogether([keys.stationStaffList(stationId)]);
  if (!item?.complete) return undefined;
  // DynamoDB orders sort keys by their UTF-8 bytes: the fan-out continues after the last one told.
  const ids = [...((item.userIds as Set<string> | undefined) ?? [])].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return { userIds: ids.slice(0, limit), more: ids.length > limit };
}
