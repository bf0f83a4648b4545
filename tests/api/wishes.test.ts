import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { buildingItem, communityItem } from '../../functions/src/org/storage';
import { grantPut } from '../../functions/src/roles/storage';
import { call, devLogin } from '../support/http';
import { person, uniq } from '../support/requests';
import { useStackTable } from '../support/ddb';
import { uploadOverHttp } from '../support/uploads';

/**
 * Every wish route over HTTP: 401 without a token, 403 for the wrong person, 400 with field
 * paths, 409 on a stale status or version, and a privacy sweep over every public response.
 */
const run = Date.now().toString(36);
const beneficiary = { name: `赵桂兰${run.slice(-3)}`, phone: '13700001234', address: `7 单元 60${run.slice(-1)} 室` };
let admin: string;
let staff: string;
let poster: string;
let claimant: string;
let other: string;
/** Every body a caller got without the right to see the beneficiary: none may carry their data. */
const publicBodies: unknown[] = [];

/** A community of this file's own (its staff hear of every wish posted there: never the demo world's). */
const COMMUNITY = uniq('cm-wi');
const STATION = uniq('sn-wi');
const GRID = uniq('gd-wi');
const B2 = uniq('bd-wi-2');
const B3 = uniq('bd-wi-3');

beforeAll(async () => {
  useStackTable();
  const put = (Item: Record<string, unknown>) => ddb().send(new PutCommand({ TableName: tableName(), Item }));
  await put(communityItem({ id: COMMUNITY, streetId: 'st-hongxing', streetName: '红星街道', name: '心愿接口测试社区', address: '测试路 2 号', gridCount: 0, buildingCount: 2 }));
  await put(buildingItem({ id: B2, communityId: COMMUNITY, gridId: GRID, estate: '幸福家园', name: '2 栋' }));
  await put(buildingItem({ id: B3, communityId: COMMUNITY, gridId: GRID, estate: '阳光花园', name: '3 栋' }));
  await put({ ...keys.station(STATION), ...keys.communityChild(COMMUNITY, 'STATION', STATION), entity: 'Station', id: STATION, communityId: COMMUNITY, name: '心愿测试驿站', address: '测试路 2 号' });
  const [a, st] = await Promise.all([person({ adminCommunityIds: [COMMUNITY] }, '社区书记'), person({ staffStationIds: [STATION] }, '驿站社工')]);
  // Their appointments (the people list wish screeners are told from).
  const grant = (userId: string, role: 'admin' | 'staff', scopeId: string) =>
    put(grantPut({ userId, role, scopeId, scopeName: scopeId, holder: `COMMUNITY#${COMMUNITY}`, communityId: COMMUNITY, name: '测试', grantedAt: new Date().toISOString(), grantedBy: 'test' }).Put!.Item!);
  await Promise.all([grant(a.id, 'admin', COMMUNITY), grant(st.id, 'staff', STATION)]);
  [admin, staff] = [a.token, st.token];
  [poster, claimant, other] = await Promise.all([devLogin(`wi-post-${run}`), devLogin(`wi-claim-${run}`), devLogin(`wi-other-${run}`)]);
});

const form = (over: Record<string, unknown> = {}) => ({
  communityId: COMMUNITY,
  buildingId: B2,
  kind: 'service',
  title: `陪老人去医院复诊 ${run}`,
  reason: '子女在外地，老人行动不便，需要有人陪同去医院复诊',
  value: 5000,
  beneficiary,
  ...over,
});

async function publicGet(path: string, token?: string) {
  const res = await call('GET', path, { token });
  publicBodies.push(res.body);
  return res;
}

async function openOne(over: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  const created = await call('POST', '/wishes', { token: poster, body: form(over) });
  expect(created.status).toBe(201);
  const opened = await call('POST', `/wishes/${created.body.id}/approve`, { token: staff, body: {} });
  expect([opened.status, opened.body.status]).toEqual([200, 'open']);
  return { id: opened.body.id, version: opened.body.version };
}

describe('posting and screening over HTTP', () => {
  it('401 without a token, 400 with field paths in Chinese, 403 posting on behalf as a resident, 201 for self', async () => {
    expect((await call('POST', '/wishes', { body: form() })).status).toBe(401);
    const bad = await call('POST', '/wishes', { token: poster, body: form({ value: 30_001, kind: 'money', beneficiary: { ...beneficiary, phone: '12345' }, photos: ['javascript:alert(1)'] }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['beneficiary.phone', 'kind', 'photos.0', 'value']);
    for (const f of bad.body.error.fields) expect(f.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(bad.body.error.fields.find((f: { path: string }) => f.path === 'value').message).toBe('心愿价值不能超过 300 元');
    expect((await call('POST', '/wishes', { token: poster, body: form({ forSelf: false }) })).status).toBe(403);
    const money = await call('POST', '/wishes', { token: poster, body: form({ title: '给我转账两百元' }) });
    expect([money.status, money.body.error.fields[0].path]).toEqual([422, 'title']);
    const created = await call('POST', '/wishes', { token: poster, body: form() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'submitted', version: 0, buildingLabel: '幸福家园 2 栋', beneficiary });
  });

  it('the screening queue is for the community’s staff; a submitted wish is invisible to the public; approve with a stale version is 409', async () => {
    const created = await call('POST', '/wishes', { token: poster, body: form() });
    const id = created.body.id;
    expect((await publicGet(`/wishes/${id}`)).status).toBe(404);
    expect((await publicGet(`/wishes/${id}`, other)).status).toBe(404);
    expect((await call('GET', `/communities/${COMMUNITY}/wish-screening`)).status).toBe(401);
    expect((await call('GET', `/communities/${COMMUNITY}/wish-screening`, { token: other })).status).toBe(403);
    expect((await call('GET', '/communities/cm-hexie/wish-screening', { token: staff })).status).toBe(403);
    const queue = await call('GET', `/communities/${COMMUNITY}/wish-screening?limit=50`, { token: staff });
    expect(queue.status).toBe(200);
    expect(queue.body.items.find((w: { id: string }) => w.id === id).beneficiary).toEqual(beneficiary);
    // Its staff heard that it awaits screening (the screening page of the community); the poster did not.
    const told = async (token: string) => (await call('GET', '/me/messages?limit=50', { token })).body.items.filter((m: { kind: string }) => m.kind === 'wish_submitted');
    for (const token of [admin, staff]) expect(await told(token)).toContainEqual(expect.objectContaining({ title: '新的微心愿待审核', link: `/packages/wishes/pages/screening/index?communityId=${COMMUNITY}` }));
    expect(await told(poster)).toEqual([]);
    expect((await call('GET', `/communities/${COMMUNITY}/wish-screening?limit=51`, { token: staff })).body.error.fields[0].path).toBe('limit');

    expect((await call('POST', `/wishes/${id}/approve`, { body: {} })).status).toBe(401);
    expect((await call('POST', `/wishes/${id}/approve`, { token: poster, body: {} })).status).toBe(403);
    const stale = await call('POST', `/wishes/${id}/approve`, { token: admin, body: { version: 7 } });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'STALE_VERSION']);
    expect((await call('POST', `/wishes/${id}/approve`, { token: admin, body: { version: 0 } })).body.status).toBe('open');
    const again = await call('POST', `/wishes/${id}/approve`, { token: admin, body: {} });
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_STATUS']);
  });

  it('take down needs a reason (400 reason) and staff (403); withdraw only by the poster', async () => {
    const a = await openOne();
    expect((await call('POST', `/wishes/${a.id}/take-down`, { token: admin, body: {} })).body.error.fields[0].path).toBe('reason');
    expect((await call('POST', `/wishes/${a.id}/take-down`, { token: other, body: { reason: '不合适' } })).status).toBe(403);
    const down = await call('POST', `/wishes/${a.id}/take-down`, { token: admin, body: { reason: '与政策不符，已转交社区救助' } });
    expect(down.body).toMatchObject({ status: 'taken_down', takeDownReason: '与政策不符，已转交社区救助' });
    expect((await publicGet(`/wishes/${a.id}`)).status).toBe(404);
    expect((await call('GET', `/wishes/${a.id}`, { token: poster })).body.takeDownReason).toBe('与政策不符，已转交社区救助');

    const b = await openOne();
    expect((await call('POST', `/wishes/${b.id}/withdraw`, { token: other, body: {} })).status).toBe(403);
    expect((await call('POST', `/wishes/${b.id}/withdraw`, { body: {} })).status).toBe(401);
    expect((await call('POST', `/wishes/${b.id}/withdraw`, { token: poster, body: {} })).body.status).toBe('withdrawn');
    expect((await call('POST', `/wishes/${b.id}/claim`, { token: claimant, body: {} })).status).toBe(409);
  });
});

describe('claim, deliver, confirm, thank over HTTP', () => {
  it('walks a wish through; each wrong caller is 403, each stale step 409', async () => {
    const w = await openOne();
    expect((await call('POST', `/wishes/${w.id}/claim`, { body: {} })).status).toBe(401);
    const own = await call('POST', `/wishes/${w.id}/claim`, { token: poster, body: {} });
    expect([own.status, own.body.error.code]).toEqual([422, 'OWN_WISH']);
    expect((await call('POST', `/wishes/${w.id}/claim`, { token: claimant, body: { days: 30 } })).body.error.fields[0].path).toBe('days');
    expect((await call('POST', `/wishes/${w.id}/confirm`, { token: poster, body: {} })).status).toBe(409);

    const claimed = await call('POST', `/wishes/${w.id}/claim`, { token: claimant, body: { version: w.version } });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'claimed', beneficiary, claim: { kind: 'person', label: '爱心人士' }, viewer: { claimant: true } });
    const taken = await call('POST', `/wishes/${w.id}/claim`, { token: other, body: {} });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'ALREADY_CLAIMED']);
    expect((await publicGet(`/wishes/${w.id}`, other)).body.claim.label).toBe('爱心人士');
    const mine = await call('GET', '/wishes/claimed', { token: claimant });
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(w.id);
    expect((await call('GET', '/wishes/claimed')).status).toBe(401);

    expect((await call('POST', `/wishes/${w.id}/release`, { token: other, body: {} })).status).toBe(403);
    expect((await call('POST', `/wishes/${w.id}/deliver`, { token: claimant, body: { note: '已送到' } })).body.error.fields[0].path).toBe('photos');
    const photo = await uploadOverHttp(claimant, 'wish');
    expect((await call('POST', `/wishes/${w.id}/deliver`, { token: other, body: { note: '已送到', photos: [photo] } })).status).toBe(403);
    const delivered = await call('POST', `/wishes/${w.id}/deliver`, { token: claimant, body: { note: '已陪同复诊，结果正常', photos: [photo] } });
    expect(delivered.status).toBe(200);
    expect(delivered.body.delivery).toMatchObject({ note: '已陪同复诊，结果正常', photos: [expect.stringMatching(/^https?:\/\//)] });

    expect((await call('POST', `/wishes/${w.id}/confirm`, { token: claimant, body: {} })).status).toBe(403);
    expect((await call('POST', `/wishes/${w.id}/confirm`, { token: poster, body: { version: 1 } })).status).toBe(409);
    const confirmed = await call('POST', `/wishes/${w.id}/confirm`, { token: poster, body: {} });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', confirmedBy: 'beneficiary' });
    expect((await call('POST', `/wishes/${w.id}/thank`, { token: poster, body: {} })).body.error.fields[0].path).toBe('note');
    const thanked = await call('POST', `/wishes/${w.id}/thank`, { token: poster, body: { note: '谢谢你，陪我跑了一上午' } });
    expect(thanked.body).toMatchObject({ status: 'thanked', thanks: { note: '谢谢你，陪我跑了一上午' } });
    const pub = await publicGet(`/wishes/${w.id}`);
    expect(pub.body).toMatchObject({ status: 'thanked', thanks: { note: '谢谢你，陪我跑了一上午' } });
    expect((await call('GET', '/wishes/mine', { token: poster })).body.items.map((x: { id: string }) => x.id)).toContain(w.id);
    expect((await call('GET', '/wishes/mine')).status).toBe(401);

    // The claimant's inbox heard of the confirmation; the poster's of the claim and the delivery.
    const inboxOf = async (token: string) => (await call('GET', '/me/messages?limit=50', { token })).body.items.map((m: { kind: string }) => m.kind);
    expect(await inboxOf(claimant)).toContain('wish_confirmed');
    expect(await inboxOf(poster)).toEqual(expect.arrayContaining(['wish_claimed', 'wish_delivered']));
  });

  it('the claimant gives a claim up: open again, and staff confirm on a beneficiary’s behalf', async () => {
    const w = await openOne();
    await call('POST', `/wishes/${w.id}/claim`, { token: claimant, body: { unitName: `幸福物业党支部${run}` } });
    const released = await call('POST', `/wishes/${w.id}/release`, { token: claimant, body: {} });
    expect(released.body).toMatchObject({ status: 'open' });
    expect(released.body.beneficiary).toBeUndefined();
    await call('POST', `/wishes/${w.id}/claim`, { token: other, body: {} });
    const photo = await uploadOverHttp(other, 'wish');
    await call('POST', `/wishes/${w.id}/deliver`, { token: other, body: { note: '已送达', photos: [photo] } });
    expect((await call('POST', `/wishes/${w.id}/confirm`, { token: staff, body: {} })).body).toMatchObject({ status: 'confirmed', confirmedBy: 'staff' });
  });
});

describe('the public wall', () => {
  it('pages with a cursor (limit ≤ 50), filters by status, building and kind; 400 with field paths', async () => {
    const a = await openOne({ buildingId: B3, kind: 'goods', title: `棉被一床 ${run}` });
    expect((await call('GET', '/wishes')).body.error.fields[0].path).toBe('communityId');
    const bad = await call('GET', `/wishes?communityId=${COMMUNITY}&limit=51&status=submitted&kind=money`);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['kind', 'limit', 'status']);
    const byBuilding = await publicGet(`/wishes?communityId=${COMMUNITY}&buildingId=${B3}&kind=goods`);
    expect(byBuilding.body.items.map((x: { id: string }) => x.id)).toContain(a.id);
    expect((await publicGet(`/wishes?communityId=${COMMUNITY}&buildingId=${B3}&kind=service`)).body.items.map((x: { id: string }) => x.id)).not.toContain(a.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await publicGet(`/wishes?communityId=${COMMUNITY}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((x: { id: string }) => x.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toContain(a.id);
    expect(new Set(seen).size).toBe(seen.length);
    // The demo member serves 幸福家园 1 栋: their wall of the demo community works too (building first).
    const member = await devLogin('demo-member');
    expect((await publicGet('/wishes?communityId=cm-xingfu&limit=50', member)).status).toBe(200);
    expect((await publicGet('/wishes?communityId=cm-xingfu&status=thanked', other)).status).toBe(200);
  });

  it('privacy sweep: no public response carries the beneficiary’s name, phone or address', () => {
    expect(publicBodies.length).toBeGreaterThan(10);
    const text = JSON.stringify(publicBodies);
    for (const secret of [beneficiary.name, beneficiary.phone, beneficiary.address]) expect(text).not.toContain(secret);
    expect(text).not.toContain('"beneficiary":{');
  });
});
