import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { POSTS, type PostName } from '@shared/api/members';
import { memberRoleUpdate } from '../auth/storage';
import { memberCardDelete, memberCardPut } from '../codes/storage';
import { batchGetAll, ddb, fromItem, isConditionFailure, type Item, type Page, queryAll, queryIndexPrefix, queryPage, tableName } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { MemberChange, MemberRecord, MemberState, PostHolderRecord, ReportInRecord, RevealRecord } from './model';

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const profileItem = (m: MemberRecord): Item => ({
  ...keys.memberProfile(m.userId),
  ...keys.memberApplicationIndex(m.communityId, m.status, m.appliedAt, m.userId),
  entity: 'Member',
  ...m,
});

const reportInItem = (r: ReportInRecord): Item => ({
  ...keys.reportIn(r.userId),
  ...keys.reportInIndex(r.communityId, r.status, r.reportedAt, r.userId),
  entity: 'ReportIn',
  ...r,
});

const postIndex = (post: PostName) => POSTS.indexOf(post);

/**
 * The member's profile and report-in, in one strongly consistent Query of `MEMBER#<id>`
 * limited to those two sort keys (`PROFILE` ≤ sk ≤ `REPORTIN`): the reveal audit in the
 * same partition (`REVEAL#…`, sorting after) is never read on the way.
 */
export async function readMember(userId: string): Promise<MemberState> {
  const res = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':pk': keys.memberProfile(userId).pk, ':a': 'PROFILE', ':b': 'REPORTIN' },
      ConsistentRead: true,
    }),
  );
  const out: MemberState = {};
  for (const item of res.Items ?? []) {
    if (item.sk === 'PROFILE') out.profile = fromItem(item);
    else if (item.sk === 'REPORTIN') out.reportIn = fromItem(item);
  }
  return out;
}

export async function getProfiles(userIds: string[]): Promise<Map<string, MemberRecord>> {
  const items = await batchGetAll(userIds.map((id) => keys.memberProfile(id)));
  return new Map(items.map((item) => [String(item.userId), fromItem<MemberRecord>(item)]));
}

/** The condition that the stored item is still the one read (`before`), or still absent. */
function unchanged(before: { version?: number } | undefined): { ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
  if (!before) return { ConditionExpression: 'attribute_not_exists(pk)' };
  if (before.version === undefined) return { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#v)', ExpressionAttributeNames: { '#v': 'version' } };
  return { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': before.version } };
}

/** Put / Delete / ConditionCheck of one of the member's two items, guarded by the version read. */
function versionedWrite<T extends { version?: number }>(key: { pk: string; sk: string }, before: T | undefined, after: T | undefined, toItem: (r: T) => Item): TxItem {
  const cond = unchanged(before);
  if (after === before) return { ConditionCheck: { TableName: tableName(), Key: key, ...cond } };
  if (!after) return { Delete: { TableName: tableName(), Key: key, ...cond } };
  return { Put: { TableName: tableName(), Item: toItem({ ...after, version: (before?.version ?? 0) + 1 }), ...cond } };
}

/**
 * Writes a member change and everything derived from it in ONE transaction (see
 * `MemberChange`). False when the profile or the report-in moved since they were read (or
 * the transaction met a concurrent one): nothing is written then.
 */
export async function commitMemberChange(c: MemberChange): Promise<boolean> {
  const items: TxItem[] = [
    versionedWrite(keys.memberProfile(c.userId), c.before.profile, c.after.profile, profileItem),
    versionedWrite(keys.reportIn(c.userId), c.before.reportIn, c.after.reportIn, reportInItem),
  ];
  if (c.cardPut) items.push(memberCardPut(c.cardPut));
  for (const b of c.cardDeletes) items.push(memberCardDelete(b, c.userId));
  for (const h of c.holderPuts)
    items.push({ Put: { TableName: tableName(), Item: { ...keys.postHolder(h.communityId, postIndex(h.post), h.userId), entity: 'PostHolder', ...h } } });
  for (const h of c.holderDeletes) items.push({ Delete: { TableName: tableName(), Key: keys.postHolder(h.communityId, postIndex(h.post), c.userId) } });
  const byCommunity = new Map<string, Map<PostName, number>>();
  for (const d of c.countDeltas) {
    const m = byCommunity.get(d.communityId) ?? new Map<PostName, number>();
    m.set(d.post, (m.get(d.post) ?? 0) + d.delta);
    byCommunity.set(d.communityId, m);
  }
  for (const [communityId, deltas] of byCommunity) {
    const moved = [...deltas].filter(([, n]) => n !== 0);
    if (moved.length === 0) continue;
    items.push({
      Update: {
        TableName: tableName(),
        Key: keys.postCounts(communityId),
        UpdateExpression: `SET entity = :e ADD ${moved.map(([p]) => `#p${postIndex(p)} :d${postIndex(p)}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(moved.map(([p]) => [`#p${postIndex(p)}`, `p${postIndex(p)}`])),
        ExpressionAttributeValues: { ':e': 'PostCounts', ...Object.fromEntries(moved.map(([p, n]) => [`:d${postIndex(p)}`, n])) },
      },
    });
  }
  if (c.memberRole !== undefined) items.push(memberRoleUpdate(c.userId, c.memberRole));
  if (c.messages) items.push(...c.messages);
  for (let attempt = 1; ; attempt++) {
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (err) {
      // Contention only (e.g. two members of one community moving its POST_COUNTS at once):
      // nothing of this member changed, so try the same transaction again after a jittered pause.
      if (contentionOnly(err) && attempt < 8) {
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(250, 10 * 2 ** attempt)));
        continue;
      }
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}

function contentionOnly(err: unknown): boolean {
  const e = err as { name?: string; CancellationReasons?: { Code?: string }[] };
  const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  return e.name === 'TransactionCanceledException' && codes.includes('TransactionConflict') && codes.every((c) => c === 'None' || c === 'TransactionConflict');
}

/** A community's applications or report-ins of one status, oldest first, one page (GSI1). */
async function communityIndexPage(communityId: string, prefix: string, page: { limit: number; cursor?: string }): Promise<Page<Item>> {
  return queryPage(
    {
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :p)',
      ExpressionAttributeValues: { ':pk': `COMMUNITY#${communityId}`, ':p': prefix },
    },
    page,
  );
}

export async function listApplications(communityId: string, status: string, page: { limit: number; cursor?: string }): Promise<Page<MemberRecord>> {
  const res = await communityIndexPage(communityId, `MEMBERAPP#${status}#`, page);
  return { ...res, items: res.items.map((i) => fromItem<MemberRecord>(i)) };
}

export async function listReportIns(communityId: string, status: string, page: { limit: number; cursor?: string }): Promise<Page<ReportInRecord>> {
  const res = await communityIndexPage(communityId, `REPORTIN#${status}#`, page);
  return { ...res, items: res.items.map((i) => fromItem<ReportInRecord>(i)) };
}

/** The community's META and its post counters: one BatchGetItem. */
export async function communityWithPostCounts(communityId: string): Promise<{ community?: Item; counts: Partial<Record<PostName, number>> }> {
  const items = await batchGetAll([keys.community(communityId), keys.postCounts(communityId)]);
  const community = items.find((i) => i.sk === 'META');
  const countsItem = items.find((i) => i.sk === 'POST_COUNTS');
  const counts: Partial<Record<PostName, number>> = {};
  POSTS.forEach((p, i) => {
    const n = Number(countsItem?.[`p${i}`] ?? 0);
    if (n > 0) counts[p] = n;
  });
  return { community, counts };
}

/** Shown holders of one post of a community, one page (Query of its own partition). */
export async function postHolders(communityId: string, post: PostName, page: { limit: number; cursor?: string }): Promise<Page<PostHolderRecord>> {
  const res = await queryPage(
    { TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.postHolderPartition(communityId, postIndex(post)) } },
    page,
  );
  return { ...res, items: res.items.map((i) => fromItem<PostHolderRecord>(i)) };
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

/** Who saw this member's number, newest first, one page. */
export async function revealsOfMember(memberId: string, page: { limit: number; cursor?: string }): Promise<Page<RevealRecord>> {
  const res = await queryPage(
    {
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.memberProfile(memberId).pk, ':p': 'REVEAL#' },
      ScanIndexForward: false,
    },
    page,
  );
  return { ...res, items: res.items.map((i) => fromItem<RevealRecord>(i)) };
}

/** Every reveal of this member's number: only for the member's own data export. */
export async function allRevealsOfMember(memberId: string): Promise<RevealRecord[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': keys.memberProfile(memberId).pk, ':p': 'REVEAL#' },
  });
  return items.map((i) => fromItem<RevealRecord>(i));
}

export async function revealsMadeBy(viewerId: string): Promise<RevealRecord[]> {
  const items = await queryIndexPrefix('gsi2', `USER#${viewerId}`, 'REVEAL#');
  return items.map((i) => fromItem<RevealRecord>(i));
}
