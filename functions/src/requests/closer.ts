import { isConditionFailure } from '../lib/dynamo';
import { AppError } from '../lib/errors';
import { logger } from '../lib/logger';
import { withinConfirmWindow } from './rules';
import { applyChange } from './transitions';
import * as store from './storage';

/**
 * The auto-close job: resolved requests whose 7-day confirmation window has ended close by
 * themselves. Each close is the same guarded transaction as any change (status resolved and
 * the version read), so two runs at once close each request exactly once: the loser's
 * transaction is refused and counted as `skipped`.
 */
const BATCH = 50;

export interface CloseReport {
  closed: string[];
  skipped: number;
  errors: number;
}

export async function closeResolved(now = new Date(), maxBatches = 20): Promise<CloseReport> {
  const report: CloseReport = { closed: [], skipped: 0, errors: 0 };
  const seen = new Set<string>();
  for (let batch = 0; batch < maxBatches; batch++) {
    const due = (await store.dueForAutoClose(now.getTime(), BATCH)).filter((d) => !seen.has(d.id));
    if (due.length === 0) break;
    for (const { id } of due) {
      seen.add(id);
      try {
        const r = await store.getRequest(id);
        if (!r || r.status !== 'resolved' || !r.resolvedAt || withinConfirmWindow(r.resolvedAt, now)) {
          report.skipped++;
          continue;
        }
        await applyChange(r, { action: 'autoClose' }, ['job'], undefined, now);
        report.closed.push(id);
      } catch (err) {
        // Another run (or the reporter) got there first: not an error.
        if ((err instanceof AppError && err.status === 409) || isConditionFailure(err)) report.skipped++;
        else {
          report.errors++;
          logger.error('auto-close failed', { requestId: id, error: err as Error });
        }
      }
    }
  }
  return report;
}
