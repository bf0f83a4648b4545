import { randomUUID } from 'node:crypto';
import { createUser } from '../../functions/src/auth/storage';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';
import { call, callAllPages, devLogin } from '../support/http';

/**
 * The system administrator's street list (GET /streets) and a street's admins
 * (GET /streets/{id}/people) over HTTP (#8): who may read them, paging, bad queries.
 */
beforeAll(useStackTable);

const run = randomUUID().slice(0, 8);
const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };

async function userWith(name: string, roles: Partial<Roles>): Promise<string> {
  const openid = `streets-${name}-${run}`;
  await createUser({ id: `u-streets-${name}-${run}`, openid, nickname: `${name}${run}`, roles: { ...plain, ...roles }, createdAt: new Date().toISOString() });
  return devLogin(openid);
}

let root: string;
const streetIds: string[] = [];

beforeAll(async () => {
  root = await userWith('root', { root: true });
  for (const n of [1, 2, 3]) {
    const res = await call('POST', '/streets', { token: root, body: { name: `列表街道${n}-${run}` } });
    expect(res.status).toBe(201);
    streetIds.push(res.body.id);
  }
  const off = await call('POST', `/streets/${streetIds[2]}/deactivate`, { token: root });
  expect(off.status).toBe(200);
});

describe('GET /streets (system administrator)', () => {
  it('pages through every street (deactivated ones flagged) without duplicates', async () => {
    const { items, pages } = await callAllPages('/streets', { token: root, limit: 2 });
    expect(pages).toBeGreaterThanOrEqual(2);
    const ids = items.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const mine = items.filter((s) => streetIds.includes(s.id));
    expect(mine).toHaveLength(3);
    expect(mine.find((s) => s.id === streetIds[2])).toEqual({ id: streetIds[2], name: `列表街道3-${run}`, active: false });
    expect(mine.find((s) => s.id === streetIds[0])).toEqual({ id: streetIds[0], name: `列表街道1-${run}`, active: true });
    const first = await call('GET', '/streets?limit=1', { token: root });
    expect([first.status, first.body.items.length, typeof first.body.nextCursor]).toEqual([200, 1, 'string']);
  });

  it('is refused to anyone but root: 401 without a login, 403 for street and community admins and residents', async () => {
    expect((await call('GET', '/streets')).status).toBe(401);
    const others = [await userWith('street', { streetIds: [streetIds[0]] }), await userWith('admin', { adminCommunityIds: ['cm-xingfu'] }), await devLogin(`streets-resident-${run}`)];
    for (const token of others) {
      const res = await call('GET', '/streets', { token });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('refuses a page over 50 and a forged cursor with 400 and the field path', async () => {
    const big = await call('GET', '/streets?limit=51', { token: root });
    expect([big.status, big.body.error.fields[0]]).toEqual([400, { path: 'limit', message: '每页最多 50 条' }]);
    const forged = await call('GET', `/streets?cursor=${Buffer.from('[1,2]').toString('base64url')}`, { token: root });
    expect([forged.status, forged.body.error.fields[0].path]).toEqual([400, 'cursor']);
  });
});

describe('GET /streets/{id}/people (street admins)', () => {
  it('lists the street admins appointed through an invitation, to root and to the street admin', async () => {
    const invite = await call('POST', '/invites', { token: root, body: { role: 'street', scopeId: streetIds[0] } });
    expect(invite.status).toBe(201);
    const invitee = await devLogin(`streets-invitee-${run}`);
    expect((await call('POST', `/invites/${invite.body.token}/accept`, { token: invitee, body: {} })).status).toBe(200);
    const byRoot = await call('GET', `/streets/${streetIds[0]}/people?limit=10`, { token: root });
    expect(byRoot.status).toBe(200);
    expect(byRoot.body.items).toEqual([expect.objectContaining({ role: 'street', roleLabel: '街道管理员', scopeId: streetIds[0], scopeName: `列表街道1-${run}` })]);
    const bySelf = await call('GET', `/streets/${streetIds[0]}/people`, { token: invitee });
    expect(bySelf.body.items.map((p: { userId: string }) => p.userId)).toEqual(byRoot.body.items.map((p: { userId: string }) => p.userId));
    // Another street's list is not theirs; no login: 401; a bad page: 400 with the field.
    expect((await call('GET', `/streets/${streetIds[1]}/people`, { token: invitee })).status).toBe(403);
    expect((await call('GET', `/streets/${streetIds[1]}/people`)).status).toBe(401);
    const big = await call('GET', `/streets/${streetIds[0]}/people?limit=51`, { token: root });
    expect([big.status, big.body.error.fields[0].path]).toEqual([400, 'limit']);
  });
});
