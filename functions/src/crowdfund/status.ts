import type { CrowdfundStatus } from '@shared/api/crowdfund';
import { conflict } from '../lib/errors';
import type { LineRecord } from './model';

/** The crowdfund status machine (pure). */

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
