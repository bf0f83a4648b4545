import { logger } from '../lib/logger';
import { nowIso } from '../lib/time';
import { wishEventWrites } from '../messages/events';
import type { WishRecord } from './model';
import { move, withoutClaim } from './moves';
import { reopenedUntil } from './rules';
import { DUE_ACTION } from './status';
import * as store from './storage';

/**
 * The scheduled wish job (every 10 minutes): every wish whose due time passed is moved on —
 * an open wish nobody claimed expires, a claim past its deadline lapses (the wish reopens),
 * a delivery nobody confirmed in 7 days is confirmed. Each move is the same guarded
 * transaction as a person's (status and version as read), so two runs at once, or a run
 * racing the claimant's own delivery, move each wish exactly once; the loser skips it.
 */

const PAGE = 100;
/** A run stops starting new work after this long (the function's timeout is 60 s). */
const RUN_BUDGET_MS = 40_000;

export interface SweepReport {
  expired: string[];
  lapsed: string[];
  confirmed: string[];
  /** Wishes whose move failed for another reason than a concurrent change (logged; the next run retries). */
  errors: number;
}

async function actOn(w: WishRecord, at: string, now: Date): Promise<'expired' | 'lapsed' | 'confirmed'> {
  switch (w.status) {
    case 'open': {
      const { dueAt: _d, ...rest } = w;
      await move(w, 'expired', { endedAt: at }, at, undefined, rest);
      return 'expired';
    }
    case 'claimed': {
      const dueAt = reopenedUntil(w, at);
      await move(w, 'open', { expiresAt: dueAt, dueAt, reopenCount: (w.reopenCount ?? 0) + 1 }, at, (n) => wishEventWrites(w, n, 'lapsed', now), withoutClaim(w));
      return 'lapsed';
    }
    default: {
      const { dueAt: _d, ...rest } = w;
      await move(w, 'confirmed', { confirmedAt: at, confirmedBy: 'system' }, at, (n) => wishEventWrites(w, n, 'confirmed', now), rest);
      return 'confirmed';
    }
  }
}

export async function sweepWishes(now = new Date()): Promise<SweepReport> {
  const started = Date.now();
  const at = nowIso(now);
  const report: SweepReport = { expired: [], lapsed: [], confirmed: [], errors: 0 };
  let cursor: string | undefined;
  do {
    const page = await store.dueWishes(at, { limit: PAGE, cursor });
    for (const due of page.items) {
      try {
        const w = await store.getWish(due.wishId);
        if (!w || w.dueAt !== due.dueAt || !DUE_ACTION[w.status]) {
          // Moved by someone else since the list was read (its entry went with it), or a leftover.
          if (!w || w.dueAt !== due.dueAt) await store.dropStaleDue(due.dueAt, due.wishId, w);
          continue;
        }
        const done = await actOn(w, at, now);
        report[done].push(w.id);
        logger.info('wish moved by the job', { wishId: w.id, done });
      } catch (err) {
        if ((err as { status?: number }).status === 409) continue; // another run (or the person) got there first
        report.errors++;
        logger.error('wish job failed on a wish', { wishId: due.wishId, error: String(err) });
      }
    }
    cursor = page.nextCursor;
  } while (cursor && Date.now() - started < RUN_BUDGET_MS);
  return report;
}
