import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, ddb, fromItem, type Item, type Page, queryAll, queryPage, tableName, transact, type TxItem } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { InboxCounter, MessageRecord } from './model';

/**
 * The only module of the inbox that speaks DynamoDB. A message lives in its recipient's
 * partition `INBOX#<userId>` (`MSG#<id>`, ids sort by time) next to one `COUNTER` item:
 * `unread` (what the badge shows, never a scan), `seq` (+1 per message: 全部已读 is
 * conditioned on it, so a message arriving meanwhile stays unread) and `readUpTo`.
 */

const messageItem = (m: MessageRecord): Item => ({ ...keys.message(m.userId, m.id), entity: 'Message', ...m, ttl: m.expiresAt });

/**
 * The writes that append `messages` to their recipients' inboxes, for the caller's own
 * transaction: a Put per message (refused if that id exists: a message with a
 * deterministic id is delivered once) and one counter Update per recipient.
 */
export function inboxWrites(messages: MessageRecord[]): TxItem[] {
  const perUser = new Map<string, number>();
  for (const m of messages) perUser.set(m.userId, (perUser.get(m.userId) ?? 0) + 1);
  return [
    ...messages.map<TxItem>((m) => ({ Put: { TableName: tableName(), Item: messageItem(m), ConditionExpression: 'attribute_not_exists(pk)' } })),
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
 * false when the message exists already or a condition of `also` failed. Used where the
 * event happened earlier in its own transaction and is delivered to many (crowdfund backers)
 * or at a time (reminders): the deterministic id makes a second delivery impossible.
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

/** The staff of a station (user ids), from its `STAFF#` items. */
export async function staffOfStation(stationId: string): Promise<string[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':p': keys.station(stationId).pk, ':s': 'STAFF#' },
  });
  return items.map((i) => String(i.userId));
}

/** Records that `userId` works at `stationId` (written wherever staff roles are given: today the demo loader). */
export async function putStationStaff(stationId: string, userId: string): Promise<void> {
  await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.stationStaff(stationId, userId), entity: 'StationStaff', stationId, userId } }));
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
