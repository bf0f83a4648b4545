import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  ANONYMOUS_BACKER,
  type Backer,
  type BudgetLine,
  type BudgetLineInput,
  type Crowdfund,
  type CrowdfundDetail,
  type CrowdfundListQuery,
  type CrowdfundStatus,
  type Ledger,
  type LedgerEntry,
  type Pledge,
  type PledgeRequest,
  type CrowdfundInput as CrowdfundInputSchema,
  type ExpenseRequest,
  type FulfilRequest,
} from '@shared/api/crowdfund';
import { TIME_ZONE } from '@shared/time';
import { authorize, can, type Principal } from '../lib/authorize';
import { AppError, appError, conflict, notFound, ruleBroken } from '../lib/errors';
import { logger } from '../lib/logger';
import { dayjs, nowIso } from '../lib/time';
import { communitySummaries } from '../org/domain';
import type { CrowdfundRecord, CrowdfundWithLines, LedgerEntryRecord, LineRecord, PledgeRecord } from './model';
import * as store from './storage';
import { TxRefused } from './storage';

type CrowdfundBody = z.output<typeof CrowdfundInputSchema>;
type PledgeBody = z.output<typeof PledgeRequest>;
type ListQuery = z.output<typeof CrowdfundListQuery>;

// ===================== the status machine (pure) =====================

export const STATUS_LABELS: Record<CrowdfundStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  open: '众筹中',
  rejected: '未通过',
  funded: '众筹成功',
  failed: '众筹未成功',
  in_progress: '实施中',
  completed: '已完成',
  cancelled: '已取消',
};

/** Who moves a crowdfund along each edge: the organiser, an admin of its community, or the deadline closer. */
export type Mover = 'organiser' | 'admin' | 'system';

/**
 * draft → submitted → open | rejected; open → funded | failed (at the deadline);
 * funded → in_progress → completed; cancelled from draft, submitted, open or funded.
 * Everything not listed is refused.
 */
export const TRANSITIONS: Record<CrowdfundStatus, Partial<Record<CrowdfundStatus, Mover>>> = {
  draft: { submitted: 'organiser', cancelled: 'organiser' },
  submitted: { open: 'admin', rejected: 'admin', cancelled: 'organiser' },
  open: { funded: 'system', failed: 'system', cancelled: 'admin' },
  funded: { in_progress: 'admin', cancelled: 'admin' },
  in_progress: { completed: 'admin' },
  rejected: {},
  failed: {},
  completed: {},
  cancelled: {},
};

export function canTransition(from: CrowdfundStatus, to: CrowdfundStatus, by?: Mover): boolean {
  const mover = TRANSITIONS[from][to];
  return mover !== undefined && (by === undefined || mover === by);
}

/** Throws 409 INVALID_STATUS with a Chinese message unless `from → to` is an edge of the machine. */
export function assertTransition(from: CrowdfundStatus, to: CrowdfundStatus): void {
  if (!canTransition(from, to)) {
    throw conflict('INVALID_STATUS', `众筹当前为“${STATUS_LABELS[from]}”，不能变为“${STATUS_LABELS[to]}”`, { status: from, wanted: to });
  }
}

/** Statuses anyone may see; drafts, submissions and rejections only their organiser and the community's admins. */
export const PUBLIC_STATUSES: CrowdfundStatus[] = ['open', 'funded', 'failed', 'in_progress', 'completed', 'cancelled'];
/** A pledge can be confirmed (money received, labour done, goods delivered) in these. */
export const FULFILLABLE: CrowdfundStatus[] = ['open', 'funded', 'in_progress'];
/** Expenses can be recorded in these. */
export const SPENDABLE: CrowdfundStatus[] = ['funded', 'in_progress', 'completed'];

/** Funded when every required line reached its target (ideas lines have none and never count). */
export function closeOutcome(lines: Pick<LineRecord, 'required' | 'target' | 'pledged'>[]): 'funded' | 'failed' {
  return lines.every((l) => !l.required || l.target === undefined || l.pledged >= l.target) ? 'funded' : 'failed';
}

// ===================== lines and pledges (pure) =====================

export function lineUnit(line: Pick<LineRecord, 'kind' | 'unit'>): string {
  return line.kind === 'money' ? '分' : line.kind === 'labour' ? '小时' : line.kind === 'ideas' ? '条' : line.unit;
}

/** "120.50 元", "6 小时", "30 块": what a value on a line reads as, in Chinese. */
export function describeValue(line: Pick<LineRecord, 'kind' | 'unit'>, value: number): string {
  if (line.kind === 'money') return `${yuan(value)} 元`;
  if (line.kind === 'labour') return `${value} 小时`;
  if (line.kind === 'ideas') return `${value} 条`;
  return `${value} ${line.unit}`;
}

export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function newLines(crowdfundId: string, inputs: BudgetLineInput[]): LineRecord[] {
  return inputs.map((input, i) => {
    const base = {
      crowdfundId,
      id: `ln-${i + 1}`,
      index: i,
      kind: input.kind,
      title: input.title,
      ...(input.description ? { description: input.description } : {}),
      required: input.kind === 'ideas' ? false : input.required,
      pledged: 0,
      fulfilled: 0,
      pledgeCount: 0,
    };
    switch (input.kind) {
      case 'money':
        return { ...base, target: input.target, unit: '分' };
      case 'labour':
        return { ...base, target: input.target, unit: '小时', skill: input.skill };
      case 'materials':
        return { ...base, target: input.target, unit: input.unit, item: input.item };
      case 'ideas':
        return { ...base, unit: '条' };
    }
  });
}

export function lineView(l: LineRecord): BudgetLine {
  const hasTarget = l.target !== undefined;
  return {
    id: l.id,
    kind: l.kind,
    title: l.title,
    ...(l.description ? { description: l.description } : {}),
    required: l.required,
    ...(hasTarget ? { target: l.target } : {}),
    unit: lineUnit(l),
    ...(l.skill ? { skill: l.skill } : {}),
    ...(l.item ? { item: l.item } : {}),
    pledged: l.pledged,
    fulfilled: l.fulfilled,
    pledgeCount: l.pledgeCount,
    ...(hasTarget ? { remaining: Math.max(0, l.target! - l.pledged), percent: Math.min(100, Math.floor((l.pledged * 100) / l.target!)) } : {}),
    reached: hasTarget ? l.pledged >= l.target! : l.pledgeCount > 0,
  };
}

const FIELD_FOR: Record<LineRecord['kind'], 'amount' | 'hours' | 'quantity' | 'text'> = {
  money: 'amount',
  labour: 'hours',
  materials: 'quantity',
  ideas: 'text',
};

/** The pledge's value in the line's unit, or 400 pointing at the field the line's kind needs. */
export function pledgeValue(line: Pick<LineRecord, 'kind'>, body: Pick<PledgeBody, 'amount' | 'hours' | 'quantity' | 'text'>): number {
  const field = FIELD_FOR[line.kind];
  const misplaced = (['amount', 'hours', 'quantity'] as const).filter((f) => f !== field && body[f] !== undefined);
  if (misplaced.length > 0) {
    throw appError('VALIDATION_FAILED', `该预算项不接受 ${misplaced[0]}`, misplaced.map((f) => ({ path: f, message: `该预算项不接受 ${f}` })));
  }
  const value = body[field];
  if (value === undefined) {
    const message = { amount: '请填写认捐金额（单位：分）', hours: '请填写认领的劳动时长（小时）', quantity: '请填写认捐数量', text: '请填写您的建议' }[field];
    throw appError('VALIDATION_FAILED', `${field}：${message}`, [{ path: field, message }]);
  }
  return field === 'text' ? 1 : (value as number);
}

/** 409 OVER_TARGET: the message and `details` say what the line still has open. */
export function overTarget(line: Pick<LineRecord, 'id' | 'kind' | 'unit' | 'title' | 'target'>, remaining: number, requested: number): AppError {
  const left = Math.max(0, remaining);
  const message =
    left > 0
      ? `超出目标：“${line.title}”还差 ${describeValue(line, left)}，您填写的是 ${describeValue(line, requested)}`
      : `“${line.title}”已筹满，无需再认捐`;
  return conflict('OVER_TARGET', message, { lineId: line.id, remaining: left, unit: lineUnit(line), target: line.target });
}

/** What makes two pledge requests "the same": a client token reused for something else is refused. */
export function pledgeFingerprint(crowdfundId: string, b: Pick<PledgeBody, 'lineId' | 'amount' | 'hours' | 'quantity' | 'text' | 'anonymous'>): string {
  const canonical = JSON.stringify([crowdfundId, b.lineId, b.amount ?? null, b.hours ?? null, b.quantity ?? null, b.text ?? null, !!b.anonymous]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

export function backerName(p: Pick<PledgeRecord, 'anonymous' | 'pledgerName'>): string {
  return p.anonymous ? ANONYMOUS_BACKER : p.pledgerName;
}

export function pledgeView(p: PledgeRecord): Pledge {
  return {
    id: p.id,
    crowdfundId: p.crowdfundId,
    crowdfundTitle: p.crowdfundTitle,
    communityId: p.communityId,
    lineId: p.lineId,
    lineKind: p.lineKind,
    lineTitle: p.lineTitle,
    value: p.value,
    ...(p.lineKind === 'money' ? { amount: p.value } : {}),
    ...(p.lineKind === 'labour' ? { hours: p.value } : {}),
    ...(p.lineKind === 'materials' ? { quantity: p.value } : {}),
    ...(p.text ? { text: p.text } : {}),
    anonymous: p.anonymous,
    status: p.status,
    createdAt: p.createdAt,
    ...(p.withdrawnAt ? { withdrawnAt: p.withdrawnAt } : {}),
    ...(p.fulfilledAt ? { fulfilledAt: p.fulfilledAt } : {}),
    ...(p.releasedAt ? { releasedAt: p.releasedAt } : {}),
    ...(p.payment ? { payment: p.payment } : {}),
  };
}

// ===================== ledger (pure) =====================

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

export function ledgerEntryView(e: LedgerEntryRecord, reversedBy?: string): LedgerEntry {
  const { crowdfundId: _c, recordedById: _r, ...rest } = e;
  return { ...rest, ...(reversedBy ? { reversedBy } : {}) };
}

const KIND_LABELS = { income: '收入', expense: '支出', reversal: '冲正' } as const;

/** A CSV cell: quoted, and text that a spreadsheet would run as a formula is defused. */
function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The public ledger as CSV (UTF-8 with BOM so that spreadsheet software shows the Chinese). */
export function ledgerCsv(ledger: Ledger): string {
  const rows: (string | number | undefined)[][] = [
    ['时间', '类型', '金额（元）', '收付方', '用途/说明', '凭证', '冲正对象', '被冲正', '收据照片', '记账人', '编号'],
  ];
  for (const e of ledger.entries) {
    const party = e.kind === 'income' ? e.backerName : e.payee;
    const note = e.kind === 'reversal' ? e.reason : e.purpose;
    rows.push([
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
  const t = ledger.totals;
  rows.push([], ['合计收入', '', yuan(t.income)], ['合计支出', '', yuan(t.expense)], ['冲正合计', '', yuan(t.reversal)], ['结余', '', yuan(t.balance)]);
  return `\uFEFF${rows.map((r) => r.map((v) => (typeof v === 'number' ? String(v) : cell(v))).join(',')).join('\r\n')}\r\n`;
}

// ===================== ids and times =====================

const randomId = (prefix: string, bytes = 8) => `${prefix}-${randomBytes(bytes).toString('hex')}`;
/** Ledger entry ids sort by time, so the ledger reads oldest first. */
export const ledgerEntryId = (now: Date) => `le-${now.getTime().toString(36).padStart(9, '0')}${randomBytes(4).toString('hex')}`;

function normaliseDeadline(deadline: string): string {
  return dayjs(deadline).tz(TIME_ZONE).format();
}

// ===================== reading =====================

function isOrganiser(p: Principal | undefined, cf: CrowdfundRecord): boolean {
  return !!p && p.userId === cf.organiserId;
}
function isAdmin(p: Principal | undefined, cf: CrowdfundRecord): boolean {
  return !!p && can(p, 'crowdfund:review', { kind: 'community', communityId: cf.communityId });
}
function visible(p: Principal | undefined, cf: CrowdfundRecord): boolean {
  return PUBLIC_STATUSES.includes(cf.status) || isOrganiser(p, cf) || isAdmin(p, cf);
}

export function crowdfundView({ crowdfund: c, lines }: CrowdfundWithLines): Crowdfund {
  return {
    id: c.id,
    communityId: c.communityId,
    estates: c.estates,
    buildingIds: c.buildingIds,
    title: c.title,
    story: c.story,
    photos: c.photos,
    deadline: c.deadline,
    status: c.status,
    organiser: { id: c.organiserId, name: c.organiserName },
    lines: lines.map(lineView),
    ...(c.reviewNote ? { reviewNote: c.reviewNote } : {}),
    ...(c.finalReport ? { finalReport: c.finalReport } : {}),
    ...(c.cancelReason ? { cancelReason: c.cancelReason } : {}),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ...(c.submittedAt ? { submittedAt: c.submittedAt } : {}),
    ...(c.reviewedAt ? { reviewedAt: c.reviewedAt } : {}),
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    ...(c.completedAt ? { completedAt: c.completedAt } : {}),
  };
}

async function load(id: string, principal?: Principal): Promise<CrowdfundWithLines> {
  const cw = await store.getCrowdfund(id);
  if (!cw || !visible(principal, cw.crowdfund)) throw notFound('众筹');
  return cw;
}

/** For changes: a crowdfund that exists, visible or not; the permission check then answers 403. */
async function loadForChange(id: string): Promise<CrowdfundWithLines> {
  const cw = await store.getCrowdfund(id);
  if (!cw) throw notFound('众筹');
  return cw;
}

async function detail(cw: CrowdfundWithLines, principal?: Principal): Promise<CrowdfundDetail> {
  const pledges = cw.crowdfund.status === 'draft' ? [] : await store.listPledges(cw.crowdfund.id);
  const admin = !!principal && can(principal, 'crowdfund:viewBackers', { kind: 'community', communityId: cw.crowdfund.communityId });
  const backers: Backer[] = pledges
    .filter((p) => p.status === 'pledged' || p.status === 'fulfilled')
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
    .map((p) => ({
      pledgeId: p.id,
      name: backerName(p),
      lineId: p.lineId,
      lineKind: p.lineKind,
      value: p.value,
      ...(p.text ? { text: p.text } : {}),
      status: p.status,
      createdAt: p.createdAt,
      ...(principal && p.pledgerId === principal.userId ? { mine: true } : {}),
      ...(admin ? { pledgerName: p.pledgerName } : {}),
    }));
  return { ...crowdfundView(cw), backers };
}

export async function getCrowdfundDetail(id: string, principal?: Principal): Promise<CrowdfundDetail> {
  return detail(await load(id, principal), principal);
}

export async function listCrowdfunds(q: ListQuery, principal?: Principal): Promise<Crowdfund[]> {
  const communityIds = q.communityId ? [q.communityId] : (await communitySummaries()).map((c) => c.id);
  const metas = (await Promise.all(communityIds.map((id) => store.listCommunityCrowdfunds(id, q.status)))).flat();
  const wanted = metas.filter(
    (c) =>
      visible(principal, c) &&
      (q.mine !== 'true' || isOrganiser(principal, c)) &&
      (!q.estate || c.estates.length === 0 || c.estates.includes(q.estate)),
  );
  const full = await Promise.all(wanted.map((c) => store.getCrowdfund(c.id)));
  return full.filter((x): x is CrowdfundWithLines => !!x).map(crowdfundView);
}

// ===================== organiser: create, edit, submit =====================

async function checkInput(body: CrowdfundBody, now: Date): Promise<string> {
  const deadline = normaliseDeadline(body.deadline);
  if (!dayjs(deadline).isAfter(now)) throw ruleBroken('DEADLINE_IN_PAST', '截止时间须晚于现在', [{ path: 'deadline', message: '截止时间须晚于现在' }]);
  const communities = await communitySummaries();
  if (!communities.some((c) => c.id === body.communityId)) {
    throw ruleBroken('UNKNOWN_COMMUNITY', '所选社区不存在', [{ path: 'communityId', message: '所选社区不存在' }]);
  }
  return deadline;
}

/** The fields an organiser sets (on create and on every draft edit). */
function editableFields(body: CrowdfundBody, deadline: string) {
  const { communityId, estates, buildingIds, title, story, photos } = body;
  return { communityId, estates, buildingIds, title, story, photos, deadline };
}

export async function createCrowdfund(body: CrowdfundBody, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  authorize(principal, 'crowdfund:create', { kind: 'none' });
  const deadline = await checkInput(body, now);
  const at = nowIso(now);
  const id = randomId('cf', 6);
  const lines = newLines(id, body.lines);
  const cf: CrowdfundRecord = {
    id,
    ...editableFields(body, deadline),
    status: 'draft',
    organiserId: principal.userId,
    organiserName: principal.user.nickname,
    lineCount: lines.length,
    createdAt: at,
    updatedAt: at,
  };
  await store.createCrowdfund(cf, lines);
  return detail({ crowdfund: cf, lines }, principal);
}

export async function updateCrowdfund(id: string, body: CrowdfundBody, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const { crowdfund: cf } = await loadForChange(id);
  authorize(principal, 'crowdfund:edit', { kind: 'self', userId: cf.organiserId });
  if (cf.status !== 'draft') throw conflict('NOT_DRAFT', `众筹当前为“${STATUS_LABELS[cf.status]}”，只有草稿可以修改`);
  const deadline = await checkInput(body, now);
  const lines = newLines(id, body.lines);
  const next: CrowdfundRecord = {
    ...cf,
    ...editableFields(body, deadline),
    lineCount: lines.length,
    updatedAt: nowIso(now),
  };
  try {
    await store.replaceDraft(next, lines, cf.lineCount);
  } catch (err) {
    if (err instanceof TxRefused) throw conflict('NOT_DRAFT', '众筹已不是草稿，不能修改');
    throw err;
  }
  return detail({ crowdfund: next, lines }, principal);
}

async function move(
  id: string,
  to: CrowdfundStatus,
  principal: Principal,
  patch: (cf: CrowdfundRecord, at: string) => Partial<CrowdfundRecord>,
  check: (cw: CrowdfundWithLines) => void,
  now: Date,
): Promise<CrowdfundWithLines> {
  const cw = await loadForChange(id);
  check(cw);
  const cf = cw.crowdfund;
  assertTransition(cf.status, to);
  const at = nowIso(now);
  const next: CrowdfundRecord = { ...cf, ...patch(cf, at), status: to, updatedAt: at };
  try {
    await store.saveTransition(next, cf.status);
  } catch (err) {
    if (err instanceof TxRefused) throw conflict('CONFLICT', '众筹状态已被他人更改，请刷新后重试');
    throw err;
  }
  return { crowdfund: next, lines: cw.lines };
}

const asOrganiser = (principal: Principal) => (cw: CrowdfundWithLines) =>
  authorize(principal, 'crowdfund:edit', { kind: 'self', userId: cw.crowdfund.organiserId });
const asAdmin = (principal: Principal, action: 'crowdfund:review' | 'crowdfund:manage') => (cw: CrowdfundWithLines) =>
  authorize(principal, action, { kind: 'community', communityId: cw.crowdfund.communityId });

export async function submitCrowdfund(id: string, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const cw = await move(
    id,
    'submitted',
    principal,
    (_cf, at) => ({ submittedAt: at }),
    (cw) => {
      asOrganiser(principal)(cw);
      if (!cw.lines.some((l) => l.required && l.target !== undefined)) {
        throw ruleBroken('NO_REQUIRED_LINE', '请至少设置一个有目标的必需预算项（最低目标）');
      }
      if (!dayjs(cw.crowdfund.deadline).isAfter(now)) throw ruleBroken('DEADLINE_IN_PAST', '截止时间已过，请先修改截止时间');
    },
    now,
  );
  return detail(cw, principal);
}

// ===================== admin: review, start, complete, cancel =====================

export async function approveCrowdfund(id: string, note: string | undefined, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const cw = await move(
    id,
    'open',
    principal,
    (_cf, at) => ({ reviewedAt: at, reviewerId: principal.userId, ...(note ? { reviewNote: note } : {}) }),
    (cw) => {
      asAdmin(principal, 'crowdfund:review')(cw);
      if (!dayjs(cw.crowdfund.deadline).isAfter(now)) throw ruleBroken('DEADLINE_IN_PAST', '截止时间已过，请驳回并让发起人修改后重新提交');
    },
    now,
  );
  return detail(cw, principal);
}

export async function rejectCrowdfund(id: string, note: string, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const cw = await move(id, 'rejected', principal, (_cf, at) => ({ reviewedAt: at, reviewerId: principal.userId, reviewNote: note }), asAdmin(principal, 'crowdfund:review'), now);
  return detail(cw, principal);
}

export async function startCrowdfund(id: string, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  return detail(await move(id, 'in_progress', principal, () => ({}), asAdmin(principal, 'crowdfund:manage'), now), principal);
}

export async function completeCrowdfund(id: string, finalReport: string, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const cw = await move(id, 'completed', principal, (_cf, at) => ({ finalReport, completedAt: at }), asAdmin(principal, 'crowdfund:manage'), now);
  return detail(cw, principal);
}

/** The organiser cancels a draft or a submission; an admin cancels an open or funded crowdfund, releasing its pledges. */
export async function cancelCrowdfund(id: string, reason: string, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const cw = await move(
    id,
    'cancelled',
    principal,
    (cf) => ({ cancelReason: reason, ...(cf.status === 'open' || cf.status === 'funded' ? { releasePending: true } : {}) }),
    (cw) => (['draft', 'submitted'].includes(cw.crowdfund.status) ? asOrganiser(principal)(cw) : asAdmin(principal, 'crowdfund:manage')(cw)),
    now,
  );
  if (cw.crowdfund.releasePending) await releaseAll(cw.crowdfund, nowIso(now), '众筹已取消，退还认捐款');
  return getCrowdfundDetail(id, principal);
}

// ===================== pledges =====================

async function replay(userId: string, clientToken: string, fingerprint: string): Promise<PledgeRecord | undefined> {
  const token = await store.getPledgeToken(userId, clientToken);
  if (!token) return undefined;
  if (token.fingerprint !== fingerprint) {
    throw conflict('CLIENT_TOKEN_REUSED', '该 clientToken 已用于另一笔认捐，请刷新后重新填写', { pledgeId: token.pledgeId });
  }
  const pledge = await store.getPledge(token.crowdfundId, token.pledgeId);
  if (!pledge) throw new Error(`pledge token points at a missing pledge ${token.pledgeId}`);
  return pledge;
}

/**
 * Makes a pledge, or returns the one this user already made with this client token. The
 * transaction in `insertPledge` is the real guard (open, before the deadline, within the
 * line's target, token unused); the reads before it only give early, clearer answers.
 */
export async function createPledge(crowdfundId: string, body: PledgeBody, principal: Principal, now = new Date()): Promise<{ pledge: Pledge; replayed: boolean }> {
  authorize(principal, 'crowdfund:pledge', { kind: 'none' });
  const fingerprint = pledgeFingerprint(crowdfundId, body);
  const at = nowIso(now);
  // The common case (a new token) costs no read of the token: the transaction checks it.
  // Whenever a pledge is refused, the token is looked up first, so that a retry of a pledge
  // that went through gets that pledge back, even after the line filled up or the deadline passed.
  let cf: CrowdfundRecord;
  let line: LineRecord;
  let value: number;
  try {
    const cw = await load(crowdfundId, principal);
    cf = cw.crowdfund;
    if (cf.status !== 'open') throw conflict('NOT_OPEN', `众筹当前为“${STATUS_LABELS[cf.status]}”，不能认捐`);
    if (cf.deadline <= at) throw conflict('DEADLINE_PASSED', '众筹已截止，不能再认捐');
    const found = cw.lines.find((l) => l.id === body.lineId);
    if (!found) throw ruleBroken('UNKNOWN_LINE', '该众筹没有这个预算项', [{ path: 'lineId', message: '该众筹没有这个预算项' }]);
    line = found;
    value = pledgeValue(line, body);
    if (line.target !== undefined && line.pledged + value > line.target) throw overTarget(line, line.target - line.pledged, value);
  } catch (err) {
    const earlier = await replay(principal.userId, body.clientToken, fingerprint);
    if (earlier) return { pledge: pledgeView(earlier), replayed: true };
    throw err;
  }

  const pledge: PledgeRecord = {
    id: randomId('pl'),
    crowdfundId,
    crowdfundTitle: cf.title,
    communityId: cf.communityId,
    lineId: line.id,
    lineKind: line.kind,
    lineTitle: line.title,
    value,
    ...(body.text ? { text: body.text } : {}),
    anonymous: body.anonymous,
    pledgerId: principal.userId,
    pledgerName: principal.user.nickname,
    status: 'pledged',
    clientToken: body.clientToken,
    createdAt: at,
  };
  try {
    await store.insertPledge(pledge, line.target === undefined ? undefined : line.target - value, at, fingerprint);
    return { pledge: pledgeView(pledge), replayed: false };
  } catch (err) {
    if (!(err instanceof TxRefused)) throw err;
    // A concurrent request with the same token won: answer with its pledge.
    const winner = await replay(principal.userId, body.clientToken, fingerprint);
    if (winner) return { pledge: pledgeView(winner), replayed: true };
    if (err.failed(store.PLEDGE_TX.line)) {
      const now = err.reasons[store.PLEDGE_TX.line].item as LineRecord | undefined;
      throw overTarget(line, line.target! - (now?.pledged ?? line.target!), value);
    }
    if (err.failed(store.PLEDGE_TX.crowdfund)) throw conflict('NOT_OPEN', '众筹已截止或已结束，不能认捐');
    throw conflict('BUSY', '参与认捐的人较多，请稍后重试');
  }
}

export async function myPledges(principal: Principal): Promise<Pledge[]> {
  return (await store.listUserPledges(principal.userId)).map(pledgeView);
}

async function loadPledge(pledgeId: string): Promise<PledgeRecord> {
  const p = await store.findPledge(pledgeId);
  if (!p) throw notFound('认捐');
  return p;
}

const PLEDGE_STATUS_LABELS = { pledged: '已认捐', fulfilled: '已兑现', withdrawn: '已撤回', released: '已释放' } as const;

export async function withdrawPledge(pledgeId: string, principal: Principal, now = new Date()): Promise<Pledge> {
  const p = await loadPledge(pledgeId);
  authorize(principal, 'pledge:withdraw', { kind: 'self', userId: p.pledgerId });
  if (p.status !== 'pledged') throw conflict('PLEDGE_NOT_WITHDRAWABLE', `该认捐${PLEDGE_STATUS_LABELS[p.status]}，不能撤回`);
  const at = nowIso(now);
  const updated: PledgeRecord = { ...p, status: 'withdrawn', withdrawnAt: at };
  try {
    await store.withdrawPledge(p, updated, at);
  } catch (err) {
    if (!(err instanceof TxRefused)) throw err;
    if (err.failed(0)) throw conflict('DEADLINE_PASSED', '众筹已截止或已结束，不能撤回');
    throw conflict('PLEDGE_NOT_WITHDRAWABLE', '该认捐状态已变化，请刷新后重试');
  }
  return pledgeView(updated);
}

export async function fulfilPledge(pledgeId: string, body: z.output<typeof FulfilRequest>, principal: Principal, now = new Date()): Promise<Pledge> {
  const p = await loadPledge(pledgeId);
  const cw = await store.getCrowdfund(p.crowdfundId);
  if (!cw) throw notFound('众筹');
  authorize(principal, 'crowdfund:fulfil', { kind: 'community', communityId: cw.crowdfund.communityId });
  if (p.status !== 'pledged') throw conflict('PLEDGE_NOT_FULFILLABLE', `该认捐${PLEDGE_STATUS_LABELS[p.status]}，不能确认兑现`);
  if (!FULFILLABLE.includes(cw.crowdfund.status)) {
    throw conflict('NOT_FULFILLABLE', `众筹当前为“${STATUS_LABELS[cw.crowdfund.status]}”，不能确认兑现`);
  }
  const at = nowIso(now);
  const money = p.lineKind === 'money';
  const payment = money ? { method: body.method, ...(body.reference ? { reference: body.reference } : {}) } : undefined;
  const income: LedgerEntryRecord | undefined = money
    ? {
        id: ledgerEntryId(now),
        crowdfundId: p.crowdfundId,
        kind: 'income',
        amount: p.value,
        createdAt: at,
        recordedById: principal.userId,
        recordedBy: principal.user.nickname,
        pledgeId: p.id,
        backerName: backerName(p),
        payment,
      }
    : undefined;
  const updated: PledgeRecord = {
    ...p,
    status: 'fulfilled',
    fulfilledAt: at,
    fulfilledBy: principal.userId,
    ...(payment ? { payment } : {}),
    ...(income ? { incomeEntryId: income.id } : {}),
  };
  try {
    await store.fulfilPledge(p, updated, FULFILLABLE, income);
  } catch (err) {
    if (!(err instanceof TxRefused)) throw err;
    if (err.failed(0)) throw conflict('NOT_FULFILLABLE', '众筹状态已变化，不能确认兑现');
    throw conflict('PLEDGE_NOT_FULFILLABLE', '该认捐状态已变化，请刷新后重试');
  }
  return pledgeView(updated);
}

// ===================== the deadline closer and releases =====================

/** Releases every live pledge of a failed or cancelled crowdfund; money already received gets a refund reversal. */
async function releaseAll(cf: CrowdfundRecord, at: string, refundReason: string): Promise<number> {
  const live = (await store.listPledges(cf.id)).filter((p) => p.status === 'pledged' || p.status === 'fulfilled');
  let released = 0;
  const work = [...live];
  const worker = async () => {
    for (let p = work.shift(); p; p = work.shift()) {
      const updated: PledgeRecord = { ...p, status: 'released', releasedAt: at };
      const refund: LedgerEntryRecord | undefined =
        p.status === 'fulfilled' && p.incomeEntryId
          ? {
              id: ledgerEntryId(new Date()),
              crowdfundId: cf.id,
              kind: 'reversal',
              amount: -p.value,
              createdAt: at,
              recordedById: 'system',
              recordedBy: '系统',
              pledgeId: p.id,
              backerName: backerName(p),
              reverses: p.incomeEntryId,
              reason: refundReason,
            }
          : undefined;
      if (await store.releasePledge(p, updated, refund)) released++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await store.clearReleasePending(cf);
  return released;
}

export interface CloseReport {
  closed: { id: string; outcome: 'funded' | 'failed' }[];
  released: number;
}

/**
 * The scheduled closer: every open crowdfund past its deadline becomes funded or failed,
 * exactly once (a CLOSE marker written in the same transaction can exist only once), and
 * a failed one has every pledge released in the same pass. Running it again, or two at
 * once, changes nothing more; a pass that died half way is finished by the next one.
 */
export async function closeDueCrowdfunds(now = new Date(), runId: string = randomUUID()): Promise<CloseReport> {
  const at = nowIso(now);
  const report: CloseReport = { closed: [], released: 0 };
  const handled = new Set<string>();
  for (const due of await store.listDue(at)) {
    const cw = await store.getCrowdfund(due.id);
    if (!cw || cw.crowdfund.status !== 'open' || cw.crowdfund.deadline > at) continue;
    const outcome = closeOutcome(cw.lines);
    const next: CrowdfundRecord = { ...cw.crowdfund, status: outcome, closedAt: at, updatedAt: at, ...(outcome === 'failed' ? { releasePending: true } : {}) };
    try {
      await store.saveClose(next, cw.lines, at, runId);
    } catch (err) {
      if (err instanceof TxRefused) continue; // closed by another run, or a line moved: the next run sees it
      throw err;
    }
    handled.add(next.id);
    report.closed.push({ id: next.id, outcome });
    logger.info('crowdfund closed', { crowdfundId: next.id, outcome, runId });
    if (outcome === 'failed') report.released += await releaseAll(next, at, '众筹未成功，退还认捐款');
  }
  for (const pending of await store.listReleasing()) {
    if (handled.has(pending.id)) continue;
    const cw = await store.getCrowdfund(pending.id);
    if (!cw?.crowdfund.releasePending) continue;
    const reason = cw.crowdfund.status === 'cancelled' ? '众筹已取消，退还认捐款' : '众筹未成功，退还认捐款';
    report.released += await releaseAll(cw.crowdfund, at, reason);
  }
  return report;
}

// ===================== the ledger =====================

export async function getLedger(crowdfundId: string, principal?: Principal): Promise<Ledger> {
  const { crowdfund } = await load(crowdfundId, principal);
  const entries = await store.listLedger(crowdfundId);
  const reversedBy = new Map(entries.filter((e) => e.reverses).map((e) => [e.reverses!, e.id]));
  return {
    crowdfundId,
    title: crowdfund.title,
    entries: entries.map((e) => ledgerEntryView(e, reversedBy.get(e.id))),
    totals: ledgerTotals(entries),
  };
}

export async function getLedgerCsv(crowdfundId: string, principal?: Principal): Promise<string> {
  return ledgerCsv(await getLedger(crowdfundId, principal));
}

function insufficient(err: TxRefused, index: number): AppError {
  const balance = Number(err.reasons[index]?.item?.balance ?? 0);
  return ruleBroken('INSUFFICIENT_BALANCE', `账本结余不足：当前结余 ${yuan(balance)} 元`);
}

export async function recordExpense(crowdfundId: string, body: z.output<typeof ExpenseRequest>, principal: Principal, now = new Date()): Promise<LedgerEntry> {
  const { crowdfund } = await load(crowdfundId, principal);
  authorize(principal, 'crowdfund:ledger', { kind: 'community', communityId: crowdfund.communityId });
  if (!SPENDABLE.includes(crowdfund.status)) {
    throw conflict('NOT_SPENDABLE', `众筹当前为“${STATUS_LABELS[crowdfund.status]}”，不能登记支出`);
  }
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
    receiptPhotos: body.receiptPhotos,
  };
  try {
    await store.appendExpense(entry, SPENDABLE);
  } catch (err) {
    if (!(err instanceof TxRefused)) throw err;
    if (err.failed(store.EXPENSE_TX.totals)) throw insufficient(err, store.EXPENSE_TX.totals);
    throw conflict('NOT_SPENDABLE', '众筹状态已变化，不能登记支出');
  }
  return ledgerEntryView(entry);
}

/** Corrects a mistake with a new entry of the opposite amount; the original stays as it was. */
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
  };
  try {
    await store.appendReversal(entry);
  } catch (err) {
    if (!(err instanceof TxRefused)) throw err;
    if (err.failed(store.REVERSAL_TX.marker)) throw conflict('ALREADY_REVERSED', '该账目已冲正过');
    if (err.failed(store.REVERSAL_TX.totals)) throw insufficient(err, store.REVERSAL_TX.totals);
    throw err;
  }
  return ledgerEntryView(entry);
}

// ===================== demo data =====================

/** Writes a crowdfund (already open) and its lines unless it exists; true when written. */
export async function saveCrowdfundIfAbsent(cf: CrowdfundRecord, lines: BudgetLineInput[]): Promise<boolean> {
  if (await store.getCrowdfund(cf.id)) return false;
  try {
    await store.createCrowdfund({ ...cf, lineCount: lines.length }, newLines(cf.id, lines));
    return true;
  } catch (err) {
    if (err instanceof TxRefused) return false;
    throw err;
  }
}
