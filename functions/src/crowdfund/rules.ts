import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { ANONYMOUS_BACKER, type Backer, type BudgetLine, type BudgetLineInput, type Pledge, type PledgeRequest } from '@shared/api/crowdfund';
import { AppError, appError, conflict } from '../lib/errors';
import type { LineRecord, PledgeRecord } from './model';

/** Budget lines and pledges: units, values, views and ids (pure). */

type PledgeBody = z.output<typeof PledgeRequest>;


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
    // Only a line with a target can be full: an ideas line is never 已筹满, however many ideas come.
    reached: hasTarget && l.pledged >= l.target!,
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

/**
 * A backer as shown on the crowdfund page: the name as the backer consented (their
 * nickname, or 匿名居民); the real name behind an anonymous pledge only for admins.
 */
export function backerView(p: PledgeRecord, viewer: { userId?: string; admin: boolean }): Backer {
  return {
    pledgeId: p.id,
    name: backerName(p),
    lineId: p.lineId,
    lineKind: p.lineKind,
    value: p.value,
    ...(p.text ? { text: p.text } : {}),
    status: p.status,
    createdAt: p.createdAt,
    ...(viewer.userId && p.pledgerId === viewer.userId ? { mine: true } : {}),
    ...(viewer.admin ? { pledgerName: p.pledgerName } : {}),
  };
}

// ---------- ids ----------

/**
 * Crowdfund ids sort by time (to the millisecond), so 我的众筹 (`<createdAt>#<id>`, createdAt to
 * the second) lists two crowdfunds made in the same second newest first, not in random order.
 */
export const newCrowdfundId = (now: Date) => `cf-${now.getTime().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
/** Pledge ids sort by time (to the millisecond), so the backer index orders pledges made in the same second. */
export const newPledgeId = (now: Date) => `pl-${now.getTime().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
/** Ledger entry ids sort by time, so the ledger reads oldest first. */
export const ledgerEntryId = (now: Date) => `le-${now.getTime().toString(36).padStart(9, '0')}${randomBytes(4).toString('hex')}`;
