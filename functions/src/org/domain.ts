import type { ScopeRef } from '@shared/api/auth';
import type { CommunitySummary } from '@shared/api/org';
import { communityNames, listCommunities } from './storage';

/** Named communities, in the order given; unknown ids are dropped. */
export async function namedCommunities(communityIds: string[]): Promise<ScopeRef[]> {
  if (communityIds.length === 0) return [];
  const names = await communityNames(communityIds);
  return communityIds.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! }));
}

export async function communitySummaries(): Promise<CommunitySummary[]> {
  const communities = await listCommunities();
  return communities.sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}
