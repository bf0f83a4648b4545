import { randomUUID } from 'node:crypto';
import { logger } from '../lib/logger';
import { nowIso } from '../lib/time';
import type { CrowdfundRecord, LedgerEntryRecord, PledgeRecord } from './model';
import { backerName, ledgerEntryId } from './rules';
import { closeOutcome } from './status';
import * as store from './storage';
import { TxRefused } from './storage';
import { crowdfundOutcomeWrites } from '../messages/events';
import { notifyBackers } from './notify';

/**
 * The scheduled deadline closer (every 5 minutes): closes due crowdfunds and releases the
 * pledges of failed and cancelled ones in bounded batches. One crowdfund or one pledge
 * that fails is logged, counted and skipped; the rest of the run goes on, and the next run
 * picks up whatever is left (the release list and the backer index are the bookmarks).
 */

/** Pledges released per crowdfund per run (one backer-index page). */
export const RELEASE_BATCH = 200;
/** A run stops starting new work after this long (the function's timeout is 120 s). */
const RUN_BUDGET_MS = 60_000;
const WORKERS = 8;

function refundOf(p: PledgeRecord, cf: CrowdfundRecord, at: string, reason: string): LedgerEntryRecord | undefined {
  if (p.status !== 'fulfilled' || !p.incomeEntryId) return undefined;
  return {
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
    reason,
  };
}

export interface ReleaseResult {
  released: number;
  errors: number;
  /** Every live pledge is released and the crowdfund is off the release list. */
  done: boolean;
}

/**
 * Releases up to `limit` live pledges of a failed or cancelled crowdfund (money already
 * received gets a refund reversal). Each pledge is read again (consistently) and released
 * in its own transaction; one that fails is logged and left for the next run.
 */
export async function releaseBatch(cf: CrowdfundRecord, at: string, limit = RELEASE_BATCH): Promise<ReleaseResult> {
  const reason = cf.status === 'cancelled' ? '众筹已取消，退还认捐款' : '众筹未成功，退还认捐款';
  const page = await store.listBackers(cf.id, { limit });
  const result: ReleaseResult = { released: 0, errors: 0, done: false };
  const work = [...page.items];
  const worker = async () => {
    for (let listed = work.shift(); listed; listed = work.shift()) {
      try {
        const p = await store.getPledge(cf.id, listed.id);
        if (!p || (p.status !== 'pledged' && p.status !== 'fulfilled')) continue;
        if (await store.releasePledge(p, { ...p, status: 'released', releasedAt: at }, refundOf(p, cf, at, reason))) result.released++;
      } catch (err) {
        result.errors++;
        logger.error('pledge release failed', { crowdfundId: cf.id, pledgeId: listed.id, error: String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  // Done when the index has nothing live left (asked again: what was just released has left it).
  if (result.errors === 0 && !page.nextCursor && (await store.listBackers(cf.id, { limit: 1 })).items.length === 0) {
    await store.clearReleasePending(cf);
    result.done = true;
  }
  return result;
}

export interface CloseReport {
  closed: { id: string; outcome: 'funded' | 'failed' }[];
  released: number;
  /** Backers told an outcome (funded, failed, completed) in this run. */
  notified: number;
  /** Crowdfunds or pledges that failed in this run (logged; the run went on). Alarmed on. */
  errors: number;
}

/**
 * Every open crowdfund past its deadline becomes funded or failed, exactly once (a CLOSE
 * marker written in the same transaction can exist only once); then every crowdfund on the
 * release list (failed at the deadline, or cancelled by an admin) has a batch of its
 * pledges released. Running it again, or two at once, changes nothing more.
 */
export async function closeDueCrowdfunds(now = new Date(), runId: string = randomUUID()): Promise<CloseReport> {
  const started = Date.now();
  const at = nowIso(now);
  const report: CloseReport = { closed: [], released: 0, notified: 0, errors: 0 };
  for (const due of await store.listDue(at)) {
    try {
      const cw = await store.getCrowdfund(due.id);
      if (!cw || cw.crowdfund.status !== 'open' || cw.crowdfund.deadline > at) continue;
      const outcome = closeOutcome(cw.lines);
      const next: CrowdfundRecord = { ...cw.crowdfund, status: outcome, closedAt: at, updatedAt: at, ...(outcome === 'failed' ? { releasePending: true } : {}) };
      try {
        await store.saveClose(next, cw.lines, at, runId, crowdfundOutcomeWrites(next, outcome, at));
      } catch (err) {
        if (err instanceof TxRefused) continue; // closed by another run, or a line moved: the next run sees it
        throw err;
      }
      report.closed.push({ id: next.id, outcome });
      logger.info('crowdfund closed', { crowdfundId: next.id, outcome, runId });
    } catch (err) {
      report.errors++;
      logger.error('crowdfund close failed', { crowdfundId: due.id, runId, error: String(err) });
    }
  }
  for (const id of await store.listReleasing()) {
    if (Date.now() - started > RUN_BUDGET_MS) break;
    try {
      const cw = await store.getCrowdfund(id);
      if (!cw?.crowdfund.releasePending) continue;
      const r = await releaseBatch(cw.crowdfund, at);
      report.released += r.released;
      report.errors += r.errors;
    } catch (err) {
      report.errors++;
      logger.error('crowdfund release failed', { crowdfundId: id, runId, error: String(err) });
    }
  }
  const told = await notifyBackers(started + RUN_BUDGET_MS);
  report.notified = told.notified;
  report.errors += told.errors;
  return report;
}
