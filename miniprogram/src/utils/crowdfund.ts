/**
 * Crowdfunding 众筹 helpers shared by the 众筹 tab, the crowdfund subpackage and the staff
 * pages: yuan ↔ fen, progress per line kind, deadline countdown, labels, form validation.
 * Pure functions (no Taro), unit-tested in miniprogram/test/crowdfund.test.ts.
 * Types only from shared (no zod in the bundle).
 */
import type { BudgetLine, BudgetLineInput, CrowdfundInput, CrowdfundStatus, LineKind, PledgeStatus } from '@shared/api/crowdfund';

// ---- money -------------------------------------------------------------------------------

/** Fen (integer) → "1234.50" (always two decimals; negative amounts keep their sign). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "¥1,234.50" with thousands separators, for display. */
export function formatYuan(fen: number): string {
  const [int, dec] = fenToYuan(fen).split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = int.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${digits}.${dec}`;
}

/**
 * A yuan amount typed by the user → fen, exactly (string arithmetic, no float rounding:
 * "0.1" → 10, "19.99" → 1999). Returns null unless it is a positive amount with at most
 * two decimals.
 */
export function yuanToFen(input: string): number | null {
  const text = input.trim().replace(/^¥/, '').replace(/,/g, '');
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(text) ?? /^()\.(\d{1,2})$/.exec(text);
  if (!m) return null;
  const whole = m[1] ? Number(m[1]) : 0;
  const cents = Number((m[2] ?? '').padEnd(2, '0') || '0');
  const fen = whole * 100 + cents;
  return fen > 0 ? fen : null;
}

// ---- progress ------------------------------------------------------------------------------

export const KIND_LABELS: Record<LineKind, string> = { money: '筹款', labour: '筹力', materials: '筹物', ideas: '筹智' };
/** The verb on a line's pledge button. */
export const KIND_ACTIONS: Record<LineKind, string> = { money: '我要出资', labour: '我来出力', materials: '我捐物资', ideas: '我提建议' };

/** Whole percent 0–100 of pledged over target (floored, so 100 only when reached). */
export function percentOf(pledged: number, target: number | undefined): number {
  if (!target || target <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((pledged / target) * 100)));
}

/** A line's value in its unit: "¥50.00", "2 小时", "20 块", "3 条". */
export function describeValue(line: Pick<BudgetLine, 'kind' | 'unit'>, value: number): string {
  if (line.kind === 'money') return formatYuan(value);
  if (line.kind === 'labour') return `${value} 小时`;
  if (line.kind === 'ideas') return `${value} 条`;
  return `${value} ${line.unit}`;
}

/** "¥50.00 / ¥48,000.00", "6 / 80 小时", "20 / 120 块", "3 条建议". */
export function lineProgressText(line: Pick<BudgetLine, 'kind' | 'unit' | 'pledged' | 'target'>): string {
  if (line.kind === 'ideas' || line.target === undefined) return `${line.pledged} 条建议`;
  if (line.kind === 'money') return `${formatYuan(line.pledged)} / ${formatYuan(line.target)}`;
  const unit = line.kind === 'labour' ? '小时' : line.unit;
  return `${line.pledged} / ${line.target} ${unit}`;
}

export interface KindProgress {
  kind: LineKind;
  /** Sum of pledged over the lines of this kind (fen, hours, items, ideas). */
  pledged: number;
  /** Sum of targets; 0 for ideas (they have none). */
  target: number;
  /** False for ideas (and any line kind without a target): no bar, no percentage. */
  hasTarget: boolean;
  percent: number;
  /** Short text for a card: "¥200.50 / ¥48,000.00", "6/80 小时", "20/120 块", "3 条建议". */
  text: string;
}

const KIND_ORDER: LineKind[] = ['money', 'labour', 'materials', 'ideas'];

/**
 * One progress figure per line kind present, in the order money, labour, materials, ideas.
 * Amounts against their target rather than a percentage ("0%（¥200.50）" hid both the target
 * and the fact that something was pledged); without a target only the amount or count.
 */
export function progressByKind(lines: ReadonlyArray<Pick<BudgetLine, 'kind' | 'unit' | 'pledged' | 'target'>>): KindProgress[] {
  const out: KindProgress[] = [];
  for (const kind of KIND_ORDER) {
    const of = lines.filter((l) => l.kind === kind);
    if (of.length === 0) continue;
    const pledged = of.reduce((s, l) => s + l.pledged, 0);
    const target = kind === 'ideas' ? 0 : of.reduce((s, l) => s + (l.target ?? 0), 0);
    const hasTarget = target > 0;
    const percent = percentOf(pledged, target);
    let text: string;
    if (kind === 'money') text = hasTarget ? `${formatYuan(pledged)} / ${formatYuan(target)}` : `已筹 ${formatYuan(pledged)}`;
    else if (kind === 'labour') text = hasTarget ? `${pledged}/${target} 小时` : `${pledged} 小时`;
    else if (kind === 'materials') {
      const units = new Set(of.map((l) => l.unit));
      if (units.size > 1) text = hasTarget ? `${of.length} 项物资 ${percent}%` : `${of.length} 项物资`;
      else text = hasTarget ? `${pledged}/${target} ${of[0].unit}` : `${pledged} ${of[0].unit}`;
    } else text = `${pledged} 条建议`;
    out.push({ kind, pledged, target, hasTarget, percent, text });
  }
  return out;
}

/** "已筹满" only for a line with a target that is met; an ideas line (no target) is never full. */
export function lineIsFull(line: Pick<BudgetLine, 'pledged' | 'target'>): boolean {
  return line.target !== undefined && line.target > 0 && line.pledged >= line.target;
}

// ---- status and time -------------------------------------------------------------------------

export const STATUS_LABELS: Record<CrowdfundStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  open: '进行中',
  rejected: '未通过',
  funded: '已达成',
  failed: '未达成',
  in_progress: '实施中',
  completed: '已完成',
  cancelled: '已取消',
};

export const PLEDGE_STATUS_LABELS: Record<PledgeStatus, string> = {
  pledged: '已认捐',
  fulfilled: '已兑现',
  withdrawn: '已撤回',
  released: '已释放',
};

/** The list filters on the 众筹 tab. */
export const LIST_FILTERS: ReadonlyArray<{ status: CrowdfundStatus; label: string }> = [
  { status: 'open', label: '进行中' },
  { status: 'funded', label: '已达成' },
  { status: 'completed', label: '已完成' },
];

/** "还剩 3 天 4 小时", "还剩 5 小时 20 分", "还剩 10 分钟", or "已截止". */
export function countdown(deadlineIso: string, nowMs: number = Date.now()): string {
  const end = Date.parse(deadlineIso);
  if (Number.isNaN(end)) return '';
  const minutes = Math.floor((end - nowMs) / 60000);
  if (minutes <= 0) return '已截止';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `还剩 ${days} 天${hours > 0 ? ` ${hours} 小时` : ''}`;
  if (hours > 0) return `还剩 ${hours} 小时${mins > 0 ? ` ${mins} 分` : ''}`;
  return `还剩 ${mins} 分钟`;
}

export function isBeforeDeadline(deadlineIso: string, nowMs: number = Date.now()): boolean {
  const end = Date.parse(deadlineIso);
  return !Number.isNaN(end) && end > nowMs;
}

/** A date picked in the form ("2025-06-30") → that day's end in Asia/Shanghai, ISO with offset. */
export function deadlineFromDate(date: string): string {
  return `${date}T23:59:59+08:00`;
}

/** The Asia/Shanghai calendar date ("2025-06-30") of an ISO time, for the date picker. */
export function cstDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// ---- pledges ---------------------------------------------------------------------------------

/** A new idempotency token for one pledge sheet opening (8–64 of [A-Za-z0-9_-]). */
export function newClientToken(random: () => number = Math.random, nowMs: number = Date.now()): string {
  let r = '';
  for (let i = 0; i < 16; i++) r += Math.floor(random() * 36).toString(36);
  return `pl-${nowMs.toString(36)}-${r}`;
}

export type PledgeFields = { amount?: number; hours?: number; quantity?: number; text?: string };

/**
 * What the pledge sheet sends for a line, from what the user typed, or an error message
 * (also checks the line's remaining room so the user hears it before the server's 409).
 */
export function pledgeFieldsFor(
  line: Pick<BudgetLine, 'kind' | 'unit' | 'remaining'>,
  input: string,
  note = '',
): { ok: true; fields: PledgeFields } | { ok: false; message: string } {
  const raw = input.trim();
  const message = note.trim() ? { text: note.trim().slice(0, 500) } : {};
  if (line.kind === 'ideas') {
    if (!raw) return { ok: false, message: '请填写您的建议' };
    if (raw.length > 500) return { ok: false, message: '建议不能超过 500 个字' };
    return { ok: true, fields: { text: raw } };
  }
  if (!raw) return { ok: false, message: line.kind === 'money' ? '请填写金额' : line.kind === 'labour' ? '请填写时长' : '请填写数量' };
  if (line.kind === 'money') {
    const fen = yuanToFen(raw);
    if (fen === null) return { ok: false, message: '金额须大于 0，最多两位小数' };
    return { ok: true, fields: { amount: fen, ...message } };
  }
  const n = Number(raw);
  if (line.kind === 'labour') {
    if (!Number.isFinite(n) || n <= 0 || !Number.isInteger(n * 2)) return { ok: false, message: '时长须大于 0，以半小时为单位' };
    return { ok: true, fields: { hours: n, ...message } };
  }
  if (!Number.isInteger(n) || n <= 0) return { ok: false, message: '数量须为正整数' };
  return { ok: true, fields: { quantity: n, ...message } };
}

/** The value a pledge adds to its line, in the line's unit (for the remaining-room check). */
export function pledgeValue(fields: PledgeFields): number {
  return fields.amount ?? fields.hours ?? fields.quantity ?? (fields.text ? 1 : 0);
}

// ---- organiser form --------------------------------------------------------------------------

/** A budget line as edited in the form: targets as typed (yuan for money). */
export interface LineDraft {
  kind: LineKind;
  title: string;
  description: string;
  required: boolean;
  /** Yuan for money, hours for labour, quantity for materials; ignored for ideas. */
  target: string;
  skill: string;
  item: string;
  unit: string;
}

export interface CrowdfundDraft {
  communityId: string;
  title: string;
  story: string;
  /** "2025-06-30" (Asia/Shanghai date; the deadline is its 23:59:59). */
  deadlineDate: string;
  estates: string;
  photos: string[];
  lines: LineDraft[];
}

export function emptyLine(kind: LineKind): LineDraft {
  return { kind, title: '', description: '', required: kind !== 'ideas', target: '', skill: '', item: '', unit: kind === 'materials' ? '个' : '' };
}

/** A saved line (fen, hours…) back into the form. */
export function lineToDraft(line: BudgetLine): LineDraft {
  const target = line.target === undefined ? '' : line.kind === 'money' ? fenToYuan(line.target) : String(line.target);
  return {
    kind: line.kind,
    title: line.title,
    description: line.description ?? '',
    required: line.required,
    target,
    skill: line.skill ?? '',
    item: line.item ?? '',
    unit: line.kind === 'materials' ? line.unit : '',
  };
}

export interface FormErrors {
  /** Field path ("title", "lines.0.target") → message. */
  [path: string]: string;
}

/**
 * Validates the organiser form and builds the API body (money targets yuan → fen). Mirrors
 * shared/src/api/crowdfund.ts CrowdfundInput so the user sees the message before the server.
 */
export function buildCrowdfundInput(
  draft: CrowdfundDraft,
  nowMs: number = Date.now(),
): { ok: true; body: CrowdfundInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const title = draft.title.trim();
  const story = draft.story.trim();
  if (!draft.communityId) errors.communityId = '请选择社区';
  if (title.length < 2) errors.title = '标题至少 2 个字';
  else if (title.length > 60) errors.title = '标题不能超过 60 个字';
  if (story.length < 10) errors.story = '项目介绍至少 10 个字';
  else if (story.length > 5000) errors.story = '项目介绍不能超过 5000 个字';
  let deadline = '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.deadlineDate)) errors.deadline = '请选择截止日期';
  else {
    deadline = deadlineFromDate(draft.deadlineDate);
    if (Date.parse(deadline) <= nowMs) errors.deadline = '截止时间须晚于现在';
  }
  if (draft.photos.length > 9) errors.photos = '照片最多 9 张';
  if (draft.lines.length === 0) errors.lines = '请至少添加一个预算项';
  if (draft.lines.length > 20) errors.lines = '预算项不能超过 20 个';

  const lines: BudgetLineInput[] = [];
  draft.lines.forEach((l, i) => {
    const at = (f: string) => `lines.${i}.${f}`;
    const lineTitle = l.title.trim();
    if (!lineTitle) errors[at('title')] = '请填写名称';
    else if (lineTitle.length > 60) errors[at('title')] = '名称不能超过 60 个字';
    const description = l.description.trim() || undefined;
    const base = { title: lineTitle, ...(description ? { description } : {}) };
    if (l.kind === 'money') {
      const fen = yuanToFen(l.target);
      if (fen === null) errors[at('target')] = '目标金额须大于 0，最多两位小数';
      lines.push({ kind: 'money', ...base, required: l.required, target: fen ?? 0 });
    } else if (l.kind === 'labour') {
      const hours = Number(l.target.trim());
      if (!l.target.trim() || !Number.isFinite(hours) || hours <= 0 || !Number.isInteger(hours * 2)) errors[at('target')] = '目标时长须大于 0，以半小时为单位';
      if (!l.skill.trim()) errors[at('skill')] = '请填写所需技能';
      lines.push({ kind: 'labour', ...base, required: l.required, skill: l.skill.trim(), target: hours });
    } else if (l.kind === 'materials') {
      const qty = Number(l.target.trim());
      if (!l.target.trim() || !Number.isInteger(qty) || qty <= 0) errors[at('target')] = '目标数量须为正整数';
      if (!l.item.trim()) errors[at('item')] = '请填写物资名称';
      if (!l.unit.trim()) errors[at('unit')] = '请填写单位';
      else if (l.unit.trim().length > 8) errors[at('unit')] = '单位不能超过 8 个字';
      lines.push({ kind: 'materials', ...base, required: l.required, item: l.item.trim(), unit: l.unit.trim(), target: qty });
    } else {
      lines.push({ kind: 'ideas', ...base, required: false });
    }
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const estates = draft.estates
    .split(/[,，、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    ok: true,
    body: { communityId: draft.communityId, estates, buildingIds: [], title, story, photos: draft.photos, deadline, lines },
  };
}

// ---- admin forms -----------------------------------------------------------------------------

export interface ExpenseDraft {
  /** Yuan as typed. */
  amount: string;
  payee: string;
  purpose: string;
  receiptPhotos: string[];
}

/** Validates the expense form (mirrors ExpenseRequest) and converts yuan → fen. */
export function buildExpense(
  d: ExpenseDraft,
): { ok: true; body: { amount: number; payee: string; purpose: string; receiptPhotos: string[] } } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const amount = yuanToFen(d.amount);
  if (amount === null) errors.amount = '金额须大于 0，最多两位小数';
  const payee = d.payee.trim();
  if (!payee) errors.payee = '请填写收款方';
  else if (payee.length > 60) errors.payee = '收款方不能超过 60 个字';
  const purpose = d.purpose.trim();
  if (purpose.length < 2) errors.purpose = '请填写用途（至少 2 个字）';
  else if (purpose.length > 200) errors.purpose = '用途不能超过 200 个字';
  const receiptPhotos = d.receiptPhotos.map((p) => p.trim()).filter(Boolean);
  if (receiptPhotos.length === 0) errors.receiptPhotos = '请添加至少一张收据照片';
  else if (receiptPhotos.length > 9) errors.receiptPhotos = '收据照片最多 9 张';
  if (Object.keys(errors).length > 0 || amount === null) return { ok: false, errors };
  return { ok: true, body: { amount, payee, purpose, receiptPhotos } };
}

/** A reason/note the server requires (reject note, reversal reason): 2–max characters. */
export function checkReason(text: string, what: string, max: number): string | null {
  const t = text.trim();
  if (t.length < 2) return `请填写${what}（至少 2 个字）`;
  if (t.length > max) return `${what}不能超过 ${max} 个字`;
  return null;
}

/**
 * The clientToken to use for the next attempt after a failed pledge request. Unknown
 * outcome (network error, 5xx: the pledge may exist) → keep it, so a retry replays instead
 * of pledging twice. A definitive refusal (4xx) created nothing → a fresh one, so the user
 * may change the amount (the server refuses a token reused for different content).
 */
export function tokenAfterFailure(status: number, current: string, fresh: () => string = newClientToken): string {
  return status >= 400 && status < 500 ? fresh() : current;
}
