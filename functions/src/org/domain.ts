import type { ScopeRef } from '@shared/api/auth';
import type { BuildingSummary, CommunitySummary } from '@shared/api/org';
import type { Page } from '../lib/dynamo';
import { notFound } from '../lib/errors';
import type { Building } from './model';
import { buildingsByIds, communityIdsOfStreets, communityNames, getCommunity, listBuildings, listCommunities, scopeNames } from './storage';

/** A street admin's communities (the principal carries them; see lib/authorize streetAdmin). */
export const communitiesOfStreets = communityIdsOfStreets;

/** Named communities, in the order given; unknown ids are dropped. */
export async function namedCommunities(communityIds: string[]): Promise<ScopeRef[]> {
  if (communityIds.length === 0) return [];
  const names = await communityNames(communityIds);
  return communityIds.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! }));
}

/** Named streets or grids (a street admin's, a grid worker's), in the order given; unknown ids are dropped. */
export async function namedScopes(kind: 'street' | 'grid', ids: string[]): Promise<ScopeRef[]> {
  if (ids.length === 0) return [];
  const names = await scopeNames(kind, ids);
  return ids.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! }));
}

/** A page of the communities in service (by street then id; a page by name). */
export async function communitySummaries(page: { limit: number; cursor?: string }): Promise<Page<CommunitySummary>> {
  const communities = await listCommunities(page);
  return {
    items: communities.items.sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN')),
    ...(communities.nextCursor ? { nextCursor: communities.nextCursor } : {}),
  };
}

/** One community (the 社区页, names in a member's data export); 404 for an unknown one. */
export async function community(communityId: string): Promise<CommunitySummary> {
  const found = await getCommunity(communityId);
  if (!found) throw notFound('社区');
  return found;
}

/** A page of a community's buildings (by id; a page by estate then name); 404 for an unknown community. */
export async function communityBuildings(communityId: string, page: { limit: number; cursor?: string }): Promise<Page<BuildingSummary>> {
  const buildings = await listBuildings(communityId, page);
  if (!page.cursor && buildings.items.length === 0 && !(await communityNames([communityId])).has(communityId)) throw notFound('社区');
  return {
    items: buildings.items
      .filter((b) => !b.deactivatedAt)
      .map((b) => ({ id: b.id, communityId: b.communityId, gridId: b.gridId, estate: b.estate, name: b.name }))
      .sort((a, b) => a.estate.localeCompare(b.estate, 'zh-Hans-CN') || a.name.localeCompare(b.name, 'zh-Hans-CN', { numeric: true })),
    ...(buildings.nextCursor ? { nextCursor: buildings.nextCursor } : {}),
  };
}

/** Buildings by id, with a display name (小区 + 楼栋); unknown ids are absent. */
export async function buildingsNamed(ids: string[]): Promise<(Building & { label: string })[]> {
  if (ids.length === 0) return [];
  return (await buildingsByIds(ids)).map((b) => ({ ...b, label: `${b.estate} ${b.name}` }));
}
