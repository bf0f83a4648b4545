/** After an activity: no-shows at its end, and volunteer hours 志愿时长 with their certificates. */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, fromItem, queryAll, queryPage, type Item, type Page, type TxItem } from '../../lib/dynamo';
import { keys } from '../../lib/keys';
import type { ActivityRecord, CertificateRecord, HoursEntryRecord, RegistrationRecord } from '../model';
import { DAY_S, metaUpdate, run, T } from './tx';
import { endWatchKey } from './activities';

// ---- no-shows at the end ----

export async function endedActivityIds(endDate: string, nowMs: number): Promise<string[]> {
  const items = await queryAll({
    TableName: T(),
    KeyConditionExpression: 'pk = :p AND sk < :now',
    ExpressionAttributeValues: { ':p': keys.activityEndPartition(endDate), ':now': String(nowMs).padStart(13, '0') },
  });
  return items.map((i) => String(i.activityId));
}

/** confirmed → no_show and the no-show recorded (and `also`: the person's message), in one transaction. */
export async function markNoShow(r: RegistrationRecord, nowMs: number, also: TxItem[] = []): Promise<boolean> {
  return (
    await run([
      {
        Update: {
          TableName: T(),
          Key: keys.activityRegistration(r.activityId, r.userId),
          UpdateExpression: 'SET #status = :ns',
          ConditionExpression: '#status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':ns': 'no_show', ':confirmed': 'confirmed' },
        },
      },
      { Put: { TableName: T(), Item: { ...keys.activityNoShow(r.userId, nowMs, r.activityId), entity: 'ActivityNoShow', activityId: r.activityId, atMs: nowMs, ttl: Math.floor(nowMs / 1000) + 61 * DAY_S } } },
      ...also,
    ])
  ).ok;
}

export async function activityNoShowsSince(userId: string, sinceMs: number): Promise<number> {
  const items = await queryAll({
    TableName: T(),
    KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':p': `USER#${userId}`, ':from': `ACT_NOSHOW#${String(sinceMs).padStart(13, '0')}`, ':to': 'ACT_NOSHOW#~' },
  });
  return items.length;
}

/** The sweep has looked at every registration: mark it and stop watching. */
export async function finishNoShowSweep(a: ActivityRecord): Promise<void> {
  await ddb().send(
    new UpdateCommand({ TableName: T(), Key: keys.activity(a.id), UpdateExpression: 'SET noShowsSwept = :t', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':t': true } }),
  );
  await ddb().send(new DeleteCommand({ TableName: T(), Key: endWatchKey(a) }));
}

// ---- volunteer hours ----

/**
 * Settles an activity: META published → settled (if still the version read) + for each
 * attendee one ledger entry (Put, never overwritten) and their running total, all at once.
 */
export async function settleWithHours(a: ActivityRecord, entries: HoursEntryRecord[], also: TxItem[] = []): Promise<boolean> {
  const items: TxItem[] = [metaUpdate(a, { status: 'settled' }, { condition: '#status = :published', values: { ':published': 'published' } }), ...also];
  for (const e of entries) {
    items.push({ Put: { TableName: T(), Item: { ...keys.hoursEntry(e.userId, e.at, e.id), entity: 'HoursEntry', ...e }, ConditionExpression: 'attribute_not_exists(pk)' } });
    items.push({
      Update: {
        TableName: T(),
        Key: keys.hoursTotal(e.userId),
        UpdateExpression: 'ADD minutes :m, entries :one SET entity = :e',
        ExpressionAttributeValues: { ':m': e.kind === 'credit' ? e.minutes : -e.minutes, ':one': 1, ':e': 'HoursTotal' },
      },
    });
  }
  return (await run(items)).ok;
}

export async function hoursTotal(userId: string): Promise<{ minutes: number; entries: number }> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.hoursTotal(userId), ConsistentRead: true }));
  return { minutes: Number(Item?.minutes ?? 0), entries: Number(Item?.entries ?? 0) };
}

/** A page of a person's ledger, newest first. */
export async function hoursEntries(userId: string, page: { limit: number; cursor?: string }): Promise<Page<HoursEntryRecord>> {
  const { items, nextCursor } = await queryPage(
    { TableName: T(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :h)', ExpressionAttributeValues: { ':p': `USER#${userId}`, ':h': 'HOURS#' }, ScanIndexForward: false },
    page,
  );
  return { items: items.map((i) => fromItem<HoursEntryRecord>(i)), ...(nextCursor ? { nextCursor } : {}) };
}

export async function putCertificate(c: CertificateRecord): Promise<void> {
  await ddb().send(new PutCommand({ TableName: T(), Item: { ...keys.certificate(c.number), entity: 'Certificate', ...c }, ConditionExpression: 'attribute_not_exists(pk)' }));
}

export async function getCertificate(number: string): Promise<CertificateRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.certificate(number) }));
  return Item ? fromItem<CertificateRecord>(Item) : undefined;
}
