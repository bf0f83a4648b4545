import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, ddb, fromItem, isConditionFailure, type Item, queryAll, queryIndexPrefix, tableName, type TxItem } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { BuildingPageSnapshot, BuildingPartition, CodeRecord, CurrentCode, MemberCard } from './model';
import { randomUUID } from 'node:crypto';
import type { GridWorkerRevealRecord, ShortCodeRecord } from './model';

export async function getCode(token: string): Promise<CodeRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.code(token) }));
  return Item ? fromItem<CodeRecord>(Item) : undefined;
}

function pointerItem(c: CurrentCode): Item {
  return { ...keys.currentCode(c.kind, c.targetId), ...keys.communityCode(c.communityId, c.kind, c.targetId), entity: 'CurrentCode', ...c };
}

function toPointer(r: CodeRecord): CurrentCode {
  return { token: r.token, kind: r.kind, targetId: r.targetId, communityId: r.communityId, label: r.label, ...(r.shortCode ? { shortCode: r.shortCode } : {}), createdAt: r.createdAt };
}

/** The lookup item of a short code, written only if the code is still free. */
function shortCodePut(shortCode: string, token: string) {
  const record: ShortCodeRecord = { shortCode, token };
  return { Put: { TableName: tableName(), Item: { ...keys.shortCode(shortCode), entity: 'ShortCode', ...record }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Which items of a cancelled transaction failed their condition (indexes), or undefined for another error. */
function failedConditions(err: unknown): number[] | undefined {
  if (!isConditionFailure(err)) return undefined;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
}

export async function getShortCode(shortCode: string): Promise<ShortCodeRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.shortCode(shortCode) }));
  return Item ? fromItem<ShortCodeRecord>(Item) : undefined;
}

/** Records one reveal of a grid worker's number (who, which grid, when) before the number leaves. */
export async function recordGridWorkerReveal(r: GridWorkerRevealRecord, revealId = randomUUID()): Promise<void> {
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.gridWorkerReveal(r.gridId, r.at, r.viewerId, revealId), ...keys.gridWorkerRevealByViewer(r.viewerId, r.at, r.gridId, revealId), entity: 'GridWorkerReveal', ...r },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/**
 * The Puts that create a target's first code, each only if absent: the record, the
 * target's pointer and (last) the short code's lookup item. For the transaction that
 * creates the target itself (a new building or room gets its code in the same step).
 */
export function newCodePuts(record: CodeRecord): TxItem[] {
  return [
    { Put: { TableName: tableName(), Item: { ...keys.code(record.token), entity: 'Code', ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: tableName(), Item: pointerItem(toPointer(record)), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...(record.shortCode ? [shortCodePut(record.shortCode, record.token)] : []),
  ];
}

/**
 * Creates a target's first code: the record, the pointer and the short code's lookup item,
 * each only if absent, in one transaction. 'exists' when the target had a code (or the token
 * was taken), 'short-code-taken' when only the short code collided (draw another).
 */
export async function createCodeIfAbsent(record: CodeRecord): Promise<'created' | 'exists' | 'short-code-taken'> {
  try {
    await ddb().send(new TransactWriteCommand({ TransactItems: newCodePuts(record) }));
    return 'created';
  } catch (err) {
    const failed = failedConditions(err);
    if (!failed) throw err;
    return failed.length === 1 && failed[0] === 2 ? 'short-code-taken' : 'exists';
  }
}

/**
 * Gives a code made before short codes existed its short code, in one transaction: the
 * lookup item (only if the short code is free), the record (only while active and without
 * one) and the target's pointer (only while it points at this token). False when any
 * condition failed (short code taken, or the code changed meanwhile: read it again).
 */
export async function assignShortCode(record: CodeRecord, shortCode: string): Promise<boolean> {
  try {
    await ddb().send(
      new TransactWriteCommand({
        TransactItems: [
          shortCodePut(shortCode, record.token),
          {
            Update: {
              TableName: tableName(),
              Key: keys.code(record.token),
              UpdateExpression: 'SET shortCode = :s',
              ConditionExpression: 'active = :t AND attribute_not_exists(shortCode)',
              ExpressionAttributeValues: { ':s': shortCode, ':t': true },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: keys.currentCode(record.kind, record.targetId),
              UpdateExpression: 'SET shortCode = :s',
              ConditionExpression: '#token = :token',
              ExpressionAttributeNames: { '#token': 'token' },
              ExpressionAttributeValues: { ':s': shortCode, ':token': record.token },
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/**
 * Rotation in one transaction: the old record turns inactive (only if it still is active),
 * the new one is created (only if the token is new), the target's pointer moves (only if
 * it still points at the old token), the new short code's lookup item is created (only if
 * the short code is free; the old one stays, pointing at the retired token, so typing it
 * says 已更新). False when any condition failed (a concurrent rotation).
 */
export async function rotate(old: CodeRecord, fresh: CodeRecord): Promise<boolean> {
  try {
    await ddb().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.code(old.token),
              UpdateExpression: 'SET active = :f, rotatedAt = :at, replacedBy = :new',
              ConditionExpression: 'active = :t',
              ExpressionAttributeValues: { ':f': false, ':t': true, ':at': fresh.createdAt, ':new': fresh.token },
            },
          },
          { Put: { TableName: tableName(), Item: { ...keys.code(fresh.token), entity: 'Code', ...fresh }, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: tableName(),
              Item: pointerItem(toPointer(fresh)),
              ConditionExpression: '#token = :old',
              ExpressionAttributeNames: { '#token': 'token' },
              ExpressionAttributeValues: { ':old': old.token },
            },
          },
          ...(fresh.shortCode ? [shortCodePut(fresh.shortCode, fresh.token)] : []),
        ],
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/**
 * At most `limit` items of a community's GSI1 partition whose sort key starts with `prefix`
 * (`BUILDING#` for its buildings, `CODE#ROOM#` for its room codes), after `start`; `last`
 * is DynamoDB's LastEvaluatedKey while more may follow.
 */
export async function communityIndexPage(communityId: string, prefix: string, limit: number, start?: Item): Promise<{ items: Item[]; last?: Item }> {
  const res = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :p)',
      ExpressionAttributeValues: { ':pk': `COMMUNITY#${communityId}`, ':p': prefix },
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  return { items: (res.Items ?? []).map((i) => fromItem<Item>(i)), last: res.LastEvaluatedKey };
}

/** The current codes of the given targets (`<KIND>#<id>/CODE`), in one BatchGetItem, by `kind:targetId`. */
export async function getCurrentCodes(targets: { kind: 'building' | 'community' | 'room'; id: string }[]): Promise<Map<string, CurrentCode>> {
  const items = await batchGetAll(targets.map((t) => keys.currentCode(t.kind, t.id)));
  return new Map(items.map((i) => fromItem<CurrentCode>(i)).map((c) => [`${c.kind}:${c.targetId}`, c]));
}

/**
 * The whole building partition in one Query (`pk = BUILDING#<id>`): META (org), CODE
 * (current code), PAGE (read model) and one MEMBER#<userId> card per consenting member.
 * More pages only when the partition outgrows 1 MB (thousands of cards).
 */
export async function queryBuilding(buildingId: string): Promise<BuildingPartition> {
  const out: BuildingPartition = { members: [] };
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.building(buildingId).pk },
  });
  for (const item of items) {
    const sk = String(item.sk);
    if (sk === 'META') out.meta = fromItem(item);
    else if (sk === 'CODE') out.code = fromItem(item);
    else if (sk === 'PAGE') out.page = fromItem<{ snapshot: BuildingPageSnapshot }>(item).snapshot;
    else if (sk.startsWith(keys.buildingMemberPrefix)) out.members.push(fromItem<MemberCard>(item));
  }
  return out;
}

export async function putBuildingPage(buildingId: string, snapshot: BuildingPageSnapshot): Promise<void> {
  await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.buildingPage(buildingId), entity: 'BuildingPage', snapshot } }));
}

/** Org items (META) by key, in one BatchGetItem: building, grid, community, room. */
export async function getMetas(wanted: { pk: string; sk: string }[]): Promise<Map<string, Item>> {
  return new Map((await batchGetAll(wanted)).map((item) => [String(item.pk), fromItem<Item>(item)]));
}

/** Children of a community on GSI1 (`BUILDING#`, `STATION#`), as stored by org/venues. */
export async function communityChildren(communityId: string, kind: 'BUILDING' | 'STATION'): Promise<Item[]> {
  return (await queryIndexPrefix('gsi1', `COMMUNITY#${communityId}`, `${kind}#`)).map((i) => fromItem(i));
}


/**
 * The Put of a member card, for the member's own transaction (members/storage.ts): a card
 * is only ever written together with the profile and report-in it was derived from.
 */
export function memberCardPut(card: MemberCard): TxItem {
  if (card.phoneMasked && /\d{11}/.test(card.phoneMasked)) throw new Error('a member card must never hold a full phone number');
  return { Put: { TableName: tableName(), Item: { ...keys.buildingMember(card.buildingId, card.userId), entity: 'MemberCard', ...card } } };
}

export function memberCardDelete(buildingId: string, userId: string): TxItem {
  return { Delete: { TableName: tableName(), Key: keys.buildingMember(buildingId, userId) } };
}
