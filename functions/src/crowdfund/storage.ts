import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ddb, fromItem, type Item, queryAll, queryIndexPrefix, tableName, transact as transactItems } from '../lib/dynamo';
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

/** A check that the crowdfund is open and before its deadline. */
function openCheck(crowdfundId: string, now: string): TxItem {
  return {
    ConditionCheck: {
      TableName: T(),
      Key: keys.crowdfund(crowdfundId),
      ConditionExpression: '#s = :open AND deadline > :now',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':open': 'open', ':now': now },
    },
  };
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
    // Sparse GSI2 entries: open ones by deadline (the closer's work list), and failed or
    // cancelled ones whose pledges still wait to be released (a crashed pass resumes there).
    ...(cf.status === 'open' ? keys.crowdfundDue(cf.deadline, cf.id) : cf.releasePending ? keys.crowdfundReleasing(cf.id) : {}),
    entity: 'Crowdfund',
    ...cf,
  };
}

function lineItem(line: LineRecord): Item {
  return { ...keys.crowdfundLine(line.crowdfundId, line.id), entity: 'CrowdfundLine', ...line };
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
  const lines = items.filter((i) => String(i.sk).startsWith('LINE#')).map((i) => fromItem<LineRecord>(i));
  lines.sort((a, b) => a.index - b.index);
  return { crowdfund: fromItem<CrowdfundRecord>(meta), lines };
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

/** Crowdfunds of a community (META only), optionally of one status, by deadline. */
export async function listCommunityCrowdfunds(communityId: string, status?: string): Promise<CrowdfundRecord[]> {
  const index = keys.crowdfundIndex(communityId, status ?? '', '', '');
  const items = await queryAll({
    TableName: T(),
    IndexName: 'gsi1',
    KeyConditionExpression: status ? 'gsi1pk = :pk AND begins_with(gsi1sk, :s)' : 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': index.gsi1pk, ...(status ? { ':s': `${status}#` } : {}) },
  });
  return items.map((i) => fromItem<CrowdfundRecord>(i));
}

export async function createCrowdfund(cf: CrowdfundRecord, lines: LineRecord[]): Promise<void> {
  await transact([
    putNew(crowdfundItem(cf)),
    ...lines.map((l) => putNew(lineItem(l))),
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
    ...lines.map((l) => ({ Put: { TableName: T(), Item: lineItem(l) } })),
    ...stale,
  ]);
}

/** Writes the crowdfund's new state, only if it is still in `from` (one of the status machine's edges). */
export async function saveTransition(cf: CrowdfundRecord, from: string): Promise<void> {
  await transact([putIfStatus(crowdfundItem(cf), '#s = :from', { ':from': from })]);
}

/**
 * Closes an open crowdfund at its deadline, exactly once: the new state, a CLOSE marker
 * that can be written only once, and a check that no line total moved since it was read.
 */
export async function saveClose(cf: CrowdfundRecord, lines: LineRecord[], now: string, runId: string): Promise<void> {
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
    ...lines.map((l) => ({
      ConditionCheck: {
        TableName: T(),
        Key: keys.crowdfundLine(cf.id, l.id),
        ConditionExpression: 'pledged = :p',
        ExpressionAttributeValues: { ':p': l.pledged },
      },
    })),
  ]);
}

export async function getCloseMarker(crowdfundId: string): Promise<Item | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.crowdfundClose(crowdfundId), ConsistentRead: true }));
  return Item;
}

/** Clears the "pledges to release" flag once every pledge is released. */
export async function clearReleasePending(cf: CrowdfundRecord): Promise<void> {
  const { releasePending: _r, ...rest } = cf;
  await ddb().send(
    new PutCommand({
      TableName: T(),
      Item: crowdfundItem(rest as CrowdfundRecord),
      ConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': cf.status },
    }),
  );
}

async function queryIndex2(pk: string, upTo?: string): Promise<CrowdfundRecord[]> {
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
/** Failed or cancelled crowdfunds whose release pass did not finish. */
export const listReleasing = () => queryIndex2(keys.crowdfundReleasing('').gsi2pk);

// ---------- pledges ----------

function pledgeItem(p: PledgeRecord): Item {
  return { ...keys.crowdfundPledge(p.crowdfundId, p.id), ...keys.userPledgeIndex(p.pledgerId, p.createdAt, p.id), entity: 'Pledge', ...p };
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

export async function listPledges(crowdfundId: string): Promise<PledgeRecord[]> {
  return (await queryPartitionPrefix(crowdfundId, 'PLEDGE#')).map((i) => fromItem<PledgeRecord>(i));
}

export async function listUserPledges(userId: string): Promise<PledgeRecord[]> {
  const idx = keys.userPledgeIndex(userId, '', '');
  const items = await queryIndexPrefix('gsi2', idx.gsi2pk, 'PLEDGE#', { newestFirst: true });
  return items.map((i) => fromItem<PledgeRecord>(i));
}

/** Indexes of the items in `insertPledge`'s transaction, for reading its refusal. */
export const PLEDGE_TX = { crowdfund: 0, line: 1, pledge: 2, pointer: 3, token: 4 } as const;

/**
 * One pledge, in one transaction: the crowdfund is open and before its deadline, the
 * line's running total grows by the pledge only if it stays within `maxBefore` (target −
 * value; none for ideas), the pledge and its pointer are new, and the client token was
 * never used by this user. A refusal carries the line as it was (for "what is still open").
 */
export async function insertPledge(p: PledgeRecord, maxBefore: number | undefined, now: string, fingerprint: string): Promise<void> {
  const countsOnly = maxBefore === undefined;
  await transact([
    openCheck(p.crowdfundId, now),
    {
      Update: {
        TableName: T(),
        Key: keys.crowdfundLine(p.crowdfundId, p.lineId),
        UpdateExpression: 'ADD pledged :v, pledgeCount :one',
        ConditionExpression: countsOnly ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND pledged <= :max',
        ExpressionAttributeValues: { ':v': p.value, ':one': 1, ...(countsOnly ? {} : { ':max': maxBefore }) },
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
export async function withdrawPledge(p: PledgeRecord, updated: PledgeRecord, now: string): Promise<void> {
  await transact([
    openCheck(p.crowdfundId, now),
    putIfStatus(pledgeItem(updated), '#s = :pledged AND pledgerId = :u', { ':pledged': 'pledged', ':u': p.pledgerId }),
    {
      Update: {
        TableName: T(),
        Key: keys.crowdfundLine(p.crowdfundId, p.lineId),
        UpdateExpression: 'ADD pledged :neg, pledgeCount :minusOne',
        ExpressionAttributeValues: { ':neg': -p.value, ':minusOne': -1 },
      },
    },
  ]);
}

/**
 * pledged → fulfilled while the crowdfund is live; the line's fulfilled total grows, and a
 * money pledge appends its income entry to the ledger (and the ledger totals) in the same
 * transaction.
 */
export async function fulfilPledge(p: PledgeRecord, updated: PledgeRecord, liveStatuses: string[], income?: LedgerEntryRecord): Promise<void> {
  await transact([
    statusInCheck(p.crowdfundId, liveStatuses),
    putIfStatus(pledgeItem(updated), '#s = :pledged', { ':pledged': 'pledged' }),
    {
      Update: {
        TableName: T(),
        Key: keys.crowdfundLine(p.crowdfundId, p.lineId),
        UpdateExpression: 'ADD fulfilled :v',
        ExpressionAttributeValues: { ':v': p.value },
      },
    },
    ...(income ? [ledgerPut(income), totalsAdd(income)] : []),
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

export const REVERSAL_TX = { entry: 0, marker: 1, totals: 2 } as const;

export async function appendReversal(entry: LedgerEntryRecord): Promise<void> {
  await transact(reversalItems(entry, entry.amount < 0));
}

export async function getLedgerEntry(crowdfundId: string, entryId: string): Promise<LedgerEntryRecord | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.crowdfundLedgerEntry(crowdfundId, entryId), ConsistentRead: true }));
  return Item ? fromItem<LedgerEntryRecord>(Item) : undefined;
}

/** Every entry, oldest first (entry ids sort by time). */
export async function listLedger(crowdfundId: string): Promise<LedgerEntryRecord[]> {
  return (await queryPartitionPrefix(crowdfundId, 'LEDGER#')).map((i) => fromItem<LedgerEntryRecord>(i));
}

export async function getLedgerTotals(crowdfundId: string): Promise<Item | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: T(), Key: keys.crowdfundLedgerTotals(crowdfundId), ConsistentRead: true }));
  return Item;
}
