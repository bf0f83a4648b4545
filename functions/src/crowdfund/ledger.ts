import { gzipSync } from 'node:zlib';
import type { z } from 'zod';
import type { ExpenseRequest, Ledger, LedgerEntry } from '@shared/api/crowdfund';
import type { PageQuery } from '@shared/api/common';
import { authorize, can, type Principal } from '../lib/authorize';
import { AppError, conflict, notFound, ruleBroken } from '../lib/errors';
import { nowIso } from '../lib/time';
import { attachUploads, photoUrls } from '../uploads/domain';
import { load } from './access';
import type { LedgerEntryRecord, PledgeRecord } from './model';
import { ledgerEntryId, yuan } from './rules';
import { SPENDABLE, STATUS_LABELS } from './status';
import * as store from './storage';
import { TxRefused } from './storage';

/** The public, append-only ledger: pages, totals from the TOTALS item, CSV, expenses and reversals. */

export function ledgerTotals(entries: Pick<LedgerEntryRecord, 'kind' | 'amount'>[]): Ledger['totals'] {
  const totals = { income: 0, expense: 0, reversal: 0, balance: 0 };
  for (const e of entries) {
    if (e.kind === 'income') totals.income += e.amount;
    else if (e.kind === 'expense') totals.expense += -e.amount;
    else totals.reversal += e.amount;
    totals.balance += e.amount;
  }
  return totals;
}

/**
 * An entry as a reader sees it. The payment voucher number (转账凭证号) is the payer's
 * banking detail: only the community's admins see it; the public sees the method alone.
 * The payer's name is the one the backer consented to when pledging (or 匿名居民).
 */
export function ledgerEntryView(e: LedgerEntryRecord, reversedBy?: string, admin = false): LedgerEntry {
  const { crowdfundId: _c, recordedById: _r, payment, ...rest } = e;
  return {
    ...rest,
    ...(payment ? { payment: admin ? payment : { method: payment.method } } : {}),
    ...(reversedBy ? { reversedBy } : {}),
  };
}

const KIND_LABELS = { income: '收入', expense: '支出', reversal: '冲正' } as const;

/** A CSV cell: quoted, and text that a spreadsheet would run as a formula is defused. */
function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const row = (r: (string | number | undefined)[]) => r.map((v) => (typeof v === 'number' ? String(v) : cell(v))).join(',');

const CSV_HEADER = ['时间', '类型', '金额（元）', '收付方', '用途/说明', '凭证', '冲正对象', '被冲正', '收据照片', '记账人', '编号'];

function csvRow(e: LedgerEntry): string {
  const party = e.kind === 'income' ? e.backerName : e.payee;
  const note = e.kind === 'reversal' ? e.reason : e.purpose;
  return row([
    e.createdAt,
    KIND_LABELS[e.kind],
    yuan(e.amount),
    party,
    note,
    e.payment ? `${e.payment.method}${e.payment.reference ? ` ${e.payment.reference}` : ''}` : undefined,
    e.reverses,
    e.reversedBy,
    e.receiptPhotos?.join(' '),
    e.recordedBy,
    e.id,
  ]);
}

function csvFooter(t: Ledger['totals']): string[] {
  return ['', row(['合计收入', '', yuan(t.income)]), row(['合计支出', '', yuan(t.expense)]), row(['冲正合计', '', yuan(t.reversal)]), row(['结余', '', yuan(t.balance)])];
}

/** A ledger (one page or all of it) as CSV (UTF-8 with BOM so that spreadsheet software shows the Chinese). */
export function ledgerCsv(ledger: Pick<Ledger, 'entries' | 'totals'> & Partial<Ledger>): string {
  return `\uFEFF${[row(CSV_HEADER), ...ledger.entries.map(csvRow), ...csvFooter(ledger.totals)].join('\r\n')}\r\n`;
}

function totalsOf(item: Record<string, unknown> | undefined): Ledger['totals'] {
  const n = (k: string) => Number(item?.[k] ?? 0);
  return { income: n('income'), expense: n('expense'), reversal: n('reversal'), balance: n('balance') };
}

const isLedgerAdmin = (principal: Principal | undefined, communityId: string) =>
  !!principal && can(principal, 'crowdfund:ledger', { kind: 'community', communityId });

/** One page of the ledger, oldest first, with the totals of all of it (the TOTALS item, kept in each entry's transaction). */
export async function getLedger(crowdfundId: string, page: PageQuery, principal?: Principal): Promise<Ledger> {
  const { crowdfund } = await load(crowdfundId, principal);
  const admin = isLedgerAdmin(principal, crowdfund.communityId);
  const [entries, totals] = await Promise.all([store.listLedgerPage(crowdfundId, page), store.getLedgerTotals(crowdfundId)]);
  const reversedBy = await store.reversalsOf(crowdfundId, entries.items.filter((e) => e.kind !== 'reversal').map((e) => e.id));
  return {
    crowdfundId,
    title: crowdfund.title,
    entries: await Promise.all(entries.items.map((e) => withReceiptUrls(ledgerEntryView(e, reversedBy.get(e.id), admin)))),
    totals: totalsOf(totals),
    ...(entries.nextCursor ? { nextCursor: entries.nextCursor } : {}),
  };
}

/** Entries read per Query while exporting (DynamoDB returns at most 1 MB per page anyway). */
const CSV_PAGE = 1000;

/**
 * The whole ledger as CSV, read page by page (never all entries at once as records) and
 * gzipped: 50,000 entries are about 8 MB of CSV, over Lambda's 6 MB response limit, and
 * about 1 MB gzipped. The totals come from the TOTALS item, like the page view's.
 */
export async function getLedgerCsv(crowdfundId: string, principal?: Principal): Promise<{ csv: Buffer; gzipped: boolean; entries: number }> {
  const { crowdfund } = await load(crowdfundId, principal);
  const admin = isLedgerAdmin(principal, crowdfund.communityId);
  const lines: string[] = [row(CSV_HEADER)];
  let cursor: string | undefined;
  let entries = 0;
  do {
    const page = await store.listLedgerPage(crowdfundId, { limit: CSV_PAGE, cursor });
    const reversedBy = await store.reversalsOf(crowdfundId, page.items.filter((e) => e.kind !== 'reversal').map((e) => e.id));
    for (const e of page.items) lines.push(csvRow(ledgerEntryView(e, reversedBy.get(e.id), admin)));
    entries += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  lines.push(...csvFooter(totalsOf(await store.getLedgerTotals(crowdfundId))));
  const text = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  return text.length > 1_000_000 ? { csv: gzipSync(text), gzipped: true, entries } : { csv: text, gzipped: false, entries };
}

function insufficient(err: TxRefused, index: number): AppError {
  const balance = Number(err.reasons[index]?.item?.balance ?? 0);
  return ruleBroken('INSUFFICIENT_BALANCE', `账本结余不足：当前结余 ${yuan(balance)} 元`);
}

/** An entry with links that show its receipt photos (stored as upload keys, or https links of older data). */
async function withReceiptUrls(entry: LedgerEntry): Promise<LedgerEntry> {
  return entry.receiptPhotos ? { ...entry, receiptPhotos: await photoUrls(entry.receiptPhotos) } : entry;
}

export async function recordExpense(crowdfundId: string, body: z.output<typeof ExpenseRequest>, principal: Principal, now = new Date()): Promise<LedgerEntry> {
  const { crowdfund } = await load(crowdfundId, principal);
  authorize(principal, 'crowdfund:ledger', { kind: 'community', communityId: crowdfund.communityId });
  if (!SPENDABLE.includes(crowdfund.status)) {
    throw conflict('NOT_SPENDABLE', `众筹当前为“${STATUS_LABELS[crowdfund.status]}”，不能登记支出`);
  }
  const receiptPhotos = await attachUploads(principal, 'receipt', body.receiptPhotos, { field: 'receiptPhotos', label: '收据照片' });
  const entry: LedgerEntryRecord = {
    id: ledgerEntryId(now),
    crowdfundId,
    kind: 'expense',
    amount: -body.amount,
    createdAt: nowIso(now),
    recordedById: principal.userId,
    recordedBy: principal.user.nickname,
    payee: body.payee,
    purpose: body.purpose,
    receiptPhotos,
  };
  try {
    await store.appendExpense(entry, SPENDABLE);
  } catch (err) {
    if (!(err instanceof TxRefused)) throw err;
    if (err.failed(store.EXPENSE_TX.totals)) throw insufficient(err, store.EXPENSE_TX.totals);
    throw conflict('NOT_SPENDABLE', '众筹状态已变化，不能登记支出');
  }
  return withReceiptUrls(ledgerEntryView(entry, undefined, true));
}

/**
 * Corrects a mistake with a new entry of the opposite amount; the original stays as it was.
 * Reversing the income of a fulfilled pledge ("the money never arrived") also takes the
 * pledge back to 已认捐 and its line's fulfilled total down, in the same transaction.
 */
export async function reverseLedgerEntry(crowdfundId: string, entryId: string, reason: string, principal: Principal, now = new Date()): Promise<LedgerEntry> {
  const { crowdfund } = await load(crowdfundId, principal);
  authorize(principal, 'crowdfund:ledger', { kind: 'community', communityId: crowdfund.communityId });
  const original = await store.getLedgerEntry(crowdfundId, entryId);
  if (!original) throw notFound('账目');
  if (original.kind === 'reversal') throw ruleBroken('CANNOT_REVERSE_REVERSAL', '冲正记录不能再冲正');
  const entry: LedgerEntryRecord = {
    id: ledgerEntryId(now),
    crowdfundId,
    kind: 'reversal',
    amount: -original.amount,
    createdAt: nowIso(now),
    recordedById: principal.userId,
    recordedBy: principal.user.nickname,
    reverses: original.id,
    reason,
    ...(original.pledgeId ? { pledgeId: original.pledgeId } : {}),
    ...(original.backerName ? { backerName: original.backerName } : {}),
  };
  let unfulfil: { pledge: PledgeRecord; reverted: PledgeRecord } | undefined;
  if (original.kind === 'income' && original.pledgeId) {
    const pledge = await store.getPledge(crowdfundId, original.pledgeId);
    if (pledge && pledge.status === 'fulfilled' && pledge.incomeEntryId === original.id) {
      const { fulfilledAt: _f, fulfilledBy: _b, payment: _p, incomeEntryId: _i, ...rest } = pledge;
      unfulfil = { pledge, reverted: { ...rest, status: 'pledged' } };
    }
  }
  try {
    await store.appendReversal(entry, unfulfil);
  } catch (err) {
    if (!(err instanceof TxRefused)) throw err;
    if (err.failed(store.REVERSAL_TX.marker)) throw conflict('ALREADY_REVERSED', '该账目已冲正过');
    if (err.failed(store.REVERSAL_TX.totals)) throw insufficient(err, store.REVERSAL_TX.totals);
    if (err.failed(store.REVERSAL_TX.pledge)) throw conflict('CONFLICT', '该认捐状态已变化，请刷新后重试');
    throw err;
  }
  return ledgerEntryView(entry, undefined, true);
}
