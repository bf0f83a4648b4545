import * as z from 'zod';
import type { RouteDef } from './route-def';
import { Id, PageQuery, Text, pageOf } from './common';
import { PhotoRef } from './uploads';

/**
 * Crowdfunding 众筹: proposals with typed budget lines (money, labour, materials, ideas),
 * pledges against them, and a public append-only ledger. Money is always in fen (分),
 * integers; the mini-program shows yuan.
 */

export const CROWDFUND_STATUSES = ['draft', 'submitted', 'open', 'rejected', 'funded', 'failed', 'in_progress', 'completed', 'cancelled'] as const;
export const CrowdfundStatus = z.enum(CROWDFUND_STATUSES).meta({ id: 'CrowdfundStatus' });
export type CrowdfundStatus = z.infer<typeof CrowdfundStatus>;

export const LineKind = z.enum(['money', 'labour', 'materials', 'ideas']).meta({ id: 'LineKind' });
export type LineKind = z.infer<typeof LineKind>;

export const PledgeStatus = z.enum(['pledged', 'fulfilled', 'withdrawn', 'released']).meta({ id: 'PledgeStatus' });
export type PledgeStatus = z.infer<typeof PledgeStatus>;

/** How money reached the community. Only offline methods today; `wechat_pay` is recorded by staff for now. */
export const PaymentMethod = z.enum(['cash', 'bank_transfer', 'wechat_pay', 'other']).meta({ id: 'PaymentMethod' });
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** The name shown for a backer who chose to stay anonymous. */
export const ANONYMOUS_BACKER = '匿名居民';
export const MAX_LINES = 20;

const Fen = z
  .number({ error: '请填写金额（单位：分）' })
  .int('金额须为整数（单位：分）')
  .positive('金额须大于 0')
  .max(10_000_000_000, '金额过大')
  .meta({ description: 'Money in fen (分), an integer' });
const Hours = z
  .number({ error: '请填写时长（小时）' })
  .positive('时长须大于 0')
  .max(100_000, '时长过大')
  .refine((v) => Number.isInteger(v * 2), '时长须以半小时为单位');
const Quantity = z.number({ error: '请填写数量' }).int('数量须为整数').positive('数量须大于 0').max(10_000_000, '数量过大');
const Title = Text({ max: 60, label: '名称', messages: { max: '名称不能超过 60 个字' } });

const LineBase = {
  title: Title,
  description: Text({ min: 0, max: 500, label: '说明', multiLine: true, messages: { max: '说明不能超过 500 个字' } }).optional(),
  /** Required lines form the minimum 最低目标; optional ones the optimum 理想目标. */
  required: z.boolean().default(true),
};

export const BudgetLineInput = z
  .discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('money'), ...LineBase, target: Fen }),
      z.object({
        kind: z.literal('labour'),
        ...LineBase,
        skill: Text({ max: 40, label: '所需技能', messages: { max: '技能不能超过 40 个字' } }),
        target: Hours,
      }),
      z.object({
        kind: z.literal('materials'),
        ...LineBase,
        item: Text({ max: 40, label: '物资名称', messages: { max: '物资名称不能超过 40 个字' } }),
        unit: Text({ max: 8, label: '单位', messages: { max: '单位不能超过 8 个字' } }),
        target: Quantity,
      }),
      z.object({ kind: z.literal('ideas'), ...LineBase, required: z.literal(false, '“筹智”项不能设为必需').default(false) }),
    ],
    { error: '请选择预算项类型（money、labour、materials 或 ideas）' },
  )
  .meta({ id: 'BudgetLineInput' });
export type BudgetLineInput = z.infer<typeof BudgetLineInput>;

const Deadline = z.iso.datetime({ offset: true, error: '请填写截止时间（ISO 8601，带时区）' });

export const CrowdfundInput = z
  .object({
    communityId: Id,
    /** Narrow the scope to some estates 小区 or buildings of the community; empty = the whole community. */
    estates: z.array(Text({ max: 40, label: '小区名称' })).max(20, '小区不能超过 20 个').default([]),
    buildingIds: z.array(Id).max(50, '楼栋不能超过 50 个').default([]),
    title: Text({ min: 2, max: 60, label: '标题', messages: { max: '标题不能超过 60 个字' } }),
    story: Text({ min: 10, max: 5000, label: '项目介绍', multiLine: true, messages: { max: '项目介绍不能超过 5000 个字' } }),
    /** Upload keys (`POST /uploads`, purpose crowdfund), or on an edit the draft's `photoKeys` to keep. */
    photos: z.array(PhotoRef).max(9, '照片最多 9 张').default([]),
    deadline: Deadline,
    lines: z.array(BudgetLineInput).min(1, '请至少添加一个预算项').max(MAX_LINES, `预算项不能超过 ${MAX_LINES} 个`),
  })
  .meta({ id: 'CrowdfundInput' });
export type CrowdfundInput = z.input<typeof CrowdfundInput>;

export const BudgetLine = z
  .object({
    id: z.string(),
    kind: LineKind,
    title: z.string(),
    description: z.string().optional(),
    required: z.boolean(),
    /** Money: fen; labour: hours; materials: `unit`s; ideas: none. */
    target: z.number().optional(),
    unit: z.string().meta({ description: '分 / 小时 / the materials unit / 条' }),
    skill: z.string().optional(),
    item: z.string().optional(),
    /** Sum of live pledges (pledged + fulfilled); for ideas the number of ideas. */
    pledged: z.number(),
    /** Sum of fulfilled pledges (money received, labour done, goods delivered). */
    fulfilled: z.number(),
    pledgeCount: z.number().int(),
    /** What may still be pledged (target − pledged); absent for ideas. */
    remaining: z.number().optional(),
    /** pledged ÷ target in whole percent (0–100); absent for ideas. */
    percent: z.number().int().optional(),
    /** The line has a target and met it (never true for a line without a target, e.g. ideas). */
    reached: z.boolean(),
  })
  .meta({ id: 'BudgetLine' });
export type BudgetLine = z.infer<typeof BudgetLine>;

export const Crowdfund = z
  .object({
    id: z.string(),
    communityId: z.string(),
    estates: z.array(z.string()),
    buildingIds: z.array(z.string()),
    title: z.string(),
    story: z.string(),
    /** Links that show the photos (they expire: do not store them). */
    photos: z.array(z.string()),
    /** The photos as stored, in the order of `photos`: send these back to keep them when editing a draft. */
    photoKeys: z.array(z.string()),
    deadline: z.string(),
    status: CrowdfundStatus,
    organiser: z.object({ id: z.string(), name: z.string() }),
    lines: z.array(BudgetLine),
    reviewNote: z.string().optional(),
    finalReport: z.string().optional(),
    cancelReason: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().optional(),
    reviewedAt: z.string().optional(),
    closedAt: z.string().optional(),
    completedAt: z.string().optional(),
  })
  .meta({ id: 'Crowdfund' });
export type Crowdfund = z.infer<typeof Crowdfund>;

export const Backer = z
  .object({
    pledgeId: z.string(),
    /** The backer's nickname, or 匿名居民. */
    name: z.string(),
    lineId: z.string(),
    lineKind: LineKind,
    /** In the line's unit (fen, hours, items); 1 for an idea. */
    value: z.number(),
    text: z.string().optional(),
    status: PledgeStatus,
    createdAt: z.string(),
    mine: z.boolean().optional(),
    /** Only for admins of the community: the real nickname behind an anonymous pledge. */
    pledgerName: z.string().optional(),
  })
  .meta({ id: 'Backer' });
export type Backer = z.infer<typeof Backer>;

/** How many of the newest backers the detail page carries; the rest page through `GET …/backers`. */
export const NEWEST_BACKERS = 10;

export const CrowdfundDetail = Crowdfund.extend({
  /** The newest live backers (at most NEWEST_BACKERS), newest first. */
  backers: z.array(Backer),
  /** Live pledges over all lines (from the lines' running counters). */
  backerCount: z.number().int(),
  /** Present when more backers follow: `GET /crowdfunds/{id}/backers?cursor=`. */
  backersNextCursor: z.string().optional(),
}).meta({ id: 'CrowdfundDetail' });
export type CrowdfundDetail = z.infer<typeof CrowdfundDetail>;

export const BackerList = pageOf(Backer, 'BackerList');

export const CrowdfundListQuery = PageQuery.extend({
  communityId: Id.optional(),
  status: CrowdfundStatus.optional(),
  /** Only crowdfunds open to this estate 小区 (or to the whole community). */
  estate: Text({ max: 40, label: '小区' }).optional(),
  /** 'true': only the caller's own (drafts included). */
  mine: z.enum(['true', 'false'], { error: 'mine 只能是 true 或 false' }).optional(),
});

export const CrowdfundList = pageOf(Crowdfund, 'CrowdfundList');

/**
 * Approval of a crowdfund: only an optional note. Strict, so a body meant for another
 * review (`{"decision":"reject"}`) is refused instead of being read as an approval.
 */
export const ReviewRequest = z
  .strictObject({ note: Text({ min: 0, max: 500, label: '意见', multiLine: true, messages: { max: '意见不能超过 500 个字' } }).optional() })
  .meta({ id: 'CrowdfundApproveRequest' });
export const RejectRequest = z
  .object({ note: Text({ min: 2, max: 500, label: '驳回理由', multiLine: true, messages: { min: '请填写驳回理由', max: '理由不能超过 500 个字' } }) })
  .meta({ id: 'CrowdfundRejectRequest' });
export const CompleteRequest = z
  .object({ finalReport: Text({ min: 10, max: 5000, label: '结项报告', multiLine: true, messages: { max: '结项报告不能超过 5000 个字' } }) })
  .meta({ id: 'CrowdfundCompleteRequest' });
export const CancelRequest = z
  .object({ reason: Text({ min: 2, max: 500, label: '取消原因', multiLine: true, messages: { min: '请填写取消原因', max: '原因不能超过 500 个字' } }) })
  .meta({ id: 'CrowdfundCancelRequest' });

export const PledgeRequest = z
  .object({
    lineId: Id,
    /** Money lines: fen. */
    amount: Fen.optional(),
    /** Labour lines: hours, in half hours. */
    hours: Hours.optional(),
    /** Materials lines: how many `unit`s. */
    quantity: Quantity.optional(),
    /** Ideas lines: the idea; other lines: an optional message. */
    text: Text({ max: 500, label: '内容', multiLine: true, messages: { max: '内容不能超过 500 个字' } }).optional(),
    anonymous: z.boolean().default(false),
    /** Made once per pledge sheet by the client; sending it again returns the same pledge. */
    clientToken: z
      .string({ error: '缺少 clientToken' })
      .regex(/^[A-Za-z0-9_-]{8,64}$/, 'clientToken 须为 8–64 位字母、数字、下划线或连字符'),
  })
  .meta({ id: 'PledgeRequest' });
export type PledgeRequest = z.input<typeof PledgeRequest>;

export const Payment = z
  .object({ method: PaymentMethod, reference: z.string().optional().meta({ description: 'The voucher number: only for the pledger and the community’s admins, never in the public ledger' }) })
  .meta({ id: 'Payment', description: 'How money was received; WeChat Pay can fill this in automatically later' });

export const Pledge = z
  .object({
    id: z.string(),
    crowdfundId: z.string(),
    crowdfundTitle: z.string(),
    communityId: z.string(),
    lineId: z.string(),
    lineKind: LineKind,
    lineTitle: z.string(),
    /** In the line's unit: fen, hours or items; 1 for an idea. */
    value: z.number(),
    amount: z.number().int().optional(),
    hours: z.number().optional(),
    quantity: z.number().int().optional(),
    text: z.string().optional(),
    anonymous: z.boolean(),
    status: PledgeStatus,
    createdAt: z.string(),
    withdrawnAt: z.string().optional(),
    fulfilledAt: z.string().optional(),
    releasedAt: z.string().optional(),
    payment: Payment.optional(),
  })
  .meta({ id: 'Pledge' });
export type Pledge = z.infer<typeof Pledge>;

export const PledgeList = pageOf(Pledge, 'PledgeList');

export const FulfilRequest = z
  .object({
    reference: Text({ max: 64, label: '凭证号', messages: { max: '凭证号不能超过 64 个字符' } }).optional(),
    method: PaymentMethod.default('cash'),
  })
  .meta({ id: 'FulfilRequest' });

export const LedgerEntryKind = z.enum(['income', 'expense', 'reversal']).meta({ id: 'LedgerEntryKind' });
export const LedgerEntry = z
  .object({
    id: z.string(),
    kind: LedgerEntryKind,
    /** Signed, in fen: income positive, expense negative, a reversal the negation of what it reverses. */
    amount: z.number().int(),
    createdAt: z.string(),
    recordedBy: z.string(),
    pledgeId: z.string().optional(),
    backerName: z.string().optional(),
    payment: Payment.optional(),
    payee: z.string().optional(),
    purpose: z.string().optional(),
    receiptPhotos: z.array(z.string()).optional(),
    reverses: z.string().optional(),
    reason: z.string().optional(),
    /** Computed on read: the reversal entry that cancels this one. */
    reversedBy: z.string().optional(),
  })
  .meta({ id: 'LedgerEntry' });
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const LedgerTotals = z
  .object({ income: z.number().int(), expense: z.number().int(), reversal: z.number().int(), balance: z.number().int() })
  .meta({ id: 'LedgerTotals', description: 'Fen. income and expense are gross (expense positive); reversal is signed; balance = Σ amounts' });

/** One page of the ledger (oldest first), with the totals of the whole ledger. */
export const Ledger = z
  .object({ crowdfundId: z.string(), title: z.string(), entries: z.array(LedgerEntry), totals: LedgerTotals, nextCursor: z.string().optional() })
  .meta({ id: 'Ledger' });
export type Ledger = z.infer<typeof Ledger>;

export const ExpenseRequest = z
  .object({
    amount: Fen,
    payee: Text({ max: 60, label: '收款方', messages: { max: '收款方不能超过 60 个字' } }),
    purpose: Text({ min: 2, max: 200, label: '用途', multiLine: true, messages: { min: '请填写用途', max: '用途不能超过 200 个字' } }),
    /** Upload keys (`POST /uploads`, purpose receipt). */
    receiptPhotos: z.array(PhotoRef, { error: '请上传收据照片' }).min(1, '请上传至少一张收据照片').max(9, '收据照片最多 9 张'),
  })
  .meta({ id: 'ExpenseRequest' });

export const ReverseRequest = z
  .object({ reason: Text({ min: 2, max: 200, label: '冲正原因', messages: { min: '请填写冲正原因', max: '原因不能超过 200 个字' } }) })
  .meta({ id: 'ReverseRequest' });

export const crowdfundRoutes = {
  listCrowdfunds: { method: 'get', path: '/crowdfunds', summary: '众筹列表（可按社区、状态、小区筛选）', auth: 'none', query: CrowdfundListQuery, response: CrowdfundList },
  getCrowdfund: { method: 'get', path: '/crowdfunds/{crowdfundId}', summary: '众筹详情：各预算项进度与最新支持者', auth: 'none', response: CrowdfundDetail },
  listBackers: { method: 'get', path: '/crowdfunds/{crowdfundId}/backers', summary: '全部支持者（分页，最新在前）', auth: 'none', query: PageQuery, response: BackerList },
  createCrowdfund: { method: 'post', path: '/crowdfunds', summary: '发起众筹（草稿）', auth: 'user', body: CrowdfundInput, response: CrowdfundDetail },
  updateCrowdfund: { method: 'put', path: '/crowdfunds/{crowdfundId}', summary: '修改众筹草稿（仅发起人）', auth: 'user', body: CrowdfundInput, response: CrowdfundDetail },
  submitCrowdfund: { method: 'post', path: '/crowdfunds/{crowdfundId}/submit', summary: '提交审核（仅发起人）', auth: 'user', response: CrowdfundDetail },
  approveCrowdfund: { method: 'post', path: '/crowdfunds/{crowdfundId}/approve', summary: '审核通过并开始众筹（社区管理员）', auth: 'user', body: ReviewRequest, response: CrowdfundDetail },
  rejectCrowdfund: { method: 'post', path: '/crowdfunds/{crowdfundId}/reject', summary: '驳回众筹（社区管理员）', auth: 'user', body: RejectRequest, response: CrowdfundDetail },
  startCrowdfund: { method: 'post', path: '/crowdfunds/{crowdfundId}/start', summary: '已筹满的项目开始实施（社区管理员）', auth: 'user', response: CrowdfundDetail },
  completeCrowdfund: { method: 'post', path: '/crowdfunds/{crowdfundId}/complete', summary: '项目完工并提交结项报告（社区管理员）', auth: 'user', body: CompleteRequest, response: CrowdfundDetail },
  cancelCrowdfund: { method: 'post', path: '/crowdfunds/{crowdfundId}/cancel', summary: '取消众筹（发起人取消草稿，社区管理员取消进行中的众筹）', auth: 'user', body: CancelRequest, response: CrowdfundDetail },
  createPledge: { method: 'post', path: '/crowdfunds/{crowdfundId}/pledges', summary: '认捐（同一 clientToken 只生效一次）', auth: 'user', body: PledgeRequest, response: Pledge },
  myPledges: { method: 'get', path: '/pledges/mine', summary: '我的认捐', auth: 'user', query: PageQuery, response: PledgeList },
  withdrawPledge: { method: 'post', path: '/pledges/{pledgeId}/withdraw', summary: '撤回认捐（截止前，本人）', auth: 'user', response: Pledge },
  fulfilPledge: { method: 'post', path: '/pledges/{pledgeId}/fulfil', summary: '确认认捐已兑现（社区管理员）', auth: 'user', body: FulfilRequest, response: Pledge },
  getLedger: { method: 'get', path: '/crowdfunds/{crowdfundId}/ledger', summary: '公开账本：收支明细（分页）、分类合计与结余', auth: 'none', query: PageQuery, response: Ledger },
  recordExpense: { method: 'post', path: '/crowdfunds/{crowdfundId}/ledger/expenses', summary: '登记支出（社区管理员，附收据）', auth: 'user', body: ExpenseRequest, response: LedgerEntry },
  reverseLedgerEntry: { method: 'post', path: '/crowdfunds/{crowdfundId}/ledger/{entryId}/reverse', summary: '冲正一条账目（社区管理员）', auth: 'user', body: ReverseRequest, response: LedgerEntry },
  ledgerCsv: { method: 'get', path: '/crowdfunds/{crowdfundId}/ledger.csv', summary: '公开账本 CSV 下载', auth: 'none', response: 'binary' },
} as const satisfies Record<string, RouteDef>;
