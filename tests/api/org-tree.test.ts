import { randomUUID } from 'node:crypto';
import { listAudit } from '../../functions/src/audit/storage';
import { createUser } from '../../functions/src/auth/storage';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';
import { addDays, shanghaiToday } from '../support/dates';
import { call, callAllPages, devLogin } from '../support/http';

/**
 * The organisation tree over HTTP (#8): who may create, edit and deactivate what, what a
 * bad body gets back, the deactivation rules, and an audit entry with every change (and
 * none with a refused one).
 */
beforeAll(useStackTable);

const run = randomUUID().slice(0, 8);
const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };

/** A user with the given roles, logged in through the dev login. */
async function userWith(name: string, roles: Partial<Roles>): Promise<string> {
  const openid = `tree-${name}-${run}`;
  await createUser({ id: `u-tree-${name}-${run}`, openid, nickname: name, roles: { ...plain, ...roles }, createdAt: new Date().toISOString() });
  return devLogin(openid);
}

const auditOf = async (communityId: string) => (await listAudit('COMMUNITY', communityId, { limit: 50 })).items;

let root: string;
let streetAdmin: string;
let otherStreetAdmin: string;
let communityAdmin: string;
let resident: string;
let demoAdmin: string;
let demoStaff: string;
let streetId: string;
let communityId: string;

beforeAll(async () => {
  root = await userWith('root', { root: true });
  const street = await call('POST', '/streets', { token: root, body: { name: `测试街道${run}` } });
  expect(street.status).toBe(201);
  streetId = street.body.id;
  const other = await call('POST', '/streets', { token: root, body: { name: `隔壁街道${run}` } });
  [streetAdmin, otherStreetAdmin, resident, demoAdmin, demoStaff] = await Promise.all([
    userWith('street', { streetIds: [streetId] }),
    userWith('other-street', { streetIds: [other.body.id] }),
    devLogin(`tree-resident-${run}`),
    devLogin('demo-admin'),
    devLogin('demo-staff'),
  ]);
  const community = await call('POST', `/streets/${streetId}/communities`, { token: streetAdmin, body: { name: '新建社区', address: '测试路 1 号' } });
  expect(community.status).toBe(201);
  communityId = community.body.id;
  communityAdmin = await userWith('admin', { adminCommunityIds: [communityId] });
});

describe('streets and communities', () => {
  it('only the system admin creates streets; the street carries a server-made id', async () => {
    expect(streetId).toMatch(/^st-[A-Za-z0-9_-]{12}$/);
    for (const token of [resident, streetAdmin, demoAdmin]) expect((await call('POST', '/streets', { token, body: { name: '不该有的街道' } })).status).toBe(403);
    expect((await call('POST', '/streets', { body: { name: '匿名' } })).status).toBe(401);
  });

  it('a street admin creates communities in their own street only', async () => {
    for (const token of [otherStreetAdmin, communityAdmin, demoAdmin, resident]) {
      expect((await call('POST', `/streets/${streetId}/communities`, { token, body: { name: '越权社区', address: '某路' } })).status).toBe(403);
    }
    const detail = await call('GET', `/streets/${streetId}?limit=10`, { token: streetAdmin });
    expect(detail.status).toBe(200);
    expect(detail.body.street).toMatchObject({ id: streetId, active: true });
    expect(detail.body.items).toEqual([expect.objectContaining({ id: communityId, name: '新建社区', streetName: `测试街道${run}`, active: true })]);
    expect((await call('GET', `/streets/${streetId}`, { token: otherStreetAdmin })).status).toBe(403);
  });

  it('refuses bad bodies with 400, a Chinese message and the field path', async () => {
    const empty = await call('POST', `/streets/${streetId}/communities`, { token: streetAdmin, body: { name: '  ', address: '测试路' } });
    expect([empty.status, empty.body.error.fields[0]]).toEqual([400, { path: 'name', message: '请填写社区名称' }]);
    const long = await call('POST', `/streets/${streetId}/communities`, { token: streetAdmin, body: { name: '长'.repeat(31), address: '测试路' } });
    expect([long.status, long.body.error.fields[0]]).toEqual([400, { path: 'name', message: '社区名称不超过 30 个字' }]);
    const missing = await call('POST', '/streets', { token: root, body: {} });
    expect([missing.status, missing.body.error.fields[0].path]).toEqual([400, 'name']);
  });

  it('renaming a street renames it on its communities; the community log records create and update', async () => {
    const renamed = await call('PUT', `/streets/${streetId}`, { token: streetAdmin, body: { name: `测试街道${run}改` } });
    expect(renamed.body).toMatchObject({ id: streetId, name: `测试街道${run}改`, active: true });
    const detail = await call('GET', `/streets/${streetId}`, { token: streetAdmin });
    expect(detail.body.items[0].streetName).toBe(`测试街道${run}改`);
    const edited = await call('PUT', `/communities/${communityId}`, { token: communityAdmin, body: { name: '新建社区', address: '测试路 2 号' } });
    expect([edited.status, edited.body.address]).toEqual([200, '测试路 2 号']);
    const log = await auditOf(communityId);
    expect(log.map((e) => e.action)).toEqual(['community.update', 'community.create']);
    expect(log[0]).toMatchObject({ actorId: `u-tree-admin-${run}`, target: { kind: 'community', id: communityId }, before: { address: '测试路 1 号' }, after: { address: '测试路 2 号' } });
  });
});

describe('the building page after an edit', () => {
  it('never shows a stale name: renaming the building, its grid, its community or a station shows at once', async () => {
    const community = (await call('POST', `/streets/${streetId}/communities`, { token: streetAdmin, body: { name: '改名社区', address: '旧路 1 号' } })).body;
    const grid = (await call('POST', `/communities/${community.id}/grids`, { token: streetAdmin, body: { name: '旧网格' } })).body;
    const building = (await call('POST', `/communities/${community.id}/buildings`, { token: streetAdmin, body: { gridId: grid.id, estate: '旧小区', name: '旧楼' } })).body;
    const station = (
      await call('POST', `/communities/${community.id}/stations`, {
        token: streetAdmin,
        body: { kind: 'estate', name: '旧驿站', address: '旧路 2 号', location: { lat: 31.2, lng: 121.4 }, phone: '12345' },
      })
    ).body;
    const codes = await callAllPages(`/communities/${community.id}/codes`, { token: streetAdmin });
    const token = codes.items.find((c: { targetId: string }) => c.targetId === building.id).token;
    const page = async () => (await call('GET', `/buildings/${building.id}?code=${token}`)).body;
    expect(await page()).toMatchObject({ building: { name: '旧楼', estate: '旧小区' }, grid: { name: '旧网格' }, community: { name: '改名社区' }, stations: [{ name: '旧驿站' }] });

    await call('PUT', `/buildings/${building.id}`, { token: streetAdmin, body: { gridId: grid.id, estate: '新小区', name: '新楼' } });
    expect((await page()).building).toEqual({ id: building.id, name: '新楼', estate: '新小区' });
    await call('PUT', `/grids/${grid.id}`, { token: streetAdmin, body: { name: '新网格', branchName: '新网格党支部' } });
    expect((await page()).grid).toMatchObject({ name: '新网格', branchName: '新网格党支部' });
    await call('PUT', `/communities/${community.id}`, { token: streetAdmin, body: { name: '新名社区', address: '新路 1 号' } });
    expect((await page()).community).toMatchObject({ name: '新名社区', address: '新路 1 号' });
    expect((await call('GET', `/stations/${station.id}`)).body.communityName).toBe('新名社区');
    await call('PUT', `/stations/${station.id}`, { token: streetAdmin, body: { kind: 'estate', name: '新驿站', address: '新路 2 号', location: { lat: 31.2, lng: 121.4 }, phone: '12345' } });
    expect((await page()).stations).toEqual([{ id: station.id, name: '新驿站', address: '新路 2 号' }]);
    // A second grid: moving the building there shows the new grid's name.
    const other = (await call('POST', `/communities/${community.id}/grids`, { token: streetAdmin, body: { name: '第二网格' } })).body;
    await call('PUT', `/buildings/${building.id}`, { token: streetAdmin, body: { gridId: other.id, estate: '新小区', name: '新楼' } });
    expect((await page()).grid.name).toBe('第二网格');
  });
});

describe('grids, buildings, stations and rooms', () => {
  let gridId: string;
  let buildingId: string;
  let stationId: string;
  let roomId: string;

  it('the community admin creates a grid and a building; the building comes with its code', async () => {
    const grid = await call('POST', `/communities/${communityId}/grids`, { token: communityAdmin, body: { name: '第一网格', branchName: '第一网格党支部' } });
    expect(grid.status).toBe(201);
    expect(grid.body).toMatchObject({ communityId, name: '第一网格', branchName: '第一网格党支部', secretaryName: '', workerName: '', active: true });
    gridId = grid.body.id;
    const building = await call('POST', `/communities/${communityId}/buildings`, { token: streetAdmin, body: { gridId, estate: '阳光小区', name: '1 号楼', units: 3, households: 72 } });
    expect(building.status).toBe(201);
    expect(building.body).toMatchObject({ communityId, gridId, estate: '阳光小区', name: '1 号楼', units: 3, households: 72, active: true });
    buildingId = building.body.id;
    const codes = await callAllPages(`/communities/${communityId}/codes`, { token: communityAdmin });
    const code = codes.items.find((c: { targetId: string }) => c.targetId === buildingId);
    expect(code).toMatchObject({ kind: 'building', label: '新建社区 · 阳光小区 1 号楼', active: true });
    expect(code.shortCode).toMatch(/^[A-Z0-9]{8}$/);
    const page = await call('GET', `/buildings/${buildingId}?code=${code.token}`);
    expect(page.body.building).toEqual({ id: buildingId, name: '1 号楼', estate: '阳光小区' });
    const buildings = await call('GET', `/communities/${communityId}/buildings`);
    expect(buildings.body.items.map((b: { id: string }) => b.id)).toEqual([buildingId]);
    const grids = await call('GET', `/communities/${communityId}/grids?limit=10`, { token: communityAdmin });
    expect(grids.body.items.map((g: { id: string }) => g.id)).toEqual([gridId]);
  });

  it('a station and a room, the room with its code; both show in the public lists', async () => {
    const station = await call('POST', `/communities/${communityId}/stations`, {
      token: communityAdmin,
      body: { kind: 'centre', name: '新建社区党群服务中心', address: '测试路 2 号', location: { lat: 31.2, lng: 121.4 }, phone: '021-12345678' },
    });
    expect(station.status).toBe(201);
    expect(station.body).toMatchObject({ communityId, communityName: '新建社区', roomCount: 0, photos: [], openingHours: { '1': [{ open: '09:00', close: '17:00' }] } });
    stationId = station.body.id;
    const room = await call('POST', `/stations/${stationId}/rooms`, { token: communityAdmin, body: { name: '会议室', capacity: 20, facilities: ['投影仪'] } });
    expect(room.status).toBe(201);
    expect(room.body).toMatchObject({ stationId, stationName: '新建社区党群服务中心', requiresApproval: false, rules: { minNoticeMinutes: 120, weeklyQuota: 3 }, blackouts: [] });
    roomId = room.body.id;
    const codes = await callAllPages(`/communities/${communityId}/codes`, { token: communityAdmin });
    expect(codes.items.find((c: { targetId: string }) => c.targetId === roomId)).toMatchObject({ kind: 'room', label: '新建社区党群服务中心 · 会议室' });
    expect((await call('GET', `/stations/${stationId}`)).body.roomCount).toBe(1);
    expect((await call('GET', `/stations?communityId=${communityId}`)).body.items.map((s: { id: string }) => s.id)).toEqual([stationId]);
    expect((await call('GET', `/stations/${stationId}/rooms`)).body.items.map((r: { id: string }) => r.id)).toEqual([roomId]);
  });

  it('refuses everyone but the community’s admins and its street’s: residents, staff, other admins, another street’s admin', async () => {
    const attempts: [string, string, unknown?][] = [
      ['POST', `/communities/${communityId}/grids`, { name: '越权网格' }],
      ['PUT', `/grids/${gridId}`, { name: '越权网格' }],
      ['POST', `/grids/${gridId}/deactivate`],
      ['POST', `/communities/${communityId}/buildings`, { gridId, estate: '越权', name: '1 号楼' }],
      ['PUT', `/buildings/${buildingId}`, { gridId, estate: '越权', name: '1 号楼' }],
      ['POST', `/buildings/${buildingId}/deactivate`],
      ['POST', `/communities/${communityId}/stations`, { kind: 'estate', name: '越权驿站', address: '某路', location: { lat: 31, lng: 121 }, phone: '12345' }],
      ['PUT', `/stations/${stationId}`, { kind: 'estate', name: '越权驿站', address: '某路', location: { lat: 31, lng: 121 }, phone: '12345' }],
      ['POST', `/stations/${stationId}/deactivate`],
      ['POST', `/stations/${stationId}/rooms`, { name: '越权房间', capacity: 2 }],
      ['POST', `/rooms/${roomId}/deactivate`],
      ['PUT', `/communities/${communityId}`, { name: '越权社区', address: '某路' }],
      ['GET', `/communities/${communityId}/grids`],
    ];
    const before = (await auditOf(communityId)).length;
    for (const [method, path, body] of attempts) {
      for (const token of [resident, demoStaff, demoAdmin, otherStreetAdmin]) {
        const res = await call(method, path, { token, body });
        expect([method, path, res.status, res.body.error.code]).toEqual([method, path, 403, 'FORBIDDEN']);
      }
    }
    // A community admin may not deactivate their own community (the street's admins may).
    expect((await call('POST', `/communities/${communityId}/deactivate`, { token: communityAdmin })).status).toBe(403);
    expect((await auditOf(communityId)).length).toBe(before);
  });

  it('refuses bad bodies with 400 and the field path, and writes nothing', async () => {
    const before = (await auditOf(communityId)).length;
    const cases: [string, string, unknown, string][] = [
      ['POST', `/communities/${communityId}/buildings`, { gridId, estate: '阳光小区', name: '2 号楼', units: -1 }, 'units'],
      ['POST', `/communities/${communityId}/buildings`, { gridId: 'gd-../x', estate: '阳光小区', name: '2 号楼' }, 'gridId'],
      ['POST', `/communities/${communityId}/buildings`, { gridId: 'gd-xingfu-1', estate: '阳光小区', name: '2 号楼' }, 'gridId'],
      ['POST', `/communities/${communityId}/stations`, { kind: 'centre', name: '驿站', address: '路', location: { lat: 91, lng: 121 }, phone: '12345' }, 'location.lat'],
      ['POST', `/communities/${communityId}/stations`, { kind: 'palace', name: '驿站', address: '路', location: { lat: 31, lng: 121 }, phone: '12345' }, 'kind'],
      ['POST', `/communities/${communityId}/stations`, { kind: 'centre', name: '驿站', address: '路', location: { lat: 31, lng: 121 }, phone: '电话' }, 'phone'],
      ['POST', `/stations/${stationId}/rooms`, { name: '房间', capacity: 0 }, 'capacity'],
      ['POST', `/stations/${stationId}/rooms`, { name: '房间', capacity: 5, photos: Array.from({ length: 10 }, (_, i) => `https://img.example.cn/${i}.jpg`) }, 'photos'],
      ['POST', `/stations/${stationId}/rooms`, { name: '房间', capacity: 5, photos: ['javascript:alert(1)'] }, 'photos.0'],
      ['PUT', `/rooms/${roomId}`, { rules: { maxMinutes: 45 } }, 'rules.maxMinutes'],
      ['POST', `/communities/${communityId}/grids`, { name: '网\u202e格' }, 'name'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await call(method, path, { token: communityAdmin, body });
      expect([path, res.status, res.body.error.fields?.[0]?.path]).toEqual([path, 400, field]);
      expect(res.body.error.fields[0].message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await auditOf(communityId)).length).toBe(before);
  });

  it('every change writes one audit entry with who, what, before and after', async () => {
    const log = await auditOf(communityId);
    const actions = log.map((e) => e.action);
    for (const a of ['grid.create', 'building.create', 'station.create', 'room.create']) expect(actions).toContain(a);
    // A photo must be the caller's upload (uploads/attachUploads): a link typed in is refused, and nothing is written.
    const linked = await call('PUT', `/rooms/${roomId}`, { token: communityAdmin, body: { capacity: 25, photos: ['https://img.example.cn/room.jpg'] } });
    expect([linked.status, linked.body.error?.fields?.[0]?.path]).toEqual([422, 'photos.0']);
    expect((await auditOf(communityId)).length).toBe(log.length);
    const edit = await call('PUT', `/rooms/${roomId}`, { token: communityAdmin, body: { capacity: 25 } });
    expect([edit.status, edit.body.capacity, edit.body.photos]).toEqual([200, 25, []]);
    const [latest] = await auditOf(communityId);
    expect(latest).toMatchObject({ action: 'room.update', actorId: `u-tree-admin-${run}`, target: { kind: 'room', id: roomId, name: '会议室' }, before: { capacity: 20 }, after: { capacity: 25 } });
    // Saving the same again changes nothing and records nothing.
    await call('PUT', `/rooms/${roomId}`, { token: communityAdmin, body: { capacity: 25 } });
    expect((await auditOf(communityId)).length).toBe(log.length + 1);
  });

  it('deactivation rules: a grid with buildings, a room with a booking ahead, a station with rooms, a community with stations, a street with communities', async () => {
    const grid409 = await call('POST', `/grids/${gridId}/deactivate`, { token: communityAdmin });
    expect([grid409.status, grid409.body.error.message]).toEqual([409, '该网格还有在用的楼栋，请先将楼栋调整到其他网格或停用']);

    const date = addDays(shanghaiToday(), 2);
    const booking = await call('POST', '/bookings', { token: resident, body: { roomId, date, start: '10:00', end: '11:00', purpose: '楼组议事', attendees: 5 } });
    expect(booking.status).toBe(201);
    const room409 = await call('POST', `/rooms/${roomId}/deactivate`, { token: communityAdmin });
    expect([room409.status, room409.body.error.code, room409.body.error.message]).toEqual([409, 'HAS_FUTURE_BOOKINGS', '该房间还有未完成的预约，请先处理这些预约后再停用']);
    const station409 = await call('POST', `/stations/${stationId}/deactivate`, { token: communityAdmin });
    expect([station409.status, station409.body.error.code]).toEqual([409, 'HAS_FUTURE_BOOKINGS']);
    expect((await call('POST', `/bookings/${booking.body.id}/cancel`, { token: resident, body: { reason: '改期' } })).status).toBe(200);

    const stationRooms = await call('POST', `/stations/${stationId}/deactivate`, { token: communityAdmin });
    expect([stationRooms.status, stationRooms.body.error.message]).toEqual([409, '该驿站还有在用的房间，请先停用这些房间']);
    const community409 = await call('POST', `/communities/${communityId}/deactivate`, { token: streetAdmin });
    expect([community409.status, community409.body.error.message]).toEqual([409, '该社区还有在用的驿站，请先停用这些驿站']);
    const street409 = await call('POST', `/streets/${streetId}/deactivate`, { token: root });
    expect([street409.status, street409.body.error.message]).toEqual([409, '该街道下还有在用的社区，请先停用这些社区']);

    const before = (await auditOf(communityId)).length;
    expect((await call('POST', `/rooms/${roomId}/deactivate`, { token: communityAdmin })).status).toBe(200);
    expect((await call('GET', `/stations/${stationId}/rooms`)).body.items).toEqual([]);
    expect((await call('GET', `/stations/${stationId}`)).body.roomCount).toBe(0);
    const refused = await call('POST', '/bookings', { token: resident, body: { roomId, date, start: '14:00', end: '15:00', purpose: '楼组议事', attendees: 5 } });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'ROOM_DEACTIVATED']);
    const edit = await call('PUT', `/rooms/${roomId}`, { token: communityAdmin, body: { capacity: 30 } });
    expect([edit.status, edit.body.error.code]).toEqual([409, 'DEACTIVATED']);
    // Deactivating again is a no-op: still 200, no second entry.
    expect((await call('POST', `/rooms/${roomId}/deactivate`, { token: communityAdmin })).status).toBe(200);

    expect((await call('POST', `/stations/${stationId}/deactivate`, { token: communityAdmin })).status).toBe(200);
    expect((await call('GET', `/stations?communityId=${communityId}`)).body.items).toEqual([]);
    expect((await call('POST', `/stations/${stationId}/rooms`, { token: communityAdmin, body: { name: '新房间', capacity: 5 } })).status).toBe(409);

    expect((await call('POST', `/buildings/${buildingId}/deactivate`, { token: communityAdmin })).status).toBe(200);
    expect((await call('GET', `/communities/${communityId}/buildings`)).body.items).toEqual([]);
    expect((await call('POST', `/grids/${gridId}/deactivate`, { token: communityAdmin })).status).toBe(200);
    const intoDeactivated = await call('POST', `/communities/${communityId}/buildings`, { token: communityAdmin, body: { gridId, estate: '阳光小区', name: '2 号楼' } });
    expect([intoDeactivated.status, intoDeactivated.body.error.fields[0].path]).toEqual([400, 'gridId']);
    const log = await auditOf(communityId);
    // Entries of the same millisecond order by their random suffix: compare as a set.
    const added = log.slice(0, log.length - before);
    expect(added.map((e) => e.action).sort()).toEqual(['building.deactivate', 'grid.deactivate', 'room.deactivate', 'station.deactivate']);
    for (const e of added) expect(e.after).toMatchObject({ deactivatedAt: expect.any(String) });

    expect((await call('POST', `/communities/${communityId}/deactivate`, { token: streetAdmin })).status).toBe(200);
    // The public list leaves it out, and its pages stay full (a page of one is never empty
    // because a deactivated community sits where it would have been).
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('GET', `/communities?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      cursor = page.body.nextCursor;
      if (cursor) expect(page.body.items).toHaveLength(1);
      listed.push(...page.body.items.map((c: { id: string }) => c.id));
    } while (cursor);
    expect(listed).not.toContain(communityId);
    expect(listed).toContain('cm-xingfu');
    expect((await call('POST', `/communities/${communityId}/grids`, { token: streetAdmin, body: { name: '新网格' } })).status).toBe(409);
    // The street still has the other community in service; an empty street can go.
    expect((await call('POST', `/streets/${streetId}/deactivate`, { token: root })).status).toBe(409);
    const empty = (await call('POST', '/streets', { token: root, body: { name: `空街道${run}` } })).body;
    const street = await call('POST', `/streets/${empty.id}/deactivate`, { token: root });
    expect([street.status, street.body.active]).toEqual([200, false]);
    expect((await listAudit('STREET', empty.id, { limit: 10 })).items.map((e) => e.action)).toEqual(['street.deactivate', 'street.create']);
    expect((await listAudit('STREET', streetId, { limit: 10 })).items.map((e) => e.action)).toEqual(['street.update', 'street.create']);
  });
});
