import { WISH_STATUS_LABELS, type WishStatus } from '@shared/api/wishes';
import { conflict } from '../lib/errors';

/** The wish status machine (pure). */

/** Who moves a wish along an edge. */
export type Mover = 'poster' | 'staff' | 'claimant' | 'claimer' | 'beneficiary' | 'system';

/**
 * submitted → open (staff screen) | taken_down | withdrawn;
 * open → claimed (anyone) | withdrawn | taken_down | expired (job);
 * claimed → delivered (claimant) | open (claimant gives up, or the job lapses the claim) | taken_down;
 * delivered → confirmed (beneficiary, staff, or the job after 7 days);
 * confirmed → thanked. Everything not listed is refused.
 */
export const TRANSITIONS: Record<WishStatus, Partial<Record<WishStatus, Mover[]>>> = {
  submitted: { open: ['staff'], taken_down: ['staff'], withdrawn: ['poster', 'staff'] },
  open: { claimed: ['claimer'], withdrawn: ['poster', 'staff'], taken_down: ['staff'], expired: ['system'] },
  claimed: { delivered: ['claimant'], open: ['claimant', 'system'], taken_down: ['staff'] },
  delivered: { confirmed: ['beneficiary', 'staff', 'system'] },
  confirmed: { thanked: ['beneficiary'] },
  thanked: {},
  withdrawn: {},
  expired: {},
  taken_down: {},
};

export function canTransition(from: WishStatus, to: WishStatus, by?: Mover): boolean {
  const movers = TRANSITIONS[from][to];
  return movers !== undefined && (by === undefined || movers.includes(by));
}

/** 409 INVALID_STATUS in Chinese unless `from → to` is an edge of the machine. */
export function assertTransition(from: WishStatus, to: WishStatus): void {
  if (!canTransition(from, to)) {
    throw conflict('INVALID_STATUS', `心愿当前为“${WISH_STATUS_LABELS[from]}”，不能变为“${WISH_STATUS_LABELS[to]}”`, { status: from, wanted: to });
  }
}

/** Statuses with a due time for the scheduled job, and what it does then. */
export const DUE_ACTION: Partial<Record<WishStatus, WishStatus>> = { open: 'expired', claimed: 'open', delivered: 'confirmed' };
