import { setTimeout as sleep } from 'node:timers/promises';
import type { Principal } from '../../functions/src/lib/authorize';
import { createCommunity, createStreet, deactivateCommunity, deactivateStreet } from '../../functions/src/org/tree';
import { createBuilding, createGrid, deactivateGrid } from '../../functions/src/org/units';
import { createRoom, createStation, deactivateStation } from '../../functions/src/venues/tree';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';

/**
 * Deactivating a parent races the creation of a child (#8): the deactivation checks for
 * children in service and then writes; a child created in between must make it fail (the
 * child's transaction bumps the parent's version, the deactivation's Put is conditional on
 * the version it read). Over many rounds, never both succeed: no child in service ends up
 * under a deactivated parent.
 */
beforeAll(useStackTable);
jest.setTimeout(300_000);

const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const as = (userId: string, roles: Partial<Roles> = {}): Principal => {
  const full = { ...plain, ...roles };
  return { userId, roles: full, user: { id: userId, nickname: userId, roles: full, createdAt: '2026-11-30T00:00:00+08:00' } };
};
const root = as('u-race-root', { root: true });
const streetAdmin = (streetId: string, communityId = ''): Principal => ({ ...as('u-race-street', { streetIds: [streetId] }), streetCommunityIds: communityId ? [communityId] : [] });
const ROUNDS = 12;

const station = { kind: 'centre' as const, name: '竞速驿站', address: '竞速路 1 号', location: { lat: 31.2, lng: 121.4 }, phone: '021-12345678' };

/** Runs the two at once, each after a small random delay, and tells which succeeded. */
async function race(create: () => Promise<unknown>, deactivate: () => Promise<unknown>): Promise<{ created: boolean; deactivated: boolean }> {
  const [c, d] = await Promise.allSettled([sleep(Math.random() * 12).then(create), sleep(Math.random() * 12).then(deactivate)]);
  // A creation that reads its parent after the deactivation landed is refused before its
  // transaction (a building's grid check answers VALIDATION_FAILED on gridId).
  for (const r of [c, d]) if (r.status === 'rejected' && !['HAS_ACTIVE_CHILDREN', 'DEACTIVATED', 'GRID_UNAVAILABLE', 'VALIDATION_FAILED'].includes((r.reason as { code?: string }).code ?? '')) throw r.reason;
  return { created: c.status === 'fulfilled', deactivated: d.status === 'fulfilled' };
}

async function newCommunity(): Promise<{ streetId: string; communityId: string; admin: Principal }> {
  const street = await createStreet(root, { name: '竞速街道' });
  const community = await createCommunity(streetAdmin(street.id), street.id, { name: '竞速社区', address: '竞速路' });
  return { streetId: street.id, communityId: community.id, admin: streetAdmin(street.id, community.id) };
}

function expectOneWinner(outcomes: { created: boolean; deactivated: boolean }[]): void {
  expect(outcomes.filter((o) => o.created && o.deactivated)).toEqual([]);
  expect(outcomes.every((o) => o.created || o.deactivated)).toBe(true);
}

it('a community created while its street is deactivated: never both', async () => {
  const outcomes = [];
  for (let i = 0; i < ROUNDS; i++) {
    const street = await createStreet(root, { name: `竞速街道${i}` });
    outcomes.push(await race(() => createCommunity(streetAdmin(street.id), street.id, { name: '新社区', address: '竞速路' }), () => deactivateStreet(root, street.id)));
  }
  expectOneWinner(outcomes);
});

it('a grid or a station created while the community is deactivated: never both', async () => {
  const outcomes = [];
  for (let i = 0; i < ROUNDS; i++) {
    const { streetId, communityId, admin } = await newCommunity();
    const create = i % 2 === 0 ? () => createGrid(admin, communityId, { name: '新网格', branchName: '', secretaryName: '' }) : () => createStation(admin, communityId, station);
    outcomes.push(await race(create, () => deactivateCommunity(streetAdmin(streetId, communityId), communityId)));
  }
  expectOneWinner(outcomes);
});

it('a building created while its grid is deactivated: never both', async () => {
  const outcomes = [];
  for (let i = 0; i < ROUNDS; i++) {
    const { communityId, admin } = await newCommunity();
    const grid = await createGrid(admin, communityId, { name: '网格', branchName: '', secretaryName: '' });
    outcomes.push(await race(() => createBuilding(admin, communityId, { gridId: grid.id, estate: '小区', name: `${i} 号楼` }), () => deactivateGrid(admin, grid.id)));
  }
  expectOneWinner(outcomes);
});

it('a room created while its station is deactivated: never both', async () => {
  const outcomes = [];
  for (let i = 0; i < ROUNDS; i++) {
    const { communityId, admin } = await newCommunity();
    const s = await createStation(admin, communityId, station);
    outcomes.push(await race(() => createRoom(admin, s.id, { name: '活动室', capacity: 10, facilities: [], requiresApproval: false, photos: [] }), () => deactivateStation(admin, s.id)));
  }
  expectOneWinner(outcomes);
});
