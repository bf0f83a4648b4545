import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, ddb, fromItem, type Item, type Page, queryAll, queryPage, tableName, transact, type TxItem } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { InboxCounter, MessageRecord, Notice, OutboxItem } from './model';
import { templateData, templateForKind } from './templates';

/**
 * The only module of the inbox that speaks DynamoDB. A message lives in its recipient's
 * partition `INBOX#<userId>` (`MSG#<id>`, ids sort by time) next to one `COUNTER` item:
 * `unread` (what the badge shows, never a scan), `seq` (+1 per message: 全部已读 is
 * conditioned on it, so a message arriving meanwhile stays unread) and `readUpTo`.
 */

const messageItem = (m: MessageRecord): Item => ({ ...keys.message(m.userId, m.id), entity: 'Message', ...m, ttl: m.expiresAt });

/** The marker of a once-only message: its Put is refused when the message was delivered before. */
const oncePut = (m: MessageRecord): TxItem[] =>
  m.onceKey
    ? [{ Put: { TableName: tableName(), Item: { ...keys.messageOnce(m.userId, m.onceKey), entity: 'MessageOnce', messageId: m.id, ttl: m.expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' } }]
    : [];

/**
 * The writes that append `messages` to their recipients' inboxes, for the caller's own
 * transaction: a Put per message (with its `ONCE#` marker when it is once-only: a second
 * delivery is refused) and one counter Update per recipient.
 */
export function inboxWrites(messages: MessageRecord[]): TxItem[] {
  const perUser = new Map<string, number>();
  for (const m of messages) perUser.set(m.userId, (perUser.get(m.userId) ?? 0) + 1);
  return [
    ...messages.map<TxItem>((m) => ({ Put: { TableName: tableName(), Item: messageItem(m), ConditionExpression: 'attribute_not_exists(pk)' } })),
    ...messages.flatMap(oncePut),
    ...messages.flatMap(outboxPut),
    ...[...perUser].map<TxItem>(([userId, n]) => ({
      Update: {
        TableName: tableName(),
        Key: keys.inboxCounter(userId),
        UpdateExpression: 'SET entity = :e ADD unread :n, seq :n',
        ExpressionAttributeValues: { ':e': 'InboxCounter', ':n': n },
      },
    })),
  ];
}

/**
 * Appends one message in a transaction of its own, with `also` (e.g. a status check):
 * false when the message was delivered before (its `onceKey`) or a condition of `also`
 * failed. Used where the event happened earlier in its own transaction and is delivered to
 * many (crowdfund backers, a big station's staff) or at a time (reminders).
 */
export async function deliverOnce(message: MessageRecord, also: TxItem[] = []): Promise<boolean> {
  const res = await transact([...inboxWrites([message]), ...also]);
  return res.ok;
}

export async function getCounter(userId: string, consistent = false): Promise<InboxCounter> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.inboxCounter(userId), ConsistentRead: consistent }));
  return { unread: Math.max(0, Number(Item?.unread ?? 0)), seq: Number(Item?.seq ?? 0), ...(Item?.readUpTo ? { readUpTo: String(Item.readUpTo) } : {}) };
}

/** A page of the inbox, newest first (one Query of the recipient's partition). */
export async function messagesOf(userId: string, page: { limit: number; cursor?: string }): Promise<Page<MessageRecord>> {
  const res = await queryPage(
    {
      TableName: tableName(),
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
      ExpressionAttributeValues: { ':p': keys.inboxPartition(userId), ':m': 'MSG#' },
      ScanIndexForward: false,
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<MessageRecord>(i)), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

/** The newest message's id (consistent), or undefined for an empty inbox. */
export async function newestMessageId(userId: string): Promise<string | undefined> {
  const res = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
      ExpressionAttributeValues: { ':p': keys.inboxPartition(userId), ':m': 'MSG#' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
      ProjectionExpression: 'id',
    }),
  );
  return res.Items?.[0] ? String(res.Items[0].id) : undefined;
}

export async function getMessages(userId: string, ids: string[]): Promise<MessageRecord[]> {
  const items = await batchGetAll(
    ids.map((id) => keys.message(userId, id)),
    { ConsistentRead: true },
  );
  return items.map((i) => fromItem<MessageRecord>(i));
}

/** The counter condition "nothing was marked read since `c` was read". */
function counterUnchanged(c: InboxCounter): Pick<NonNullable<TxItem['Update']>, 'ConditionExpression' | 'ExpressionAttributeValues'> {
  return c.readUpTo === undefined
    ? { ConditionExpression: 'attribute_not_exists(readUpTo)', ExpressionAttributeValues: {} }
    : { ConditionExpression: 'readUpTo = :upTo', ExpressionAttributeValues: { ':upTo': c.readUpTo } };
}

/**
 * Marks the given unread messages read and takes them off the counter in ONE transaction;
 * each message only if still unread, the counter only if no 全部已读 happened since `c` was
 * read. False when something moved (the caller reads again).
 */
export async function markMessagesRead(userId: string, unreadIds: string[], c: InboxCounter): Promise<boolean> {
  if (unreadIds.length === 0) return true;
  const guard = counterUnchanged(c);
  const res = await transact([
    ...unreadIds.map<TxItem>((id) => ({
      Update: {
        TableName: tableName(),
        Key: keys.message(userId, id),
        UpdateExpression: 'SET #r = :true',
        ConditionExpression: 'attribute_exists(pk) AND #r = :false',
        ExpressionAttributeNames: { '#r': 'read' },
        ExpressionAttributeValues: { ':true': true, ':false': false },
      },
    })),
    {
      Update: {
        TableName: tableName(),
        Key: keys.inboxCounter(userId),
        UpdateExpression: 'SET unread = unread - :n',
        ConditionExpression: `unread >= :n AND ${guard.ConditionExpression}`,
        ExpressionAttributeValues: { ':n': unreadIds.length, ...guard.ExpressionAttributeValues },
      },
    },
  ]);
  return res.ok;
}

/**
 * 全部已读: every message up to `upTo` (the newest id seen) is read and the counter is 0,
 * only if no message arrived since the counter was read (`seq` unchanged).
 */
export async function markAllRead(userId: string, upTo: string, c: InboxCounter): Promise<boolean> {
  const res = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.inboxCounter(userId),
        UpdateExpression: 'SET unread = :zero, readUpTo = :upTo, entity = :e',
        ConditionExpression: c.seq === 0 ? 'attribute_not_exists(seq) OR seq = :zero' : 'seq = :seq',
        ExpressionAttributeValues: { ':zero': 0, ':upTo': upTo, ':e': 'InboxCounter', ...(c.seq === 0 ? {} : { ':seq': c.seq }) },
      },
    },
  ]);
  return res.ok;
}

// ---- fan-out work list: one event told to many (a crowdfund's backers), in bounded batches ----

/** A fan-out waiting to be (fully) delivered: `cursor` is where the next batch starts. */
export interface Fanout {
  key: string;
  crowdfundId: string;
  title: string;
  outcome: 'funded' | 'failed' | 'completed';
  at: string;
  cursor?: string;
}

/** The Put that puts a fan-out on the work list, for the event's own transaction. */
export function fanoutPut(f: Omit<Fanout, 'cursor'>): TxItem {
  return { Put: { TableName: tableName(), Item: { ...keys.messageFanout(f.key), entity: 'MessageFanout', ...f } } };
}

export async function pendingFanouts(): Promise<Fanout[]> {
  const items = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.messageFanout('').pk } }, 100);
  return items.map((i) => fromItem<Fanout>(i));
}

/** Moves the bookmark past a delivered batch, or (no cursor: the last batch) takes the fan-out off the list. */
export async function advanceFanout(f: Fanout, cursor: string | undefined): Promise<void> {
  if (cursor) await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.messageFanout(f.key), entity: 'MessageFanout', ...f, cursor } }));
  else await ddb().send(new DeleteCommand({ TableName: tableName(), Key: keys.messageFanout(f.key) }));
}

// ---- an event told to an audience larger than its transaction holds (a big station's staff, a request's followers, a community's wish screeners) ----

/** Who an audience fan-out tells, read a page at a time by the messages job (events.ts audiencePage). */
export type Audience =
  | { kind: 'stationStaff'; stationId: string }
  | { kind: 'requestFollowers'; requestId: string }
  | { kind: 'wishScreeners'; communityId: string };

/**
 * The rest of an audience still to be told of one event: `event` is unique per event (the
 * item's key and the once-key of its messages), `after` the bookmark of the page told last,
 * `skip` those who are not told (the actor, those told otherwise).
 */
export interface AudienceFanout {
  event: string;
  audience: Audience;
  notice: Notice;
  at: string;
  after: string;
  skip?: string[];
}

/** The Put that puts an audience fan-out on the work list, for the event's own transaction. */
export function audienceFanoutPut(f: AudienceFanout): TxItem {
  return { Put: { TableName: tableName(), Item: { ...keys.audienceFanout(f.event), entity: 'AudienceFanout', ...f } } };
}

export async function pendingAudienceFanouts(limit: number): Promise<AudienceFanout[]> {
  const res = await ddb().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.audienceFanout('').pk }, Limit: limit, ConsistentRead: true }),
  );
  return (res.Items ?? []).map((i) => fromItem<AudienceFanout>(i));
}

/** Moves the bookmark past a delivered page, or (`after` undefined: the last page) takes the fan-out off the list. */
export async function advanceAudienceFanout(f: AudienceFanout, after: string | undefined): Promise<void> {
  if (after) await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.audienceFanout(f.event), entity: 'AudienceFanout', ...f, after } }));
  else await ddb().send(new DeleteCommand({ TableName: tableName(), Key: keys.audienceFanout(f.event) }));
}

// ---- outbox of WeChat subscription messages 订阅消息 ----

/**
 * The outbox item of a message whose kind has a template configured (none otherwise): one
 * per (event, recipient, template). Its key is the message id (unique per event and
 * recipient; the message's own Put is refused for a repeated event) and the template id,
 * and it rides in the message's transaction: it exists exactly when the message does.
 */
function outboxPut(m: MessageRecord): TxItem[] {
  const t = templateForKind(m.kind);
  if (!t) return [];
  const dueMs = Date.parse(m.createdAt);
  const item: OutboxItem = { key: `${m.id}#${t.id}`, userId: m.userId, templateId: t.id, page: m.link.replace(/^\//, ''), data: templateData(t, m), attempts: 0, dueMs, createdAt: m.createdAt };
  return [{ Put: { TableName: tableName(), Item: { ...keys.outboxPending(dueMs, item.key), entity: 'OutboxItem', ...item }, ConditionExpression: 'attribute_not_exists(pk)' } }];
}

/** Pending outbox items due by `nowMs`, oldest first (one Query; at most `limit`). */
export async function dueOutboxItems(nowMs: number, limit: number): Promise<OutboxItem[]> {
  const res = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :p AND sk <= :upTo',
      ExpressionAttributeValues: { ':p': keys.outboxPending(0, '').pk, ':upTo': `DUE#${String(nowMs).padStart(13, '0')}#~` },
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return (res.Items ?? []).map((i) => fromItem<OutboxItem>(i));
}

const pendingKey = (o: OutboxItem) => keys.outboxPending(o.dueMs, o.key);

/**
 * Claims an item for sending and takes one of the recipient's credits, in ONE transaction:
 * the claim only if nobody holds it (or their lease ran out), the credit only if one is left.
 * 'claimed', 'no-credit' (the claim was possible but no credit is left) or 'taken'.
 */
export async function claimOutboxItem(o: OutboxItem, owner: string, nowMs: number, leaseMs: number): Promise<'claimed' | 'no-credit' | 'taken'> {
  const res = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: pendingKey(o),
        UpdateExpression: 'SET claimedBy = :owner, claimUntil = :until',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(claimUntil) OR claimUntil < :now)',
        ExpressionAttributeValues: { ':owner': owner, ':until': nowMs + leaseMs, ':now': nowMs },
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.subscribeCredits(o.userId, o.templateId),
        UpdateExpression: 'ADD credits :minus',
        ConditionExpression: 'credits >= :one',
        ExpressionAttributeValues: { ':minus': -1, ':one': 1 },
      },
    },
  ]);
  if (res.ok) return 'claimed';
  return res.reasons[0]?.code === 'ConditionalCheckFailed' || res.reasons[0]?.code === 'TransactionConflict' ? 'taken' : 'no-credit';
}

export type OutboxEnd = 'sent' | 'skipped' | 'refused' | 'failed';

const DONE_TTL_S = 30 * 86_400;

/**
 * Ends an item: off the pending list and into `OUTBOX#<STATUS>` (failed ones are kept, the
 * others for 30 days), with `creditChange` on the recipient's credits ('refund' +1 for a send
 * that did not happen; 'zero' when the user refused: 43101) — one transaction, only while
 * `owner` holds the claim (or, owner undefined, while nobody does).
 */
export async function endOutboxItem(o: OutboxItem, status: OutboxEnd, nowMs: number, owner: string | undefined, extra: { creditChange?: 'refund' | 'zero'; error?: string } = {}): Promise<boolean> {
  const done = { ...keys.outboxDone(status, o.key), entity: 'OutboxDone', ...stripClaim(o), status, endedAt: new Date(nowMs).toISOString(), ...(extra.error ? { lastError: extra.error } : {}), ...(status === 'failed' ? {} : { ttl: Math.floor(nowMs / 1000) + DONE_TTL_S }) };
  return (await transact([releaseClaim(o, owner, nowMs), { Put: { TableName: tableName(), Item: done } }, ...creditWrite(o, extra.creditChange)])).ok;
}

/** Puts the item back on the pending list, due at `dueMs`, with one more attempt counted and the credit returned. */
export async function retryOutboxItem(o: OutboxItem, dueMs: number, owner: string, error: string): Promise<boolean> {
  const next: OutboxItem = { ...stripClaim(o), attempts: o.attempts + 1, dueMs, lastError: error };
  return (
    await transact([
      releaseClaim(o, owner, 0),
      { Put: { TableName: tableName(), Item: { ...keys.outboxPending(dueMs, o.key), entity: 'OutboxItem', ...next } } },
      ...creditWrite(o, 'refund'),
    ])
  ).ok;
}

function stripClaim(o: OutboxItem): OutboxItem {
  const { claimedBy: _b, claimUntil: _u, ...rest } = o;
  return rest;
}

function releaseClaim(o: OutboxItem, owner: string | undefined, nowMs: number): TxItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: pendingKey(o),
      ...(owner
        ? { ConditionExpression: 'claimedBy = :owner', ExpressionAttributeValues: { ':owner': owner } }
        : { ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(claimUntil) OR claimUntil < :now)', ExpressionAttributeValues: { ':now': nowMs } }),
    },
  };
}

function creditWrite(o: OutboxItem, change: 'refund' | 'zero' | undefined): TxItem[] {
  if (!change) return [];
  const Key = keys.subscribeCredits(o.userId, o.templateId);
  return change === 'refund'
    ? [{ Update: { TableName: tableName(), Key, UpdateExpression: 'ADD credits :one', ExpressionAttributeValues: { ':one': 1 } } }]
    : [{ Update: { TableName: tableName(), Key, UpdateExpression: 'SET credits = :zero', ExpressionAttributeValues: { ':zero': 0 } } }];
}

/** Adds one send credit per accepted template (one transaction). */
export async function addSubscribeCredits(userId: string, templateIds: string[]): Promise<void> {
  if (templateIds.length === 0) return;
  const res = await transact(
    templateIds.map<TxItem>((t) => ({
      Update: { TableName: tableName(), Key: keys.subscribeCredits(userId, t), UpdateExpression: 'SET entity = :e, templateId = :t ADD credits :one', ExpressionAttributeValues: { ':e': 'SubscribeCredits', ':t': t, ':one': 1 } },
    })),
  );
  if (!res.ok) throw new Error('adding subscription credits was refused');
}

export async function subscribeCredits(userId: string, templateId: string): Promise<number> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.subscribeCredits(userId, templateId), ConsistentRead: true }));
  return Math.max(0, Number(Item?.credits ?? 0));
}

export async function outboxDone(status: OutboxEnd, key: string): Promise<Item | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.outboxDone(status, key), ConsistentRead: true }));
  return Item;
}
