import { randomUUID } from 'node:crypto';
import { listAudit } from '../../functions/src/audit/storage';
import { createUser } from '../../functions/src/auth/storage';
import { saveTreeIfAbsent } from '../../functions/src/org/storage';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';
import { addDays, shanghaiToday } from '../support/dates';
import { call, callAllPages, devLogin } from '../support/http';

/**
 * 我家 and 公告 over HTTP (#11): a resident sets, reads and clears their home; a community's
 * admins (and its street's) post, edit, pin and take down notices; everyone reads the live
 * ones, pinned first. Everything written here lives in this file's own street and community.
 */
beforeAll(useStackTable);

const run = randomUUID().slice(0, 8);
const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const streetId = `st-home-${run}`;
const communityId = `cm-home-${run}`;
const otherCommunityId = `cm-home-other-${run}`;
const gridId = `gd-home-${run}`;
const buildingId = `bd-home-${run}`;
const closedBuildingId = `bd-home-closed-${run}`;

async function userWith(name: string, roles: Partial<Roles>): Promise<string> {
  const openid = `home-${name}-${run}`;
  await createUser({ id: `u-home-${name}-${run}`, openid, nickname: name, roles: { ...plain, ...roles }, createdAt: new Date().toISOString() });
  return devLogin(openid);
}

let resident: string;
let admin: string;
let streetAdmin: string;
let otherAdmin: string;

beforeAll(async () => {
  const community = (id: string, name: string) => ({ id, streetId, streetName: '家园街道', name, address: '家园路 1 号', gridCount: 1, buildingCount: 2 });
  await saveTreeIfAbsent({
    streets: [{ id: streetId, name: '家园街道' }],
    communities: [community(communityId, '家园社区'), community(otherCommunityId, '隔壁社区')],
    grids: [{ id: gridId, communityId, name: '第一网格', branchName: '第一网格党支部', secretaryName: '王书记', workerName: '李网格', workerPhone: '13800000000' }],
    buildings: [
      { id: buildingId, communityId, gridId, estate: '家园小区', name: '1 栋' },
      { id: closedBuildingId, communityId, gridId, estate: '家园小区', name: '2 栋', deactivatedAt: '2026-01-01T00:00:00+08:00' },
    ],
  });
  [resident, admin, streetAdmin, otherAdmin] = await Promise.all([
    devLogin(`home-resident-${run}`),
    userWith('admin', { adminCommunityIds: [communityId] }),
    userWith('street', { streetIds: [streetId] }),
    userWith('other', { adminCommunityIds: [otherCommunityId] }),
  ]);
});

describe('我家: PUT / GET / DELETE /me/home', () => {
  it('sets the home from a building, shows it on GET /me and GET /me/home, and clears it', async () => {
    expect((await call('GET', '/me/home', { token: resident })).body).toEqual({ home: null });
    const set = await call('PUT', '/me/home', { token: resident, body: { buildingId } });
    expect(set.status).toBe(200);
    expect(set.body.home).toMatchObject({ buildingId, buildingName: '1 栋', estate: '家园小区', communityId, communityName: '家园社区' });
    expect((await call('GET', '/me/home', { token: resident })).body.home).toMatchObject({ buildingId, communityId });
    expect((await call('GET', '/me', { token: resident })).body.user.home).toMatchObject({ buildingId, communityName: '家园社区' });
    const cleared = await call('DELETE', '/me/home', { token: resident });
    expect([cleared.status, cleared.body]).toEqual([200, { home: null }]);
    expect((await call('GET', '/me', { token: resident })).body.user.home).toBeUndefined();
  });

  it('refuses unknown and deactivated buildings with 404 on the field, bad bodies with 400, and no login with 401', async () => {
    const unknown = await call('PUT', '/me/home', { token: resident, body: { buildingId: `bd-nope-${run}` } });
    expect([unknown.status, unknown.body.error.message, unknown.body.error.fields]).toEqual([404, '未找到该楼栋', [{ path: 'buildingId', message: '楼栋不存在' }]]);
    const closed = await call('PUT', '/me/home', { token: resident, body: { buildingId: closedBuildingId } });
    expect([closed.status, closed.body.error.fields]).toEqual([404, [{ path: 'buildingId', message: '楼栋已停用' }]]);
    const missing = await call('PUT', '/me/home', { token: resident, body: {} });
    expect([missing.status, missing.body.error.fields[0].path]).toEqual([400, 'buildingId']);
    const badId = await call('PUT', '/me/home', { token: resident, body: { buildingId: 'a b' } });
    expect([badId.status, badId.body.error.fields[0]]).toEqual([400, { path: 'buildingId', message: '编号只能包含字母、数字、- 和 _' }]);
    const extra = await call('PUT', '/me/home', { token: resident, body: { buildingId, communityId } });
    expect([extra.status, extra.body.error.fields]).toEqual([400, [{ path: 'communityId', message: '不支持此字段' }]]);
    for (const [method, body] of [['GET'], ['PUT', { buildingId }], ['DELETE']] as const) {
      expect((await call(method, '/me/home', { body })).status).toBe(401);
    }
  });
});

describe('公告: notices of a community', () => {
  const tomorrow = addDays(shanghaiToday(), 1);

  it('only the community admins and its street admins post; others get 403, no login 401, unknown community 404', async () => {
    const body = { title: '停水通知', body: '明日 9:00-12:00 停水' };
    for (const token of [resident, otherAdmin]) expect((await call('POST', `/communities/${communityId}/notices`, { token, body })).status).toBe(403);
    expect((await call('POST', `/communities/${communityId}/notices`, { body })).status).toBe(401);
    const byStreet = await call('POST', `/communities/${communityId}/notices`, { token: streetAdmin, body: { ...body, title: '街道通知' } });
    expect(byStreet.status).toBe(201);
    expect(byStreet.body).toMatchObject({ communityId, title: '街道通知', pinned: false, expired: false, version: 1 });
    const rootless = await userWith('admin-nowhere', { adminCommunityIds: [`cm-gone-${run}`] });
    expect((await call('POST', `/communities/cm-gone-${run}/notices`, { token: rootless, body })).status).toBe(404);
    expect((await call('GET', `/communities/cm-gone-${run}/notices`)).status).toBe(404);
  });

  it('refuses bad bodies with 400, the field path and a Chinese message', async () => {
    const post = (body: unknown) => call('POST', `/communities/${communityId}/notices`, { token: admin, body });
    const empty = await post({ title: ' ', body: '内容' });
    expect([empty.status, empty.body.error.fields[0]]).toEqual([400, { path: 'title', message: '请填写公告标题' }]);
    const long = await post({ title: '长'.repeat(41), body: '内容' });
    expect(long.body.error.fields[0]).toEqual({ path: 'title', message: '公告标题不超过 40 个字' });
    const past = await post({ title: '过期', body: '内容', expiresOn: addDays(shanghaiToday(), -1) });
    expect([past.status, past.body.error.fields]).toEqual([400, [{ path: 'expiresOn', message: '有效期不能早于今天' }]]);
    const badDate = await post({ title: '日期', body: '内容', expiresOn: '2026-13-45' });
    expect([badDate.status, badDate.body.error.fields[0].path]).toEqual([400, 'expiresOn']);
    const pinned = await post({ title: '置顶', body: '内容', pinned: 'yes' });
    expect([pinned.status, pinned.body.error.fields[0].path]).toEqual([400, 'pinned']);
    const extra = await post({ title: '多余', body: '内容', author: 'x' });
    expect(extra.body.error.fields).toEqual([{ path: 'author', message: '不支持此字段' }]);
    expect((await call('GET', `/communities/${communityId}/notices?limit=51`)).status).toBe(400);
    const cursor = await call('GET', `/communities/${communityId}/notices?cursor=bad`);
    expect([cursor.status, cursor.body.error.fields[0].path]).toEqual([400, 'cursor']);
  });

  it('lists live notices pinned first then newest, pages through them, and leaves out expired ones', async () => {
    const cid = otherCommunityId;
    const post = (title: string, extra: object = {}) => call('POST', `/communities/${cid}/notices`, { token: otherAdmin, body: { title, body: `${title}的内容`, ...extra } });
    const first = await post('一号');
    await post('二号', { expiresOn: tomorrow });
    const pin = await post('置顶', { pinned: true });
    const gone = await post('下架');
    await post('三号');
    const down = await call('POST', `/notices/${gone.body.id}/expire`, { token: otherAdmin, body: {} });
    expect(down.body).toMatchObject({ expired: true, version: 2 });

    const { items, pages } = await callAllPages(`/communities/${cid}/notices`, { limit: 2 });
    expect(items.map((n) => n.title)).toEqual(['置顶', '三号', '二号', '一号']);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(items[0]).toMatchObject({ id: pin.body.id, pinned: true });

    // Pinning moves a notice to the top; unpinning puts it back in time order.
    const pinned = await call('PUT', `/notices/${first.body.id}`, { token: otherAdmin, body: { title: '一号', body: '一号的内容', pinned: true, version: 1 } });
    expect(pinned.body).toMatchObject({ pinned: true, version: 2 });
    expect((await callAllPages(`/communities/${cid}/notices`)).items.map((n) => n.title)).toEqual(['置顶', '一号', '三号', '二号']);

    // The admin list has every notice, the taken-down one too, marked expired.
    const all = await callAllPages(`/communities/${cid}/notices/all`, { token: otherAdmin });
    expect(all.items.map((n) => [n.title, n.expired])).toEqual([['三号', false], ['下架', true], ['置顶', false], ['二号', false], ['一号', false]]);
    expect((await call('GET', `/communities/${cid}/notices/all`, { token: resident })).status).toBe(403);
    expect((await call('GET', `/communities/${cid}/notices/all`)).status).toBe(401);
  });

  it('edits with the version read (409 when stale), 403 for others, 404 for an unknown notice, with audit entries', async () => {
    const created = await call('POST', `/communities/${communityId}/notices`, { token: admin, body: { title: '议事会', body: '周五晚议事', expiresOn: tomorrow } });
    const id = created.body.id;
    const edit = (token: string, body: object) => call('PUT', `/notices/${id}`, { token, body: { title: '议事会（改期）', body: '周六晚议事', pinned: false, ...body } });
    const ok = await edit(admin, { version: 1, expiresOn: null });
    expect(ok.body).toMatchObject({ title: '议事会（改期）', version: 2, expired: false });
    expect(ok.body.expiresOn).toBeUndefined();
    expect((await edit(admin, { version: 1 })).status).toBe(409);
    expect((await edit(otherAdmin, { version: 2 })).status).toBe(403);
    expect((await edit(resident, { version: 2 })).status).toBe(403);
    expect((await call('PUT', `/notices/${id}`, { body: { title: 'x', body: 'y', version: 2 } })).status).toBe(401);
    const noVersion = await call('PUT', `/notices/${id}`, { token: admin, body: { title: 'x', body: 'y' } });
    expect([noVersion.status, noVersion.body.error.fields[0].path]).toEqual([400, 'version']);
    expect((await call('PUT', `/notices/nt-nope-${run}`, { token: admin, body: { title: 'x', body: 'y', version: 1 } })).status).toBe(404);
    expect((await call('POST', `/notices/nt-nope-${run}/expire`, { token: admin, body: {} })).status).toBe(404);
    expect((await call('POST', `/notices/${id}/expire`, { token: otherAdmin, body: {} })).status).toBe(403);
    expect((await call('POST', `/notices/${id}/expire`, { token: admin, body: { now: true } })).status).toBe(400);

    const actions = (await listAudit('COMMUNITY', communityId, { limit: 50 })).items.filter((e) => e.target.id === id).map((e) => e.action);
    expect(actions).toEqual(['notice.update', 'notice.create']);
  });
});
