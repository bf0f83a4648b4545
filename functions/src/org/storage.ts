import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, batchGetNames, ddb, fromItem, type Item, type Page, putIfAbsent, queryAll, queryIndexPrefix, queryPage, tableName, transact, type TransactOutcome, type TxItem } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { Building, Community, Grid, OrgTree, Street } from './model';

export const streetItem = (s: Street): Item => ({ ...keys.street(s.id), ...keys.streetIndex(s.id), entity: 'Street', ...s });
export const communityItem = (c: Community): Item => ({
  ...keys.community(c.id),
  ...keys.communityIndex(c.streetId, c.id),
  ...(c.deactivatedAt ? {} : keys.activeCommunityIndex(c.streetId, c.id)),
  entity: 'Community',
  ...c,
});
export const gridItem = (g: Grid): Item => ({ ...keys.grid(g.id), ...keys.communityChild(g.communityId, 'GRID', g.id), entity: 'Grid', ...g });
export const buildingItem = (b: Building): Item => ({ ...keys.building(b.id), ...keys.communityChild(b.communityId, 'BUILDING', b.id), entity: 'Building', ...b });

/** The items that store an org tree, with their keys and index keys. */
export function orgItems(tree: OrgTree): Item[] {
  return [...tree.streets.map(streetItem), ...tree.communities.map(communityItem), ...tree.grids.map(gridItem), ...tree.buildings.map(buildingItem)];
}

// ---------------------------------------------------------------- maintaining the tree

/** One unit's META item (street, community, grid, building, station, room), read strongly: a change reads then writes it. */
export async function getMeta<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return Item ? fromItem<T>(Item) : undefined;
}

/** The Put of a new unit: only if its key is free. */
export function putNew(item: Item): TxItem {
  return { Put: { TableName: tableName(), Item: { ...item, version: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The Put replacing a unit read at `readVersion` (0: stored before versions existed): only if nobody changed it since. */
export function putOver(item: Item, readVersion: number): TxItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...item, version: readVersion + 1 },
      ConditionExpression: readVersion === 0 ? 'attribute_exists(pk) AND attribute_not_exists(#v)' : '#v = :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ...(readVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': readVersion } }),
    },
  };
}

/**
 * `putOver` of a deactivation that needs its unit to have no children in service, read from
 * the unit's own counters (`roomCount`, `gridCount`, `buildingCount`, `communityCount`: ADDed
 * in the same transactions that create, move and deactivate the children). Unlike the
 * children's index (a GSI, eventually consistent) a counter cannot miss a child written a
 * moment ago. A unit stored without the counter (older data) relies on the index query alone.
 */
export function putOverWithoutChildren(item: Item, readVersion: number, counters: string[]): TxItem {
  const put = putOver(item, readVersion).Put!;
  const names = Object.fromEntries(counters.map((c, i) => [`#c${i}`, c]));
  const none = counters.map((_, i) => `(attribute_not_exists(#c${i}) OR #c${i} <= :zero)`).join(' AND ');
  return {
    Put: {
      ...put,
      ConditionExpression: `(${put.ConditionExpression}) AND ${none}`,
      ExpressionAttributeNames: { ...put.ExpressionAttributeNames, ...names },
      ExpressionAttributeValues: { ...put.ExpressionAttributeValues, ':zero': 0 },
    },
  };
}

/** True when a unit's counter says it has children in service (checked before the guarded Put, for a clear 409). */
export const countsChildren = (unit: object, counter: string) => Number((unit as Record<string, unknown>)[counter] ?? 0) > 0;

/**
 * The guard on a new unit's parent: it exists, is in service (and, for a grid, belongs to
 * `communityId`); `count` ADDs to one of its counters (a community's buildingCount…).
 * It also bumps the parent's `version`, in the child's transaction: a deactivation that
 * read the parent before the child existed then fails its version-guarded Put (putOver),
 * reads again and finds the child, so no child in service ends up under a deactivated parent.
 */
export function parentInService(key: { pk: string; sk: string }, opts: { communityId?: string; count?: { field: string; delta: number } } = {}): TxItem {
  const condition = `attribute_exists(pk) AND attribute_not_exists(deactivatedAt)${opts.communityId ? ' AND communityId = :c' : ''}`;
  const values = { ':one': 1, ...(opts.communityId ? { ':c': opts.communityId } : {}), ...(opts.count ? { ':d': opts.count.delta } : {}) };
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: opts.count ? 'ADD #v :one, #n :d' : 'ADD #v :one',
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#v': 'version', ...(opts.count ? { '#n': opts.count.field } : {}) },
      ExpressionAttributeValues: values,
    },
  };
}

/** ADDs to a counter of a unit that exists (a community's buildingCount when a building is deactivated). */
export function addToCount(key: { pk: string; sk: string }, field: string, delta: number): TxItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'ADD #n :d',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#n': field },
      ExpressionAttributeValues: { ':d': delta },
    },
  };
}

/** Runs one change of the tree (the unit, its parent's guard, its code, its audit entry) as one transaction. */
export function commitChange(items: TxItem[]): Promise<TransactOutcome> {
  return transact(items);
}

/** One page of every street, deactivated ones too (GSI1 STREETS, STREET#id). */
export async function listStreets(page: { limit: number; cursor?: string }): Promise<Page<Street>> {
  const res = await queryPage({ TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'STREETS' } }, page);
  return { items: res.items.map((i) => fromItem<Street>(i)), nextCursor: res.nextCursor };
}

/** One page of a street's communities, deactivated ones too (GSI1 COMMUNITIES, STREET#id#COMMUNITY#…). */
export async function streetCommunities(streetId: string, page: { limit: number; cursor?: string }): Promise<Page<Community>> {
  const res = await queryPage(
    {
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :p)',
      ExpressionAttributeValues: { ':pk': 'COMMUNITIES', ':p': `STREET#${streetId}#COMMUNITY#` },
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<Community>(i)), nextCursor: res.nextCursor };
}

/** One page of a community's grids, deactivated ones too (GSI1 COMMUNITY#id, GRID#…). */
export async function listGrids(communityId: string, page: { limit: number; cursor?: string }): Promise<Page<Grid>> {
  const res = await queryPage(
    {
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :p)',
      ExpressionAttributeValues: { ':pk': `COMMUNITY#${communityId}`, ':p': 'GRID#' },
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<Grid>(i)), nextCursor: res.nextCursor };
}

/**
 * True when an index partition holds a unit in service under `prefix` (optionally of one
 * grid): the deactivation rules. Stops at the first one found.
 */
async function anyInService(pk: string, prefix: string, gridId?: string): Promise<boolean> {
  const found = await queryAll(
    {
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :p)',
      FilterExpression: `attribute_not_exists(deactivatedAt)${gridId ? ' AND gridId = :g' : ''}`,
      ExpressionAttributeValues: { ':pk': pk, ':p': prefix, ...(gridId ? { ':g': gridId } : {}) },
      ProjectionExpression: 'id',
      Limit: 200,
    },
    1,
  );
  return found.length > 0;
}

export const streetHasActiveCommunities = (streetId: string) => anyInService('COMMUNITIES', `STREET#${streetId}#COMMUNITY#`);
export const communityHasActive = (communityId: string, kind: 'GRID' | 'STATION') => anyInService(`COMMUNITY#${communityId}`, `${kind}#`);
export const gridHasActiveBuildings = (communityId: string, gridId: string) => anyInService(`COMMUNITY#${communityId}`, 'BUILDING#', gridId);

/** A street's new name on each of its communities (denormalised `streetName`). */
export async function renameStreetInCommunities(streetId: string, streetName: string): Promise<void> {
  const items = await queryIndexPrefix('gsi1', 'COMMUNITIES', `STREET#${streetId}#COMMUNITY#`);
  await Promise.all(
    items.map((i) =>
      ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.community(String(i.id)),
          UpdateExpression: 'ADD #v :one SET streetName = :n',
          ConditionExpression: 'attribute_exists(pk)',
          // A new version: an edit of the item read before the rename retries instead of writing the old name back.
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':one': 1, ':n': streetName },
        }),
      ),
    ),
  );
}

/** One page of the communities in service (sparse GSI2 `COMMUNITIES#ACTIVE`), by street then id: full pages however many are deactivated. */
export async function listCommunities(page: { limit: number; cursor?: string }): Promise<Page<Community>> {
  const res = await queryPage(
    {
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': 'COMMUNITIES#ACTIVE' },
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<Community>(i)), nextCursor: res.nextCursor };
}

export async function getCommunity(communityId: string): Promise<Community | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.community(communityId) }));
  return Item ? fromItem<Community>(Item) : undefined;
}

/** The ids of the communities of some streets (a street admin's scope): one query per street. */
export async function communityIdsOfStreets(streetIds: string[]): Promise<string[]> {
  const pages = await Promise.all(
    streetIds.map((streetId) =>
      queryAll({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :p)',
        ExpressionAttributeValues: { ':pk': 'COMMUNITIES', ':p': `STREET#${streetId}#COMMUNITY#` },
        ProjectionExpression: 'id',
      }),
    ),
  );
  return pages.flat().map((i) => String(i.id));
}

/** One page of a community's buildings (GSI1 COMMUNITY#id, BUILDING#…), in id order. */
export async function listBuildings(communityId: string, page: { limit: number; cursor?: string }): Promise<Page<Building>> {
  const res = await queryPage(
    {
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :p)',
      ExpressionAttributeValues: { ':pk': `COMMUNITY#${communityId}`, ':p': 'BUILDING#' },
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<Building>(i)), nextCursor: res.nextCursor };
}

/** Names of communities by id (ids come from a user's roles: few). */
export async function communityNames(communityIds: string[]): Promise<Map<string, string>> {
  return batchGetNames(communityIds.map((id) => keys.community(id)));
}

/** Names of streets or grids by id (ids come from a user's roles: few). */
export async function scopeNames(kind: 'street' | 'grid', ids: string[]): Promise<Map<string, string>> {
  return batchGetNames(ids.map((id) => keys[kind](id)));
}

/** Writes the parts of an org tree that are not stored yet; returns how many items were new. */
export async function saveTreeIfAbsent(tree: OrgTree): Promise<number> {
  let written = 0;
  for (const item of orgItems(tree)) if (await putIfAbsent(item)) written++;
  return written;
}

// ---- bulk import of buildings (org/import.ts) ----

/** Every grid of a community (GSI1 COMMUNITY#id, GRID#…), page after page. */
export async function gridsOfCommunity(communityId: string): Promise<Grid[]> {
  return (await queryIndexPrefix('gsi1', `COMMUNITY#${communityId}`, 'GRID#')).map((i) => fromItem<Grid>(i));
}

/** Every building of a community (GSI1 COMMUNITY#id, BUILDING#…), page after page (an import compares against them all). */
export async function buildingsOfCommunity(communityId: string): Promise<Building[]> {
  return (await queryIndexPrefix('gsi1', `COMMUNITY#${communityId}`, 'BUILDING#')).map((i) => fromItem<Building>(i));
}

/** The Put of a new building, exactly the item orgItems writes, only if its id is free. */
export function buildingCreatePut(b: Building): TxItem {
  const [item] = orgItems({ streets: [], communities: [], grids: [], buildings: [b] });
  return { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * Sets a building's counts 单元数/户数, only while they still are what the change was planned
 * from (a concurrent edit fails the condition instead of being overwritten).
 */
export function buildingCountsUpdate(before: Building, after: Pick<Building, 'units' | 'households'>): TxItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const conditions = ['attribute_exists(pk)'];
  for (const field of ['units', 'households'] as const) {
    if (after[field] === undefined || after[field] === before[field]) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = after[field];
    sets.push(`#${field} = :${field}`);
    if (before[field] === undefined) conditions.push(`attribute_not_exists(#${field})`);
    else {
      values[`:old_${field}`] = before[field];
      conditions.push(`#${field} = :old_${field}`);
    }
  }
  return {
    Update: {
      TableName: tableName(),
      Key: keys.building(before.id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** One batch of an import (≤ 100 items): all or nothing; a failed condition comes back per item. */
export function writeImportBatch(items: TxItem[]): Promise<TransactOutcome> {
  return transact(items);
}

/** Adds the buildings an import created to the community's count (shown in the community list). */
export async function addToBuildingCount(communityId: string, created: number): Promise<void> {
  if (created === 0) return;
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.community(communityId),
      UpdateExpression: 'ADD buildingCount :n',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':n': created },
    }),
  );
}

/** Buildings by id (one BatchGetItem; unknown ids are absent): an activity's chosen buildings. */
export async function buildingsByIds(ids: string[]): Promise<Building[]> {
  return (await batchGetAll(ids.map((id) => keys.building(id)))).map((i) => fromItem<Building>(i));
}
