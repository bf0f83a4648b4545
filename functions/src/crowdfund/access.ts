import { can, type Principal } from '../lib/authorize';
import { notFound } from '../lib/errors';
import type { CrowdfundRecord, CrowdfundWithLines } from './model';
import { PUBLIC_STATUSES } from './status';
import * as store from './storage';

/** Who may see a crowdfund, and loading one for reading or for a change. */

export function isOrganiser(p: Principal | undefined, cf: Pick<CrowdfundRecord, 'organiserId'>): boolean {
  return !!p && p.userId === cf.organiserId;
}
export function isAdmin(p: Principal | undefined, cf: Pick<CrowdfundRecord, 'communityId'>): boolean {
  return !!p && can(p, 'crowdfund:review', { kind: 'community', communityId: cf.communityId });
}
export function visible(p: Principal | undefined, cf: CrowdfundRecord): boolean {
  return PUBLIC_STATUSES.includes(cf.status) || isOrganiser(p, cf) || isAdmin(p, cf);
}

export async function load(id: string, principal?: Principal): Promise<CrowdfundWithLines> {
  const cw = await store.getCrowdfund(id);
  if (!cw || !visible(principal, cw.crowdfund)) throw notFound('众筹');
  return cw;
}

/** For changes: a crowdfund that exists, visible or not; the permission check then answers 403. */
export async function loadForChange(id: string): Promise<CrowdfundWithLines> {
  const cw = await store.getCrowdfund(id);
  if (!cw) throw notFound('众筹');
  return cw;
}
