import { can, type Principal, type Scope } from '../lib/authorize';
import { notFound } from '../lib/errors';
import type { RequestRecord } from './model';
import type { Actor } from './rules';
import * as store from './storage';

/** Who the caller is to a request: reporter, assignee, staff of its community (several at once). */

/**
 * The scope of a community for `request:handle`: a community admin's or street admin's
 * community as is; for station staff, one of their stations in that community (one read).
 */
export async function handleScope(p: Principal, communityId: string): Promise<Scope> {
  const community: Scope = { kind: 'community', communityId };
  if (can(p, 'request:handle', community) || p.roles.staffStationIds.length === 0) return community;
  const communities = await store.stationCommunities(p.roles.staffStationIds);
  const stationId = p.roles.staffStationIds.find((id) => communities.get(id) === communityId);
  return stationId ? { kind: 'station', stationId, communityId } : community;
}

export async function mayHandle(p: Principal, communityId: string): Promise<boolean> {
  return can(p, 'request:handle', await handleScope(p, communityId));
}

export function isReporter(p: Principal, r: RequestRecord): boolean {
  return can(p, 'request:own', { kind: 'self', userId: r.reporterId });
}

export function isAssignee(p: Principal, r: RequestRecord): boolean {
  const a = r.assignee;
  if (!a) return false;
  if (a.kind === 'station') return p.roles.staffStationIds.includes(a.id);
  return can(p, 'request:work', { kind: 'self', userId: a.id });
}

export async function actorsOf(p: Principal, r: RequestRecord): Promise<Actor[]> {
  const out: Actor[] = [];
  if (isReporter(p, r)) out.push('reporter');
  if (isAssignee(p, r)) out.push('assignee');
  if (await mayHandle(p, r.communityId)) out.push('staff');
  return out;
}

export async function load(id: string): Promise<RequestRecord> {
  const r = await store.getRequest(id);
  if (!r) throw notFound('诉求');
  return r;
}
