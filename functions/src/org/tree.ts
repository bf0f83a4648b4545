/**
 * Streets 街道 and communities 社区: created by the system admin (streets) and street
 * admins (communities), edited and deactivated (停用, never deleted). Grids and buildings:
 * org/units.ts; stations and rooms: venues/tree.ts.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { CommunityRequest, CommunityView, StreetDetail, StreetListResponse, StreetRequest, StreetView } from '@shared/api/tree';
import { authorize, type Principal } from '../lib/authorize';
import { conflict, notFound } from '../lib/errors';
import { keys } from '../lib/keys';
import { nowIso } from '../lib/time';
import { refreshBuildingPages } from '../codes/domain';
import { communityRenamed } from '../venues/domain';
import { auditOf } from './audit';
import { audited, changeUnit, createUnit, deactivatedConflict } from './change';
import type { Community, Street } from './model';
import {
  addToCount,
  communityHasActive,
  communityItem,
  countsChildren,
  getMeta,
  listStreets,
  parentInService,
  putNew,
  putOver,
  putOverWithoutChildren,
  renameStreetInCommunities,
  streetCommunities,
  streetHasActiveCommunities,
  streetItem,
} from './storage';

/** A server-made id: a kind prefix and 72 random bits (`cm-…`, 15 characters). */
export const newUnitId = (prefix: string) => `${prefix}-${randomBytes(9).toString('base64url')}`;

export const streetView = (s: Street): StreetView => ({ id: s.id, name: s.name, active: !s.deactivatedAt });
export const communityView = (c: Community): CommunityView => ({ ...c, active: !c.deactivatedAt });

const readStreet = (id: string) => getMeta<Street>(keys.street(id));
export const readCommunity = (id: string) => getMeta<Community>(keys.community(id));
const streetScope = (streetId: string) => ({ kind: 'street' as const, streetId });

export async function createStreet(principal: Principal, body: z.output<typeof StreetRequest>): Promise<StreetView> {
  authorize(principal, 'street:create', { kind: 'none' });
  const street: Street = { id: newUnitId('st'), name: body.name };
  const audit = { scope: { kind: 'STREET' as const, id: street.id }, action: 'street.create', target: { kind: 'street', id: street.id, name: street.name }, after: street };
  await createUnit(() => [putNew(streetItem(street)), auditOf(principal, audit)], () => conflict('CONFLICT', '编号冲突，请重试'));
  return streetView(street);
}

/** 全部街道 for the system administrator: one page, deactivated ones too (flagged). */
export async function streets(principal: Principal, page: { limit: number; cursor?: string }): Promise<StreetListResponse> {
  authorize(principal, 'street:list', { kind: 'none' });
  const res = await listStreets(page);
  return { items: res.items.map(streetView), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

/** A street and one page of its communities (deactivated ones too, flagged), for its admins. */
export async function streetDetail(principal: Principal, streetId: string, page: { limit: number; cursor?: string }): Promise<StreetDetail> {
  authorize(principal, 'street:manage', streetScope(streetId));
  const [street, communities] = await Promise.all([readStreet(streetId), streetCommunities(streetId, page)]);
  if (!street) throw notFound('街道');
  return { street: streetView(street), items: communities.items.map(communityView), ...(communities.nextCursor ? { nextCursor: communities.nextCursor } : {}) };
}

export async function updateStreet(principal: Principal, streetId: string, body: z.output<typeof StreetRequest>): Promise<StreetView> {
  authorize(principal, 'street:manage', streetScope(streetId));
  const { before, after, changed } = await changeUnit('街道', () => readStreet(streetId), async (s) => {
    if (s.deactivatedAt) throw deactivatedConflict('街道');
    if (s.name === body.name) return undefined;
    const next = { ...s, name: body.name };
    const audit = { scope: { kind: 'STREET' as const, id: s.id }, action: 'street.update', target: { kind: 'street', id: s.id, name: next.name }, before: audited(s), after: audited(next) };
    return { next, items: [putOver(streetItem(next), s.version ?? 0), auditOf(principal, audit)] };
  });
  if (changed && before.name !== after.name) await renameStreetInCommunities(streetId, after.name);
  return streetView(after);
}

/** 停用 a street: only once none of its communities is in service. Deactivating again changes nothing. */
export async function deactivateStreet(principal: Principal, streetId: string): Promise<StreetView> {
  authorize(principal, 'street:manage', streetScope(streetId));
  const { after } = await changeUnit('街道', () => readStreet(streetId), async (s) => {
    if (s.deactivatedAt) return undefined;
    if (countsChildren(s, 'communityCount') || (await streetHasActiveCommunities(s.id))) throw conflict('HAS_ACTIVE_CHILDREN', '该街道下还有在用的社区，请先停用这些社区');
    const next = { ...s, deactivatedAt: nowIso() };
    const audit = { scope: { kind: 'STREET' as const, id: s.id }, action: 'street.deactivate', target: { kind: 'street', id: s.id, name: s.name }, before: audited(s), after: audited(next) };
    return { next, items: [putOverWithoutChildren(streetItem(next), s.version ?? 0, ['communityCount']), auditOf(principal, audit)] };
  });
  return streetView(after);
}

export async function createCommunity(principal: Principal, streetId: string, body: z.output<typeof CommunityRequest>): Promise<CommunityView> {
  authorize(principal, 'street:manage', streetScope(streetId));
  const street = await readStreet(streetId);
  if (!street) throw notFound('街道');
  if (street.deactivatedAt) throw deactivatedConflict('街道');
  const community: Community = { id: newUnitId('cm'), streetId, streetName: street.name, name: body.name, address: body.address, gridCount: 0, buildingCount: 0 };
  const audit = { scope: { kind: 'COMMUNITY' as const, id: community.id }, action: 'community.create', target: { kind: 'community', id: community.id, name: community.name }, after: community };
  await createUnit(
    () => [parentInService(keys.street(streetId), { count: { field: 'communityCount', delta: 1 } }), putNew(communityItem(community)), auditOf(principal, audit)],
    () => deactivatedConflict('街道'),
  );
  return communityView({ ...community, version: 1 });
}

/** A community's name and address; its stations and building pages show the new ones at once. */
export async function updateCommunity(principal: Principal, communityId: string, body: z.output<typeof CommunityRequest>): Promise<CommunityView> {
  authorize(principal, 'community:manage', { kind: 'community', communityId });
  const { after, changed } = await changeUnit('社区', () => readCommunity(communityId), async (c) => {
    if (c.deactivatedAt) throw deactivatedConflict('社区');
    if (c.name === body.name && c.address === body.address) return undefined;
    const next = { ...c, name: body.name, address: body.address };
    const audit = { scope: { kind: 'COMMUNITY' as const, id: c.id }, action: 'community.update', target: { kind: 'community', id: c.id, name: next.name }, before: audited(c), after: audited(next) };
    return { next, items: [putOver(communityItem(next), c.version ?? 0), auditOf(principal, audit)] };
  });
  if (changed) {
    await communityRenamed(communityId, after.name);
    await refreshBuildingPages({ communityId });
  }
  return communityView(after);
}

/** 停用 a community (street admins): only once none of its grids and stations is in service. */
export async function deactivateCommunity(principal: Principal, communityId: string): Promise<CommunityView> {
  const { after } = await changeUnit('社区', () => readCommunity(communityId), async (c) => {
    authorize(principal, 'street:manage', streetScope(c.streetId));
    if (c.deactivatedAt) return undefined;
    if (await communityHasActive(c.id, 'STATION')) throw conflict('HAS_ACTIVE_CHILDREN', '该社区还有在用的驿站，请先停用这些驿站');
    if (countsChildren(c, 'gridCount') || (await communityHasActive(c.id, 'GRID'))) throw conflict('HAS_ACTIVE_CHILDREN', '该社区还有在用的网格，请先停用这些网格');
    const next = { ...c, deactivatedAt: nowIso() };
    const audit = { scope: { kind: 'COMMUNITY' as const, id: c.id }, action: 'community.deactivate', target: { kind: 'community', id: c.id, name: c.name }, before: audited(c), after: audited(next) };
    return {
      next,
      items: [putOverWithoutChildren(communityItem(next), c.version ?? 0, ['gridCount']), addToCount(keys.street(c.streetId), 'communityCount', -1), auditOf(principal, audit)],
    };
  });
  return communityView(after);
}
