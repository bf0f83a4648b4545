import { GetCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, ddb, fromItem, type Item, type Page, queryPage, tableName, transact as transactItems, type TxItem } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { BeneficiaryRecord, WishRecord } from './model';

/**
 * The only module of the wishes domain that speaks DynamoDB. A wish's partition `WISH#<id>`
 * holds META (public fields, status, version, the live claim) and BENEFICIARY (personal
 * data, read only when the caller may see it). Every status change is one transaction: META
 * conditioned on the status and version read, the due-list item moved, the messages added.
 */

/** A transaction refused because of a condition. */
export class TxRefused extends Error {
  constructor() {
    super('transaction refused');
    this.name = 'TxRefused';
  }
}

async function transact(items: TxItem[]): Promise<void> {
  const res = await transactItems(items, { attempts: 8 });
  if (!res.ok) throw new TxRefused();
}

const T = () => tableName();

/** META with its index keys: gsi1–3 always, gsi4 (我认领的) while someone holds or held the claim. */
export function wishItem(w: WishRecord): Item {
  return {
    ...keys.wish(w.id),
    ...keys.wishIndexes(w),
    ...(w.claimantId && w.claimedAt ? keys.wishClaimantIndex(w.claimantId, w.claimedAt, w.id) : {}),
    entity: 'Wish',
    ...w,
  };
}

function dueItem(w: WishRecord): Item {
  return { ...keys.wishDue(w.dueAt!, w.id), entity: 'WishDue', wishId: w.id, status: w.status, dueAt: w.dueAt };
}

/** A new wish with its beneficiary and due item, in one transaction with `also` (the screeners' messages). */
export async function createWish(w: WishRecord, b: BeneficiaryRecord, also: TxItem[] = []): Promise<void> {
  await transact([
    { Put: { TableName: T(), Item: wishItem(w), ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: T(), Item: { ...keys.wishBeneficiary(w.id), entity: 'WishBeneficiary', ...b }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...(w.dueAt ? [{ Put: { TableName: T(), Item: dueItem(w) } }] : []),
    ...also,
  ]);
}

/** A wish written once with a fixed id (the demo loader): false when it exists already. */
export async function saveWishIfAbsent(w: WishRecord, b: BeneficiaryRecord): Promise<boolean> {
  try {
    await createWish(w, b);
    return true;
  } catch (err) {
    if (err instanceof TxRefused) return false;
    throw err;
  }
}

/**
 * Writes `next` only if META is still `prev` (same status and version), and moves the
 * due-list item with it (old one deleted, new one put) — in one transaction with `also`.
 */
export async function saveMove(prev: WishRecord, next: WishRecord, also: TxItem[] = []): Promise<void> {
  const items: TxItem[] = [
    {
      Put: {
        TableName: T(),
        Item: wishItem(next),
        ConditionExpression: '#s = :s AND version = :v',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': prev.status, ':v': prev.version },
      },
    },
  ];
  if (prev.dueAt !== next.dueAt || prev.status !== next.status) {
    if (prev.dueAt) items.push({ Delete: { TableName: T(), Key: keys.wishDue(prev.dueAt, prev.id) } });
    if (next.dueAt) items.push({ Put: { TableName: T(), Item: dueItem(next) } });
  }
  await transact([...items, ...also]);
}

export async function getWish(id: string): Promise<WishRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.wish(id), ConsistentRead: true }));
  return Item ? fromItem<WishRecord>(Item) : undefined;
}

export async function getBeneficiary(id: string): Promise<BeneficiaryRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.wishBeneficiary(id), ConsistentRead: true }));
  return Item ? fromItem<BeneficiaryRecord>(Item) : undefined;
}

/** The beneficiaries of several wishes (one BatchGetItem), by wish id. */
export async function beneficiariesOf(ids: string[]): Promise<Map<string, BeneficiaryRecord>> {
  const items = await batchGetAll(ids.map((id) => keys.wishBeneficiary(id)));
  return new Map(items.map((i) => fromItem<BeneficiaryRecord>(i)).map((b) => [b.wishId, b]));
}

/** Org items (buildings, stations) by key, for the community, grid and label of a wish. */
export async function orgItems(wanted: { pk: string; sk: string }[]): Promise<Map<string, Item>> {
  const items = await batchGetAll(wanted);
  return new Map(items.map((i) => [String(i.pk), i]));
}

/** The caller's report-in (members: the building they serve), as the members domain stores it. */
export async function reportInOf(userId: string): Promise<Item | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.reportIn(userId) }));
  return Item;
}

export interface WishFilter {
  kind?: string;
  /** Leave this building out (the wall's second part, after the member's own building). */
  notBuildingId?: string;
}

function filterOf(f: WishFilter): Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (f.kind) {
    names['#k'] = 'kind';
    values[':fk'] = f.kind;
    parts.push('#k = :fk');
  }
  if (f.notBuildingId) {
    values[':fb'] = f.notBuildingId;
    parts.push('buildingId <> :fb');
  }
  return parts.length ? { FilterExpression: parts.join(' AND '), ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}), ExpressionAttributeValues: values } : {};
}

async function wishPage(input: QueryCommandInput, filter: WishFilter, page: { limit: number; cursor?: string }): Promise<Page<WishRecord>> {
  const f = filterOf(filter);
  const res = await queryPage({ ...input, ...f, ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ...f.ExpressionAttributeValues } }, page);
  return { items: res.items.map((i) => fromItem<WishRecord>(i)), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

/** A community's wishes of one status (gsi1): newest first, or oldest first (the screening queue). */
export function communityWishes(communityId: string, status: string, filter: WishFilter, page: { limit: number; cursor?: string }, oldestFirst = false) {
  const { gsi1pk } = keys.wishIndexes({ communityId, buildingId: '', status, createdAt: '', id: '', posterId: '' });
  return wishPage(
    { TableName: T(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :st)', ExpressionAttributeValues: { ':pk': gsi1pk, ':st': `${status}#` }, ScanIndexForward: oldestFirst },
    filter,
    page,
  );
}

/** A building's wishes of one status (gsi2), newest first. */
export function buildingWishes(buildingId: string, status: string, filter: WishFilter, page: { limit: number; cursor?: string }) {
  const { gsi2pk } = keys.wishIndexes({ communityId: '', buildingId, status, createdAt: '', id: '', posterId: '' });
  return wishPage(
    { TableName: T(), IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :st)', ExpressionAttributeValues: { ':pk': gsi2pk, ':st': `${status}#` }, ScanIndexForward: false },
    filter,
    page,
  );
}

/** The wishes a user posted (gsi3), newest first. */
export function posterWishes(userId: string, page: { limit: number; cursor?: string }) {
  const { gsi3pk } = keys.wishIndexes({ communityId: '', buildingId: '', status: '', createdAt: '', id: '', posterId: userId });
  return wishPage({ TableName: T(), IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': gsi3pk }, ScanIndexForward: false }, {}, page);
}

/** The wishes a user claimed (gsi4), newest claim first. */
export function claimantWishes(userId: string, page: { limit: number; cursor?: string }) {
  const { gsi4pk } = keys.wishClaimantIndex(userId, '', '');
  return wishPage({ TableName: T(), IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk', ExpressionAttributeValues: { ':pk': gsi4pk }, ScanIndexForward: false }, {}, page);
}

/** A page of due-list entries due at or before `at` (ISO, +08:00), soonest first. */
export async function dueWishes(at: string, page: { limit: number; cursor?: string }): Promise<Page<{ wishId: string; dueAt: string }>> {
  const res = await queryPage(
    { TableName: T(), KeyConditionExpression: 'pk = :pk AND sk <= :upto', ExpressionAttributeValues: { ':pk': keys.wishDuePartition, ':upto': `${at}#~` } },
    page,
  );
  return { items: res.items.map((i) => ({ wishId: String(i.wishId), dueAt: String(i.dueAt) })), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

/** Removes a due-list entry that no longer matches its wish (never expected: every move moves it). */
export async function dropStaleDue(dueAt: string, wishId: string, w: WishRecord | undefined): Promise<void> {
  await transact([
    { Delete: { TableName: T(), Key: keys.wishDue(dueAt, wishId) } },
    ...(w ? [{ ConditionCheck: { TableName: T(), Key: keys.wish(wishId), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': w.version } } }] : []),
  ]).catch((err) => {
    if (!(err instanceof TxRefused)) throw err;
  });
}
