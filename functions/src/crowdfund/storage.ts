import { GetCommand, PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, ddb, fromItem, type Item, type Page, queryAll, queryPage, tableName, transact as transactItems } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { CrowdfundRecord, CrowdfundWithLines, LedgerEntryRecord, LineRecord, PledgeRecord } from './model';

/**
 * The only module of the crowdfund domain that speaks DynamoDB. One partition per
 * crowdfund (`CROWDFUND#<id>`) holds its META, lines, pledges, ledger entries, reversal
 * markers, ledger totals and the close marker, so every multi-item rule is a
 * transaction inside one partition and every read of a crowdfund is strongly consistent.
 */

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A transaction refused because of a condition: the reason code of each item, in order. */
export class TxRefused extends Error {
  constructor(readonly reasons: { code: string; item?: Item }[]) {
    super(`transaction refused: ${reasons.map((r) => r.code).join(',')}`);
    this.name = 'TxRefused';
  }
  failed(index: number): boolean {
    return this.reasons[index]?.code === 'ConditionalCheckFailed';
  }
}

/**
 * Runs a transaction through lib's `transact` (contention retried with jittered backoff,
 * SERVICE_BUSY when exhausted or throttled); condition failures become `TxRefused` with the
 * per-item reasons (and the item as it was, where asked for).
 */
export async function transact(items: TxItem[], attempts = 12): Promise<void> {
  const res = await transactItems(items, { attempts });
  if (!res.ok) throw new TxRefused(res.reasons);
}

const T = () => tableName();

/** A Put of an item that must be new (refused if one with its key exists). */
function putNew(item: Item): TxItem {
  return { Put: { TableName: T(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** A Put whose condition reads the stored `status` (as `#s`). */
function putIfStatus(item: Item, condition: string, values: Record<string, unknown>): TxItem {
  return { Put: { TableName: T(), Item: item, ConditionExpression: condition, ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: values } };
}

/** A check that the crowdfund's status is one of `statuses`. */
function statusInCheck(crowdfundId: string, statuses: string[]): TxItem {
  const statusValues = Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s]));
  return {
    ConditionCheck: {
      TableName: T(),
      Key: keys.crowdfund(crowdfundId),
      ConditionExpression: `#s IN (${Object.keys(statusValues).join(', ')})`,
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: statusValues,
    },
  };
}

// ---------- crowdfund + lines ----------

/** The META item with the index keys its state calls for. */
export function crowdfundItem(cf: CrowdfundRecord): Item {
  return {
    ...keys.crowdfund(cf.id),
    ...keys.crowdfundIndex(cf.communityId, cf.status, cf.deadline, cf.id),
    // GSI2: the deployment's crowdfunds by status and deadline (drafts are nobody's list
    // but their organiser's); `CROWDFUNDS#OPEN` is also the closer's work list.
    ...(cf.status === 'draft' ? {} : keys.crowdfundStatusIndex(cf.status, cf.deadline, cf.id)),
    ...keys.crowdfundOrganiserIndex(cf.organiserId, cf.createdAt, cf.id),
    entity: 'Crowdfund',
    ...cf,
  };
}

/**
 * A line carries a copy of its crowdfund's status and deadline (`crowdfundStatus`,
 * `deadline`), written in the same transaction as every status change: a pledge then
 * checks "open and before the deadline" on its own line, and pledges to different lines
 * share no item (no ConditionCheck on META, the old hot spot of a popular crowdfund).
 */
function lineItem(line: LineRecord, cf: Pick<CrowdfundRecord, 'status' | 'deadline'>): Item {
  return { ...keys.crowdfundLine(line.crowdfundId, line.id), entity: 'CrowdfundLine', ...line, crowdfundStatus: cf.status, deadline: cf.deadline };
}

/** Copies the crowdfund's new status onto each of its lines (in the status change's transaction). */
function lineStatusUpdate(cf: CrowdfundRecord, line: Pick<LineRecord, 'id' | 'pledged'>, guardPledged: boolean): TxItem {
  return {
    Update: {
      TableName: T(),
      Key: keys.crowdfundLine(cf.id, line.id),
      UpdateExpression: 'SET crowdfundStatus = :s, deadline = :d',
      ConditionExpression: guardPledged ? 'attribute_exists(pk) AND pledged = :p' : 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':s': cf.status, ':d': cf.deadline, ...(guardPledged ? { ':p': line.pledged } : {}) },
    },
  };
}

/** META and lines in one strongly consistent Query (`LINE#…` sort just before `META`). */
export async function getCrowdfund(id: string): Promise<CrowdfundWithLines | undefined> {
  const { pk } = keys.crowdfund(id);
  const res = await ddb().send(
    new QueryCommand({
      TableName: T(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':pk': pk, ':a': 'LINE#', ':b': 'META' },
      ConsistentRead: true,
    }),
  );
  const items = res.Items ?? [];
  const meta = items.find((i) => i.sk === 'META');
  if (!meta) return undefined;
  return { crowdfund: fromItem<CrowdfundRecord>(meta), lines: toLines(items) };
}

function toLines(items: Item[]): LineRecord[] {
  const lines = items
    .filter((i) => String(i.sk).startsWith('LINE#'))
    .map((i) => {
      const { crowdfundStatus: _s, deadline: _d, ...line } = fromItem<LineRecord & { crowdfundStatus?: string; deadline?: string }>(i);
      return line as LineRecord;
    });
  return lines.sort((a, b) => a.index - b.index);
}

/** The lines of several crowdfunds (one BatchGetItem per 100 lines), by crowdfund id. */
export async function linesOf(crowdfunds: Pick<CrowdfundRecord, 'id' | 'lineCount'>[]): Promise<Map<string, LineRecord[]>> {
  const wanted = crowdfunds.flatMap((c) => Array.from({ length: c.lineCount }, (_, i) => keys.crowdfundLine(c.id, `ln-${i + 1}`)));
  const items = await batchGetAll(wanted);
  const out = new Map<string, LineRecord[]>(crowdfunds.map((c) => [c.id, []]));
  for (const line of toLines(items)) out.get(line.crowdfundId)?.push(line);
  return out;
}

/** The items of a crowdfund's partition whose sort key starts with `prefix`, strongly consistent. */
function queryPartitionPrefix(crowdfundId: string, prefix: string): Promise<Item[]> {
  return queryAll({
    TableName: T(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': keys.crowdfund(crowdfundId).pk, ':p': prefix },
    ConsistentRead: true,
  });
}

export interface ListFilter {
  /** Only these statuses (a filter on the page read). */
  statuses?: string[];
  /** Only crowdfunds open to this estate or to the whole community. */
  estate?: string;
}

/** A FilterExpression for `ListFilter` (none when it filters nothing). */
function filterOf(f: ListFilter): Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (f.statuses) {
    names['#s'] = 'status';
    f.statuses.forEach((s, i) => (values[`:fs${i}`] = s));
    parts.push(`#s IN (${f.statuses.map((_, i) => `:fs${i}`).join(', ')})`);
  }
  if (f.estate) {
    values[':estate'] = f.estate;
    parts.push('(size(estates) = :zero OR contains(estates, :estate))');
    values[':zero'] = 0;
  }
  return parts.length ? { FilterExpression: parts.join(' AND '), ...(f.statuses ? { ExpressionAttributeNames: names } : {}), ExpressionAttributeValues: values } : {};
}

/** One page of a Query, as records (index and entity attributes stripped). */
async function recordPage<T>(input: QueryCommandInput, page: { limit: number; cursor?: string }): Promise<Page<T>> {
  const res = await queryPage(input, page);
  return { items: res.items.map((i) => fromItem<T>(i)), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

function crowdfundPage(input: QueryCommandInput, filter: ListFilter, page: { limit: number; cursor?: string }): Promise<Page<CrowdfundRecord>> {
  const f = filterOf(filter);
  return recordPage<CrowdfundRecord>({ ...input, ...f, ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ...f.ExpressionAttributeValues } }, page);
}

/** A page of a community's crowdfunds (META only), optionally of one status, by status then deadline. */
export function listCommunityCrowdfunds(communityId: string, status: string | undefined, filter: ListFilter, page: { limit: number; cursor?: string }) {
  const index = keys.crowdfundIndex(communityId, status ?? '', '', '');
  return crowdfundPage(
    {
      TableName: T(),
      IndexName: 'gsi1',
      KeyConditionExpression: status ? 'gsi1pk = :pk AND begins_with(gsi1sk, :st)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': index.gsi1pk, ...(status ? { ':st': `${status}#` } : {}) },
    },
    filter,
    page,
  );
}

/** A page of the deployment's crowdfunds of one status (open: every open one), soonest deadline first (one index partition). */
export function listStatusCrowdfunds(status: string, filter: ListFilter, page: { limit: number; cursor?: string }) {
  return crowdfundPage(
    { TableName: T(), IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': keys.crowdfundStatusIndex(status, '', '').gsi2pk } },
    filter,
    page,
  );
}

/** A page of one organiser's crowdfunds (drafts included), newest first. */
export function listOrganiserCrowdfunds(userId: string, filter: ListFilter, page: { limit: number; cursor?: string }) {
  return crowdfundPage(
    {
      TableName: T(),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.crowdfundOrganiserIndex(userId, '', '').gsi3pk },
      ScanIndexForward: false,
    },
    filter,
    page,
  );
}

export async function createCrowdfund(cf: CrowdfundRecord, lines: LineRecord[]): Promise<void> {
  await transact([
    putNew(crowdfundItem(cf)),
    ...lines.map((l) => putNew(lineItem(l, cf))),
  ]);
}

/** Replaces a draft and its lines; refused unless it is still a draft of that organiser. */
export async function replaceDraft(cf: CrowdfundRecord, lines: LineRecord[], previousLineCount: number): Promise<void> {
  const stale: TxItem[] = [];
  for (let i = lines.length + 1; i <= previousLineCount; i++) {
    stale.push({ Delete: { TableName: T(), Key: keys.crowdfundLine(cf.id, `ln-${i}`) } });
  }
  await transact([
    putIfStatus(crowdfundItem(cf), '#s = :draft AND organiserId = :o', { ':draft': 'draft', ':o': cf.organiserId }),
    ...lines.map((l) => ({ Put: { TableName: T(), Item: lineItem(l, cf) } })),
    ...stale,
  ]);
}

/**
 * Writes the crowdfund's new state, only if it is still in `from` (one of the status
 * machine's edges), and copies the status onto its lines in the same transaction.
 */
export async function saveTransition(cf: CrowdfundRecord, from: string, lines: Pick<LineRecord, 'id' | 'pledged'>[], also: TxItem[] = []): Promise<void> {
  await transact([
    putIfStatus(crowdfundItem(cf), '#s = :from', { ':from': from }),
    ...lines.map((l) => lineStatusUpdate(cf, l, false)),
    ...(cf.releasePending ? [releasingPut(cf)] : []),
    ...also,
  ]);
}

/** The closer's work list of releases: one small item per crowdfund whose pledges wait to be released. */
function releasingPut(cf: CrowdfundRecord): TxItem {
  return { Put: { TableName: T(), Item: { ...keys.crowdfundReleasing(cf.id), entity: 'CrowdfundReleasing', crowdfundId: cf.id, status: cf.status } } };
}

/**
 * Closes an open crowdfund at its deadline, exactly once: the new state, a CLOSE marker
 * that can be written only once, and a check that no line total moved since it was read.
 */
export async function saveClose(cf: CrowdfundRecord, lines: LineRecord[], now: string, runId: string, also: TxItem[] = []): Promise<void> {
  await transact([
    putIfStatus(crowdfundItem(cf), '#s = :open AND deadline <= :now', { ':open': 'open', ':now': now }),
    putNew({
      ...keys.crowdfundClose(cf.id),
      entity: 'CrowdfundClose',
      crowdfundId: cf.id,
      outcome: cf.status,
      closedAt: now,
      runId,
      lines: lines.map((l) => ({ id: l.id, pledged: l.pledged, target: l.target ?? null, required: l.required })),
    }),
    ...lines.map((l) => lineStatusUpdate(cf, l, true)),
    ...(cf.releasePending ? [releasingPut(cf)] : []),
    ...also,
  ]);
}

export async function getCloseMarker(crowdfundId: string): Promise<Item | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.crowdfundClose(crowdfundId), ConsistentRead: true }));
  return Item;
}

/** Clears the "pledges to release" flag, and takes the crowdfund off the work list, once every pledge is released. */
export async function clearReleasePending(cf: CrowdfundRecord): Promise<void> {
  const { releasePending: _r, ...rest } = cf;
  await transact([
    putIfStatus(crowdfundItem(rest as CrowdfundRecord), '#s = :s', { ':s': cf.status }),
    { Delete: { TableName: T(), Key: keys.crowdfundReleasing(cf.id) } },
  ]);
}

async function queryIndex2(pk: string, upTo?: string): Promise<CrowdfundRecord[]> {
  // The closer's work lists: due crowdfunds and those still releasing (small, bounded by the schedule).
  const items = await queryAll({
    TableName: T(),
    IndexName: 'gsi2',
    KeyConditionExpression: upTo ? 'gsi2pk = :pk AND gsi2sk <= :upTo' : 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': pk, ...(upTo ? { ':upTo': upTo } : {}) },
  });
  return items.map((i) => fromItem<CrowdfundRecord>(i));
}

/** Open crowdfunds whose deadline is at or before `now`. */
export const listDue = (now: string) => queryIndex2(keys.crowdfundDue('', '').gsi2pk, `${now}#~`);
/** Failed or cancelled crowdfunds whose pledges still wait to be released (ids). */
export async function listReleasing(): Promise<string[]> {
  const items = await queryAll({ TableName: T(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.crowdfundReleasing('').pk } });
  return items.map((i) => String(i.crowdfundId));
}

// ---------- pledges ----------

/** A pledge; while live (pledged or fulfilled) it is also in its crowdfund's backer index. */
function pledgeItem(p: PledgeRecord): Item {
  const live = p.status === 'pledged' || p.status === 'fulfilled';
  return {
    ...keys.crowdfundPledge(p.crowdfundId, p.id),
    ...keys.userPledgeIndex(p.pledgerId, p.createdAt, p.id),
    ...(live ? keys.crowdfundBackerIndex(p.crowdfundId, p.createdAt, p.id) : {}),
    entity: 'Pledge',
    ...p,
  };
}

export async function getPledgeToken(userId: string, clientToken: string): Promise<{ pledgeId: string; crowdfundId: string; fingerprint: string } | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.pledgeToken(userId, clientToken), ConsistentRead: true }));
  return Item ? (Item as { pledgeId: string; crowdfundId: string; fingerprint: string }) : undefined;
}

export async function getPledge(crowdfundId: string, pledgeId: string): Promise<PledgeRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.crowdfundPledge(crowdfundId, pledgeId), ConsistentRead: true }));
  return Item ? fromItem<PledgeRecord>(Item) : undefined;
}

/** A pledge by its id alone: pointer → pledge. */
export async function findPledge(pledgeId: string): Promise<PledgeRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.pledgeRef(pledgeId) }));
  return Item ? getPledge(String(Item.crowdfundId), pledgeId) : undefined;
}

/** A page of a crowdfund's live pledges (the backer index), newest first. */
export function listBackers(crowdfundId: string, page: { limit: number; cursor?: string }): Promise<Page<PledgeRecord>> {
  return recordPage<PledgeRecord>(
    {
      TableName: T(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.crowdfundBackerIndex(crowdfundId, '', '').gsi1pk },
      ScanIndexForward: false,
    },
    page,
  );
}

/** A page of a user's pledges, newest first. */
export function listUserPledges(userId: string, page: { limit: number; cursor?: string }): Promise<Page<PledgeRecord>> {
  return recordPage<PledgeRecord>(
    {
      TableName: T(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.userPledgeIndex(userId, '', '').gsi2pk, ':p': 'PLEDGE#' },
      ScanIndexForward: false,
    },
    page,
  );
}

/** A page of a crowdfund's pledges of every status, oldest first (the backer fan-out walks it: released pledges are off the backer index). */
export function pledgesPage(crowdfundId: string, page: { limit: number; cursor?: string }): Promise<Page<PledgeRecord>> {
  return recordPage<PledgeRecord>(
    { TableName: T(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': keys.crowdfund(crowdfundId).pk, ':p': 'PLEDGE#' } },
    page,
  );
}

/** Every pledge of a crowdfund, strongly consistent (tests and audits only: it grows with the crowdfund). */
export async function listPledges(crowdfundId: string): Promise<PledgeRecord[]> {
  return (await queryPartitionPrefix(crowdfundId, 'PLEDGE#')).map((i) => fromItem<PledgeRecord>(i));
}

/** Indexes of the items in `insertPledge`'s transaction, for reading its refusal. */
export const PLEDGE_TX = { line: 0, pledge: 1, pointer: 2, token: 3 } as const;

/** The line's copy of the crowdfund's status says open, and its deadline is still ahead. */
const LINE_OPEN = 'attribute_exists(pk) AND crowdfundStatus = :open AND deadline > :now';

/**
 * One pledge, in one transaction: the line (its copy of the crowdfund's status) says open
 * and before the deadline, the line's running total grows by the pledge only if it stays
 * within `maxBefore` (target − value; none for ideas), the pledge and its pointer are new,
 * and the client token was never used by this user. Nothing else is shared with pledges to
 * other lines. A refusal carries the line as it was (closed, or what is still open).
 */
export async function insertPledge(p: PledgeRecord, maxBefore: number | undefined, now: string, fingerprint: string): Promise<void> {
  const countsOnly = maxBefore === undefined;
  await transact([
    {
      Update: {
        TableName: T(),
        Key: keys.crowdfundLine(p.crowdfundId, p.lineId),
        UpdateExpression: 'ADD pledged :v, pledgeCount :one',
        ConditionExpression: countsOnly ? LINE_OPEN : `${LINE_OPEN} AND pledged <= :max`,
        ExpressionAttributeValues: { ':v': p.value, ':one': 1, ':open': 'open', ':now': now, ...(countsOnly ? {} : { ':max': maxBefore }) },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    putNew(pledgeItem(p)),
    putNew({ ...keys.pledgeRef(p.id), entity: 'PledgeRef', crowdfundId: p.crowdfundId }),
    putNew({
      ...keys.pledgeToken(p.pledgerId, p.clientToken),
      entity: 'PledgeToken',
      pledgeId: p.id,
      crowdfundId: p.crowdfundId,
      fingerprint,
      createdAt: p.createdAt,
    }),
  ]);
}

/** pledged → withdrawn by its pledger, before the deadline; the line total shrinks with it. */
export const WITHDRAW_TX = { line: 0, pledge: 1 } as const;

export async function withdrawPledge(p: PledgeRecord, updated: PledgeRecord, now: string): Promise<void> {
  await transact([
    {
      Update: {
        TableName: T(),
        Key: keys.crowdfundLine(p.crowdfundId, p.lineId),
        UpdateExpression: 'ADD pledged :neg, pledgeCount :minusOne',
        ConditionExpression: LINE_OPEN,
        ExpressionAttributeValues: { ':neg': -p.value, ':minusOne': -1, ':open': 'open', ':now': now },
      },
    },
    putIfStatus(pledgeItem(updated), '#s = :pledged AND pledgerId = :u', { ':pledged': 'pledged', ':u': p.pledgerId }),
  ]);
}

/**
 * pledged → fulfilled while the crowdfund is live; the line's fulfilled total grows, and a
 * money pledge appends its income entry to the ledger (and the ledger totals) in the same
 * transaction.
 */
export const FULFIL_TX = { line: 0, pledge: 1 } as const;

export async function fulfilPledge(p: PledgeRecord, updated: PledgeRecord, liveStatuses: string[], income?: LedgerEntryRecord, also: TxItem[] = []): Promise<void> {
  const statusValues = Object.fromEntries(liveStatuses.map((s, i) => [`:s${i}`, s]));
  await transact([
    {
      Update: {
        TableName: T(),
        Key: keys.crowdfundLine(p.crowdfundId, p.lineId),
        UpdateExpression: 'ADD fulfilled :v',
        ConditionExpression: `crowdfundStatus IN (${Object.keys(statusValues).join(', ')})`,
        ExpressionAttributeValues: { ':v': p.value, ...statusValues },
      },
    },
    putIfStatus(pledgeItem(updated), '#s = :pledged', { ':pledged': 'pledged' }),
    ...(income ? [ledgerPut(income), totalsAdd(income)] : []),
    ...also,
  ]);
}

/**
 * pledged | fulfilled → released (the crowdfund failed or was cancelled). Idempotent: a
 * pledge already released is refused by its condition and left alone. A fulfilled money
 * pledge gets a reversal entry (money to give back) in the same transaction.
 */
export async function releasePledge(p: PledgeRecord, updated: PledgeRecord, refund?: LedgerEntryRecord): Promise<boolean> {
  try {
    await transact([
      putIfStatus(pledgeItem(updated), '#s = :was', { ':was': p.status }),
      {
        Update: {
          TableName: T(),
          Key: keys.crowdfundLine(p.crowdfundId, p.lineId),
          UpdateExpression: 'ADD pledged :neg, pledgeCount :minusOne, fulfilled :fneg',
          ExpressionAttributeValues: { ':neg': -p.value, ':minusOne': -1, ':fneg': p.status === 'fulfilled' ? -p.value : 0 },
        },
      },
      ...(refund ? reversalItems(refund, false) : []),
    ]);
    return true;
  } catch (err) {
    if (err instanceof TxRefused && err.failed(0)) return false;
    // The income was reversed by hand already: release the pledge without a second reversal.
    if (err instanceof TxRefused && refund && err.failed(3)) return releasePledge(p, updated);
    throw err;
  }
}

// ---------- ledger (append-only) ----------

/**
 * The only way a ledger entry is written: a Put that succeeds only when no item has its
 * key. Nothing in this module updates or deletes a `LEDGER#` item.
 */
function ledgerPut(entry: LedgerEntryRecord): TxItem {
  // Spelt out rather than via putNew: the append-only guard is audited here (tests/unit/crowdfund-rules).
  return {
    Put: {
      TableName: T(),
      Item: { ...keys.crowdfundLedgerEntry(entry.crowdfundId, entry.id), entity: 'LedgerEntry', ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The running totals item (a guard: an expense may not exceed the balance). */
function totalsAdd(entry: LedgerEntryRecord, guardBalance = false): TxItem {
  const kind = entry.kind;
  return {
    Update: {
      TableName: T(),
      Key: keys.crowdfundLedgerTotals(entry.crowdfundId),
      UpdateExpression: `ADD balance :a, #k :abs, entryCount :one SET crowdfundId = :cf`,
      ...(guardBalance ? { ConditionExpression: 'attribute_exists(balance) AND balance >= :need' } : {}),
      ExpressionAttributeNames: { '#k': kind },
      ExpressionAttributeValues: {
        ':a': entry.amount,
        ':abs': kind === 'reversal' ? entry.amount : Math.abs(entry.amount),
        ':one': 1,
        ':cf': entry.crowdfundId,
        ...(guardBalance ? { ':need': -entry.amount } : {}),
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

function reversalItems(entry: LedgerEntryRecord, guardBalance: boolean): TxItem[] {
  return [
    ledgerPut(entry),
    // One marker per reversed entry: a second reversal of the same entry is refused.
    putNew({ ...keys.crowdfundLedgerReversal(entry.crowdfundId, entry.reverses!), entity: 'LedgerReversalMarker', reversalId: entry.id }),
    totalsAdd(entry, guardBalance),
  ];
}

export const EXPENSE_TX = { crowdfund: 0, entry: 1, totals: 2 } as const;

export async function appendExpense(entry: LedgerEntryRecord, spendableStatuses: string[]): Promise<void> {
  await transact([
    statusInCheck(entry.crowdfundId, spendableStatuses),
    ledgerPut(entry),
    totalsAdd(entry, true),
  ]);
}

export const REVERSAL_TX = { entry: 0, marker: 1, totals: 2, pledge: 3, line: 4 } as const;

/**
 * Appends a reversal. Reversing the income of a fulfilled pledge also takes the pledge back
 * to "pledged" and its line's fulfilled total down by the same amount, in the same
 * transaction, so the line's fulfilled total always equals what the ledger says arrived.
 */
export async function appendReversal(entry: LedgerEntryRecord, unfulfil?: { pledge: PledgeRecord; reverted: PledgeRecord }): Promise<void> {
  await transact([
    ...reversalItems(entry, entry.amount < 0),
    ...(unfulfil
      ? [
          putIfStatus(pledgeItem(unfulfil.reverted), '#s = :fulfilled AND incomeEntryId = :e', { ':fulfilled': 'fulfilled', ':e': entry.reverses }),
          {
            Update: {
              TableName: T(),
              Key: keys.crowdfundLine(unfulfil.pledge.crowdfundId, unfulfil.pledge.lineId),
              UpdateExpression: 'ADD fulfilled :neg',
              ExpressionAttributeValues: { ':neg': -unfulfil.pledge.value },
            },
          },
        ]
      : []),
  ]);
}

export async function getLedgerEntry(crowdfundId: string, entryId: string): Promise<LedgerEntryRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.crowdfundLedgerEntry(crowdfundId, entryId), ConsistentRead: true }));
  return Item ? fromItem<LedgerEntryRecord>(Item) : undefined;
}

/** A page of entries, oldest first (entry ids sort by time). */
export function listLedgerPage(crowdfundId: string, page: { limit: number; cursor?: string }): Promise<Page<LedgerEntryRecord>> {
  return recordPage<LedgerEntryRecord>(
    {
      TableName: T(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.crowdfund(crowdfundId).pk, ':p': 'LEDGER#' },
      ConsistentRead: true,
    },
    page,
  );
}

/** Which of `entryIds` have been reversed, and by which entry (one BatchGetItem per 100). */
export async function reversalsOf(crowdfundId: string, entryIds: string[]): Promise<Map<string, string>> {
  const items = await batchGetAll(entryIds.map((id) => keys.crowdfundLedgerReversal(crowdfundId, id)), { ConsistentRead: true });
  return new Map(items.map((i) => [String(i.sk).slice('REVERSED#'.length), String(i.reversalId)]));
}

export async function getLedgerTotals(crowdfundId: string): Promise<Item | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.crowdfundLedgerTotals(crowdfundId), ConsistentRead: true }));
  return Item;
}
