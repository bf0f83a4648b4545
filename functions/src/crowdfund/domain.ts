/**
 * The crowdfund domain's rules, by concept: status (the status machine), rules (lines,
 * pledges, ids; pure), access (visibility), crowdfunds (reading and status changes),
 * pledges, ledger, closer (deadlines and releases). Handlers and tests import from here.
 */
import type { BudgetLineInput } from '@shared/api/crowdfund';
import type { CrowdfundRecord } from './model';
import { newLines } from './rules';
import * as store from './storage';
import { TxRefused } from './storage';

export * from './status';
export * from './rules';
export * from './crowdfunds';
export * from './pledges';
export * from './ledger';
export * from './closer';

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
