import type { ScopeRef } from '@shared/api/auth';
import type { CommunitySummary } from '@shared/api/org';
import { getNames, listCommunities, orgItems, putIfAbsent } from './storage';
import type { OrgTree } from './model';

/** Named scopes for a user's roles, in the order the roles list them; unknown ids are dropped. */
export async function namesOf(stationIds: string[], communityIds: string[]): Promise<{ stations: ScopeRef[]; communities: ScopeRef[] }> {
  if (stationIds.length === 0 && communityIds.length === 0) return { stations: [], communities: [] };
  const names = await getNames(stationIds, communityIds);
  const pick = (ids: string[], map: Map<string, string>) =>
    ids.filter((id) => map.has(id)).map((id) => ({ id, name: map.get(id)! }));
  return { stations: pick(stationIds, names.stations), communities: pick(communityIds, names.communities) };
}

export async function communitySummaries(): Promise<CommunitySummary[]> {
  const communities = await listCommunities();
  return communities.sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

/** Writes the parts of an org tree that are not stored yet; returns how many items were new. */
export async function saveOrgTreeIfAbsent(tree: OrgTree): Promise<number> {
  let written = 0;
  for (const item of orgItems(tree)) if (await putIfAbsent(item)) written++;
  return written;
}
