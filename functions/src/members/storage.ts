import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, ddb, fromItem, isConditionFailure, type Item, queryAll, queryIndexPrefix, tableName } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { MemberRecord, ReportInRecord, RevealRecord } from './model';

const profileItem = (m: MemberRecord): Item => ({
  ...keys.memberProfile(m.userId),
  ...keys.memberApplicationIndex(m.communityId, m.status, m.userId),
  entity: 'Member',
  ...m,
});

const reportInItem = (r: ReportInRecord): Item => ({
  ...keys.reportIn(r.userId),
  ...keys.reportInIndex(r.communityId, r.status, r.userId),
  entity: 'ReportIn',
  ...r,
});

/** Profile, report-in and the reveals of this member's number: one Query of `MEMBER#<id>`. */
export async function memberPartition(userId: string): Promise<{ profile?: MemberRecord; reportIn?: ReportInRecord; revealsOfMe: RevealRecord[] }> {
  const out: { profile?: MemberRecord; reportIn?: ReportInRecord; revealsOfMe: RevealRecord[] } = { revealsOfMe: [] };
  const items = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.memberProfile(userId).pk } });
  for (const item of items) {
    if (item.sk === 'PROFILE') out.profile = fromItem(item);
    else if (item.sk === 'REPORTIN') out.reportIn = fromItem(item);
    else if (String(item.sk).startsWith('REVEAL#')) out.revealsOfMe.push(fromItem(item));
  }
  return out;
}

export async function getProfile(userId: string): Promise<MemberRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.memberProfile(userId) }));
  return Item ? fromItem(Item) : undefined;
}

export async function getProfiles(userIds: string[]): Promise<Map<string, MemberRecord>> {
  const items = await batchGetAll(userIds.map((id) => keys.memberProfile(id)));
  return new Map(items.map((item) => [String(item.userId), fromItem<MemberRecord>(item)]));
}

export async function getReportIn(userId: string): Promise<ReportInRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.reportIn(userId) }));
  return Item ? fromItem(Item) : undefined;
}

/** Writes a profile; with `expectStatus`, only if the stored one has that status (or, for undefined, none exists). */
export async function putProfile(m: MemberRecord, expect?: { status?: string; notConfirmed?: boolean }): Promise<boolean> {
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: profileItem(m),
        ...(expect?.notConfirmed
          ? { ConditionExpression: 'attribute_not_exists(pk) OR #s <> :confirmed', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':confirmed': 'confirmed' } }
          : expect?.status
            ? { ConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': expect.status } }
            : {}),
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export async function putReportIn(r: ReportInRecord, expect?: { status?: string; posts?: string[] }): Promise<boolean> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const conds: string[] = [];
  if (expect?.status) {
    conds.push('#s = :s');
    names['#s'] = 'status';
    values[':s'] = expect.status;
  }
  if (expect?.posts) {
    conds.push('#p = :p');
    names['#p'] = 'posts';
    values[':p'] = expect.posts;
  }
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: reportInItem(r),
        ...(conds.length ? { ConditionExpression: conds.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values } : {}),
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** Claims a post: only while confirmed, holding fewer than `max`, and not this one already. */
export async function addPost(userId: string, post: string, max: number): Promise<ReportInRecord | undefined> {
  try {
    const res = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.reportIn(userId),
        UpdateExpression: 'SET posts = list_append(posts, :one)',
        ConditionExpression: '#s = :confirmed AND size(posts) < :max AND NOT contains(posts, :post)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':one': [post], ':confirmed': 'confirmed', ':max': max, ':post': post },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem(res.Attributes ?? {});
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

export async function deleteMemberData(userId: string): Promise<void> {
  await ddb().send(
    new TransactWriteCommand({
      TransactItems: [{ Delete: { TableName: tableName(), Key: keys.memberProfile(userId) } }, { Delete: { TableName: tableName(), Key: keys.reportIn(userId) } }],
    }),
  );
}

export async function deleteReportIn(userId: string): Promise<void> {
  await ddb().send(new DeleteCommand({ TableName: tableName(), Key: keys.reportIn(userId) }));
}

export async function listApplications(communityId: string, status: string): Promise<MemberRecord[]> {
  return (await queryIndexPrefix('gsi1', `COMMUNITY#${communityId}`, `MEMBERAPP#${status}#`)).map((i) => fromItem(i));
}

export async function listReportIns(communityId: string, status: string): Promise<ReportInRecord[]> {
  return (await queryIndexPrefix('gsi1', `COMMUNITY#${communityId}`, `REPORTIN#${status}#`)).map((i) => fromItem(i));
}

/** `name`, `communityId` of org/venues items by key (community, building, stations): one BatchGetItem. */
export async function getOrgMetas(wanted: { pk: string; sk: string }[]): Promise<Map<string, Item>> {
  return new Map((await batchGetAll(wanted)).map((item) => [String(item.pk), fromItem<Item>(item)]));
}

/**
 * Counts one reveal against the viewer's daily allowance: increments only while below
 * `limit`. Returns the new count, or undefined when the allowance is used up.
 */
export async function countReveal(viewerId: string, day: string, limit: number, ttl: number): Promise<number | undefined> {
  try {
    const res = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.revealCounter(viewerId, day),
        UpdateExpression: 'SET n = if_not_exists(n, :zero) + :one, #ttl = :ttl, entity = :e',
        ConditionExpression: 'attribute_not_exists(n) OR n < :limit',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':limit': limit, ':ttl': ttl, ':e': 'RevealCounter' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(res.Attributes?.n);
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

export async function recordReveal(r: RevealRecord, revealId = randomUUID()): Promise<void> {
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.revealAudit(r.memberId, r.at, r.viewerId, revealId), ...keys.revealByViewer(r.viewerId, r.at, r.memberId, revealId), entity: 'Reveal', ...r },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function revealsMadeBy(viewerId: string): Promise<RevealRecord[]> {
  const items = await queryIndexPrefix('gsi2', `USER#${viewerId}`, 'REVEAL#');
  return items.map((i) => fromItem<RevealRecord>(i));
}

/** Demo loading: writes the profile and the report-in each only if absent; how many were new. */
export async function createMemberIfAbsent(m: MemberRecord, r: ReportInRecord): Promise<number> {
  let written = 0;
  for (const item of [profileItem(m), reportInItem(r)]) {
    try {
      await ddb().send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      written++;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
  return written;
}
