import { logger } from '../lib/logger';
import { deliverCrowdfundNotice } from '../messages/events';
import { advanceFanout, pendingFanouts } from '../messages/storage';
import * as store from './storage';

/**
 * Tells backers a crowdfund's outcome (funded, failed, completed), in batches like the
 * release: the status change put a fan-out item on the work list in its own transaction;
 * each closer run walks one page of the crowdfund's pledges per fan-out and delivers one
 * message per backer (the message id comes from crowdfund, outcome and backer: a backer with
 * three pledges, or a page delivered twice after a crash, still gets exactly one). Withdrawn
 * pledges are not told; released ones are (they were live when the crowdfund failed).
 */

/** Pledges read per fan-out per run. */
export const NOTIFY_BATCH = 200;
const WORKERS = 8;

export async function notifyBackers(deadlineMs: number, limit = NOTIFY_BATCH): Promise<{ notified: number; errors: number }> {
  const result = { notified: 0, errors: 0 };
  for (const f of await pendingFanouts()) {
    if (Date.now() > deadlineMs) break;
    try {
      const page = await store.pledgesPage(f.crowdfundId, { limit, ...(f.cursor ? { cursor: f.cursor } : {}) });
      const backers = [...new Set(page.items.filter((p) => p.status !== 'withdrawn').map((p) => p.pledgerId))];
      let failed = 0;
      const worker = async () => {
        for (let userId = backers.shift(); userId; userId = backers.shift()) {
          try {
            if (await deliverCrowdfundNotice({ id: f.crowdfundId, title: f.title }, f.outcome, userId, new Date(f.at))) result.notified++;
          } catch (err) {
            failed++;
            logger.error('backer message failed', { crowdfundId: f.crowdfundId, userId, error: String(err) });
          }
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));
      result.errors += failed;
      // The bookmark moves only past a page delivered whole; the next run repeats a page with a failure (delivered ones are refused then).
      if (failed === 0) await advanceFanout(f, page.nextCursor);
    } catch (err) {
      result.errors++;
      logger.error('backer fan-out failed', { key: f.key, error: String(err) });
    }
  }
  return result;
}
