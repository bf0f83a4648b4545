import { randomUUID } from 'node:crypto';
import { createUser } from '../../functions/src/auth/storage';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';
import { call, callAllPages, devLogin } from '../support/http';

/**
 * Renaming a community, grid, building, station or room (#8): the building page, the
 * code a scan resolves and the admin's code list (the posters' labels) all show the new
 * names at once; nothing keeps the name a code was made with.
 */
beforeAll(useStackTable);

const run = randomUUID().slice(0, 8);
const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };

it('no stale name after renames: building page, scanned code and code list', async () => {
  await createUser({ id: `u-rename-root-${run}`, openid: `rename-root-${run}`, nickname: '系统管理员', roles: { ...plain, root: true }, createdAt: new Date().toISOString() });
  const root = await devLogin(`rename-root-${run}`);
  const street = await call('POST', '/streets', { token: root, body: { name: `改名街道${run}` } });
  const community = await call('POST', `/streets/${street.body.id}/communities`, { token: root, body: { name: '旧社区', address: '旧路 1 号' } });
  const cid = community.body.id;
  await createUser({ id: `u-rename-admin-${run}`, openid: `rename-admin-${run}`, nickname: '管理员', roles: { ...plain, adminCommunityIds: [cid] }, createdAt: new Date().toISOString() });
  const admin = await devLogin(`rename-admin-${run}`);
  const grid = await call('POST', `/communities/${cid}/grids`, { token: admin, body: { name: '旧网格' } });
  const building = await call('POST', `/communities/${cid}/buildings`, { token: admin, body: { gridId: grid.body.id, estate: '旧小区', name: '1 号楼' } });
  const station = await call('POST', `/communities/${cid}/stations`, {
    token: admin,
    body: { kind: 'centre', name: '旧驿站', address: '旧路 1 号', location: { lat: 31.2, lng: 121.4 }, phone: '021-11112222' },
  });
  const room = await call('POST', `/stations/${station.body.id}/rooms`, { token: admin, body: { name: '旧房间', capacity: 10 } });
  expect([grid.status, building.status, station.status, room.status]).toEqual([201, 201, 201, 201]);

  const codesOf = async () => (await callAllPages(`/communities/${cid}/codes`, { token: admin })).items as { kind: string; targetId: string; token: string; label: string }[];
  const before = await codesOf();
  const buildingCode = before.find((c) => c.targetId === building.body.id)!;
  const roomCode = before.find((c) => c.targetId === room.body.id)!;
  expect(buildingCode.label).toBe('旧社区 · 旧小区 1 号楼');
  expect(roomCode.label).toBe('旧驿站 · 旧房间');

  expect((await call('PUT', `/communities/${cid}`, { token: admin, body: { name: '新社区', address: '新路 2 号' } })).status).toBe(200);
  expect((await call('PUT', `/grids/${grid.body.id}`, { token: admin, body: { name: '新网格' } })).status).toBe(200);
  expect((await call('PUT', `/buildings/${building.body.id}`, { token: admin, body: { gridId: grid.body.id, estate: '新小区', name: '1 号楼' } })).status).toBe(200);
  const stationBody = { kind: 'centre', name: '新驿站', address: '新路 2 号', location: { lat: 31.2, lng: 121.4 }, phone: '021-11112222' };
  expect((await call('PUT', `/stations/${station.body.id}`, { token: admin, body: stationBody })).status).toBe(200);
  expect((await call('PUT', `/rooms/${room.body.id}`, { token: admin, body: { name: '新房间' } })).status).toBe(200);

  const page = await call('GET', `/buildings/${building.body.id}?code=${buildingCode.token}`);
  expect(page.status).toBe(200);
  expect(page.body.building).toMatchObject({ estate: '新小区', name: '1 号楼' });
  expect(page.body.community).toMatchObject({ name: '新社区', address: '新路 2 号' });
  expect(page.body.grid.name).toBe('新网格');
  expect(page.body.stations).toEqual([expect.objectContaining({ id: station.body.id, name: '新驿站', address: '新路 2 号' })]);

  const after = await codesOf();
  expect(after.find((c) => c.kind === 'community')!.label).toBe('新社区');
  expect(after.find((c) => c.targetId === building.body.id)!.label).toBe('新社区 · 新小区 1 号楼');
  expect(after.find((c) => c.targetId === room.body.id)!.label).toBe('新驿站 · 新房间');
  expect((await call('GET', `/codes/${buildingCode.token}`)).body.label).toBe('新社区 · 新小区 1 号楼');
  expect((await call('GET', `/codes/${roomCode.token}`)).body.label).toBe('新驿站 · 新房间');
  // The station, as residents see it, carries the community's new name too.
  expect((await call('GET', `/stations/${station.body.id}`)).body.communityName).toBe('新社区');
});
