import { randomUUID } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { communityCodes, ensureCode } from '../../functions/src/codes/domain';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { orgItems } from '../../functions/src/org/storage';
import { pngTexts, posterLayout, RED } from '../../functions/src/codes/poster';
import { DEMO_CODES } from '../../functions/src/demo/data';
import { useStackTable } from '../support/ddb';
import { stackEnv } from '../support/env';
import { call as rawCall, callAllPages, devLogin, type ApiResponse } from '../support/http';
import { wxaCodeText } from '../fakes/wechat-server';

beforeAll(useStackTable);

const code = (targetId: string) => DEMO_CODES.find((c) => c.targetId === targetId)!.token;
const XINGFU = code('cm-xingfu');
const HEXIE = code('cm-hexie');
const DEMO_MEMBER_PHONE = '13912345678';

/** Every response of this file, with who asked: the consent sweep at the end reads them all. */
const seen: { method: string; path: string; viewer: string; status: number; text: string }[] = [];
const tokens = new Map<string, string>();
async function call(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<ApiResponse> {
  const res = await rawCall(method, path, opts);
  seen.push({ method, path, viewer: (opts.token && tokens.get(opts.token)) || 'anonymous', status: res.status, text: typeof res.body === 'string' ? res.body : JSON.stringify(res.body) });
  return res;
}
async function login(openid: string): Promise<{ token: string; userId: string }> {
  const token = await devLogin(openid);
  const me = await rawCall('GET', '/me', { token });
  tokens.set(token, me.body.user.id);
  return { token, userId: me.body.user.id };
}

async function fetchBinary(path: string, token?: string): Promise<{ status: number; type: string; source: string | null; bytes: Buffer }> {
  const res = await fetch(`${stackEnv.apiUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  seen.push({ method: 'GET', path, viewer: (token && tokens.get(token)) || 'anonymous', status: res.status, text: bytes.toString('latin1') });
  return { status: res.status, type: res.headers.get('content-type') ?? '', source: res.headers.get('x-code-source'), bytes };
}

function decode(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data;
}

let resident: { token: string; userId: string };
let staff: { token: string; userId: string };
let admin: { token: string; userId: string };
let hexieAdminless: { token: string; userId: string };
beforeAll(async () => {
  resident = await login('demo-resident');
  staff = await login('demo-staff');
  admin = await login('demo-admin');
  hexieAdminless = await login(`api-viewer-${Date.now()}`);
});

describe('codes over HTTP', () => {
  it('resolves a building code without login; unknown tokens are 404', async () => {
    const res = await call('GET', `/codes/${code('bd-xingfu-1')}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'building', targetId: 'bd-xingfu-1', communityId: 'cm-xingfu', label: '幸福社区 · 幸福家园 1 栋', active: true });
    const unknown = await call('GET', '/codes/AAAAAAAAAAAAAAAAAAAAAA');
    expect([unknown.status, unknown.body.error.message]).toEqual([404, '未找到该二维码']);
  });

  it('serves the building page without login, with the opted-in demo member masked and the grid worker masked', async () => {
    const res = await call('GET', `/buildings/bd-xingfu-1?code=${code('bd-xingfu-1')}`);
    expect(res.status).toBe(200);
    expect(res.body.building).toEqual({ id: 'bd-xingfu-1', name: '1 栋', estate: '幸福家园' });
    expect(res.body.grid).toMatchObject({ branchName: '幸福家园网格党支部', secretaryName: '刘红梅', workerName: '赵晓燕', workerPhoneMasked: '138****1001' });
    expect(res.body.members).toContainEqual(
      expect.objectContaining({ userId: 'u-demo-member', name: '李建国', branch: '市供电局机关第二党支部', posts: ['政策法律宣传员'], phoneMasked: '139****5678', canReveal: true }),
    );
    expect(res.body.stations).toContainEqual({ id: 'sn-xingfu-centre', name: '幸福社区党群服务中心', address: '红星街道幸福路 88 号' });
    expect(res.body.crowdfunds).toEqual([]);
  });

  it('refuses the page without a code (400) or with another building’s code (404)', async () => {
    expect((await call('GET', '/buildings/bd-xingfu-1')).status).toBe(400);
    expect((await call('GET', `/buildings/bd-xingfu-1?code=${code('bd-xingfu-2')}`)).status).toBe(404);
  });

  it('a poster is a PNG whose code decodes to the scan page with the token (WeChat code through the fake)', async () => {
    const token = code('bd-xingfu-1');
    const res = await fetchBinary(`/codes/${token}/poster.png`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('image/png');
    expect(res.source).toBe('wxacode');
    expect(decode(res.bytes)).toBe(wxaCodeText('pages/scan/index', token));
    expect(pngTexts(res.bytes)).toMatchObject({ Title: '幸福社区 · 幸福家园 1 栋', Description: '微信扫一扫' });
    // The building and community names are drawn: white text on the red header band.
    const img = PNG.sync.read(res.bytes);
    const header = posterLayout({ width: 0, height: 0 }).header;
    let text = 0;
    for (let i = 0; i < img.width * header; i++) {
      const [r, g, b] = [img.data[i * 4], img.data[i * 4 + 1], img.data[i * 4 + 2]];
      if (Math.abs(r - RED.r) + Math.abs(g - RED.g) + Math.abs(b - RED.b) > 60) text++;
    }
    expect(text).toBeGreaterThan(2000);
  });

  it('the community posters PDF: one page per building, for the admin of that community only', async () => {
    expect((await fetchBinary('/communities/cm-xingfu/posters.pdf', resident.token)).status).toBe(403);
    expect((await fetchBinary('/communities/cm-xingfu/posters.pdf', staff.token)).status).toBe(403);
    expect((await fetchBinary('/communities/cm-hexie/posters.pdf', admin.token)).status).toBe(403);
    expect((await fetchBinary('/communities/cm-xingfu/posters.pdf')).status).toBe(401);
    const pdf = await fetchBinary('/communities/cm-xingfu/posters.pdf', admin.token);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const doc = await PDFDocument.load(pdf.bytes);
    expect(doc.getPageCount()).toBe(4);
    expect(doc.getTitle()).toBe('幸福社区 楼栋码海报');
    // The Chinese is drawn with an embedded subset of the poster font, so the file stays small.
    expect(pdf.bytes.length).toBeLessThan(1_000_000);
    const fonts = [...doc.context.enumerateIndirectObjects()]
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('Font'))
      .map((o) => String(o.get(PDFName.of('BaseFont'))));
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatch(/^\/[A-Z]{6}\+NotoSansHans-Bold$/);
  });

  it('lists a community’s codes for its admin only', async () => {
    expect((await call('GET', '/communities/cm-xingfu/codes', { token: staff.token })).status).toBe(403);
    const res = await call('GET', '/communities/cm-xingfu/codes', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.items[0].targetId).toBe('cm-xingfu');
    const all = await callAllPages('/communities/cm-xingfu/codes', { token: admin.token });
    const ids = all.items.map((c: { targetId: string }) => c.targetId);
    expect(ids).toEqual(expect.arrayContaining(['cm-xingfu', 'bd-xingfu-1', 'bd-xingfu-4', 'rm-centre-hall']));
  });

  it('pages the code list (limit ≤ 50, opaque cursor): community, buildings, rooms, each once', async () => {
    // A room code made after the list was first read, so the rooms span more than one page.
    await ensureCode('room', `rm-page-${randomUUID().slice(0, 8)}`, 'cm-xingfu', '分页测试房间');
    const byTwo = await callAllPages('/communities/cm-xingfu/codes', { token: admin.token, limit: 2 });
    const whole = await callAllPages('/communities/cm-xingfu/codes', { token: admin.token });
    expect(byTwo.pages).toBeGreaterThan(3);
    const keys = byTwo.items.map((c: { kind: string; targetId: string }) => `${c.kind}:${c.targetId}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(whole.items.map((c: { kind: string; targetId: string }) => `${c.kind}:${c.targetId}`));
    const kinds = keys.map((k: string) => k.split(':')[0]);
    expect(kinds[0]).toBe('community');
    expect(kinds.lastIndexOf('building')).toBeLessThan(kinds.indexOf('room'));
    expect(keys).toEqual(expect.arrayContaining(['building:bd-xingfu-1', 'building:bd-xingfu-4', 'room:rm-centre-hall']));
    const one = await call('GET', '/communities/cm-xingfu/codes?limit=1', { token: admin.token });
    expect(one.body.items).toHaveLength(1);

    const big = await call('GET', '/communities/cm-xingfu/codes?limit=51', { token: admin.token });
    expect([big.status, big.body.error.fields[0].path]).toEqual([400, 'limit']);
    for (const forged of [
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from(JSON.stringify({ at: 'elsewhere' })).toString('base64url'),
      Buffer.from(JSON.stringify({ at: 'rooms', pk: 'X', sk: 'Y', gsi1pk: 'COMMUNITY#cm-hexie', gsi1sk: 'CODE#ROOM#x' })).toString('base64url'),
    ]) {
      const res = await call('GET', `/communities/cm-xingfu/codes?cursor=${forged}`, { token: admin.token });
      expect([res.status, res.body.error.fields[0].path]).toEqual([400, 'cursor']);
    }
  });

  it('gives a community and buildings without codes theirs while listing, a page at a time', async () => {
    const cid = `cm-page-${randomUUID().slice(0, 8)}`;
    const buildings = [1, 2, 3].map((n) => ({ id: `${cid}-bd-${n}`, communityId: cid, gridId: `${cid}-gd`, estate: '分页小区', name: `${n} 栋` }));
    const tree = { streets: [], grids: [], buildings, communities: [{ id: cid, streetId: 'st-hongxing', streetName: '红星街道', name: '分页社区', address: '测试路 1 号', gridCount: 1, buildingCount: 3 }] };
    for (const item of orgItems(tree as never)) await ddb().send(new PutCommand({ TableName: tableName(), Item: item }));
    const principal = { userId: 'u-page', roles: { resident: true as const, member: false, staffStationIds: [], adminCommunityIds: [cid] }, user: {} as never };
    const read = async () => {
      const out: { kind: string; targetId: string; token: string; label: string; shortCode?: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await communityCodes(principal, cid, { limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    const first = await read();
    expect(first.map((c) => `${c.kind}:${c.targetId}`)).toEqual([`community:${cid}`, ...buildings.map((b) => `building:${b.id}`)]);
    expect(first[1].label).toBe('分页社区 · 分页小区 1 栋');
    for (const c of first) expect(c.shortCode).toMatch(/^[A-Z0-9]{8}$/);
    expect((await read()).map((c) => c.token)).toEqual(first.map((c) => c.token));
    const resolved = await call('GET', `/codes/${first[3].token}`);
    expect([resolved.status, resolved.body.targetId]).toEqual([200, buildings[2].id]);
  });

  it('rotation by the admin: the old token then answers 410 CODE_ROTATED “该二维码已更新，请扫描新码”', async () => {
    const target = `rm-api-${randomUUID().slice(0, 8)}`;
    const token = `api${randomUUID().replace(/-/g, '').slice(0, 19)}`;
    await ensureCode('room', target, 'cm-xingfu', '测试房间', token);
    expect((await call('POST', `/codes/${token}/rotate`)).status).toBe(401);
    expect((await call('POST', `/codes/${token}/rotate`, { token: staff.token })).status).toBe(403);
    const res = await call('POST', `/codes/${token}/rotate`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.previous).toBe(token);
    expect(res.body.code.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const old = await call('GET', `/codes/${token}`);
    expect([old.status, old.body.error.code, old.body.error.message]).toEqual([410, 'CODE_ROTATED', '该二维码已更新，请扫描新码']);
    expect((await call('GET', `/codes/${res.body.code.token}`)).body.targetId).toBe(target);
    expect((await call('POST', `/codes/${token}/rotate`, { token: admin.token })).status).toBe(410);
  });
});

describe('members over HTTP: apply → confirm → report in → staff confirms → posts → consents → reveal → withdraw', () => {
  const phone = `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  let m: { token: string; userId: string };

  it('the whole journey, with consent gating at each step', async () => {
    m = await login(`api-member-${Date.now()}`);
    const bad = await call('POST', '/members/apply', { token: m.token, body: { communityId: 'cm-xingfu', name: '周', branch: '某', phone: '123' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['name', 'branch', 'phone']));

    const applied = await call('POST', '/members/apply', { token: m.token, body: { communityId: 'cm-xingfu', name: '周志明', branch: '市第一中学党支部', phone } });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ status: 'pending', consents: { showOnBuilding: false, phoneVisible: false } });

    // Reporting in before being confirmed is refused.
    const early = await call('POST', '/report-ins', { token: m.token, body: { communityCode: XINGFU, buildingId: 'bd-xingfu-2', availableTimes: ['周末'] } });
    expect(early.status).toBe(403);

    expect((await call('POST', `/members/${m.userId}/review`, { token: staff.token, body: { decision: 'confirm' } })).status).toBe(403);
    const list = await call('GET', '/communities/cm-xingfu/member-applications', { token: admin.token });
    expect(list.body.items).toContainEqual(expect.objectContaining({ userId: m.userId, name: '周志明', phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}` }));
    const confirmed = await call('POST', `/members/${m.userId}/review`, { token: admin.token, body: { decision: 'confirm' } });
    expect([confirmed.status, confirmed.body.status]).toEqual([200, 'confirmed']);
    expect((await call('GET', '/me', { token: m.token })).body.roleNames).toContain('member');

    const wrongBuilding = await call('POST', '/report-ins', { token: m.token, body: { communityCode: HEXIE, buildingId: 'bd-xingfu-2', availableTimes: ['周末'] } });
    expect([wrongBuilding.status, wrongBuilding.body.error.code]).toEqual([422, 'BUILDING_NOT_IN_COMMUNITY']);
    const buildingCode = await call('POST', '/report-ins', { token: m.token, body: { communityCode: code('bd-xingfu-2'), buildingId: 'bd-xingfu-2', availableTimes: ['周末'] } });
    expect([buildingCode.status, buildingCode.body.error.message]).toEqual([422, '请扫描社区二维码']);
    const reported = await call('POST', '/report-ins', { token: m.token, body: { communityCode: XINGFU, buildingId: 'bd-xingfu-2', skills: ['书法'], availableTimes: ['周末'] } });
    expect([reported.status, reported.body.status]).toEqual([201, 'pending']);

    expect((await call('POST', '/members/me/posts', { token: m.token, body: { post: '社情民意联络员' } })).status).toBe(422);
    expect((await call('GET', '/communities/cm-xingfu/report-ins', { token: resident.token })).status).toBe(403);
    const pending = await call('GET', '/communities/cm-xingfu/report-ins', { token: staff.token });
    expect(pending.body.items).toContainEqual(expect.objectContaining({ userId: m.userId, buildingId: 'bd-xingfu-2', skills: ['书法'] }));
    const ok = await call('POST', `/report-ins/${m.userId}/review`, { token: staff.token, body: { decision: 'confirm' } });
    expect([ok.status, ok.body.status]).toEqual([200, 'confirmed']);

    expect((await call('POST', '/members/me/posts', { token: m.token, body: { post: '社情民意联络员' } })).status).toBe(200);
    const two = await call('POST', '/members/me/posts', { token: m.token, body: { post: '文明创建示范员' } });
    expect(two.body.posts).toEqual(['社情民意联络员', '文明创建示范员']);
    const three = await call('POST', '/members/me/posts', { token: m.token, body: { post: '治安巡逻处置员' } });
    expect([three.status, three.body.error.code]).toEqual([422, 'TOO_MANY_POSTS']);
    expect((await call('POST', '/members/me/posts', { token: m.token, body: { post: '不存在的岗位' } })).status).toBe(400);

    // Confirmed and holding posts, but no opt-in yet: appears nowhere.
    const page2 = `/buildings/bd-xingfu-2?code=${code('bd-xingfu-2')}`;
    expect(JSON.stringify((await call('GET', page2)).body)).not.toContain(m.userId);
    const posts = await call('GET', '/communities/cm-xingfu/posts');
    expect(posts.body.items).toHaveLength(8);
    expect(JSON.stringify(posts.body)).not.toContain(m.userId);
    expect((await call('POST', `/members/${m.userId}/reveal`, { token: resident.token })).status).toBe(404);

    // Shown, phone still private.
    await call('PUT', '/members/me/consents', { token: m.token, body: { showOnBuilding: true, phoneVisible: false } });
    const shown = (await call('GET', page2)).body.members.find((x: { userId: string }) => x.userId === m.userId);
    expect(shown).toEqual({ userId: m.userId, name: '周志明', branch: '市第一中学党支部', posts: ['社情民意联络员', '文明创建示范员'], canReveal: false });
    expect((await call('GET', '/communities/cm-xingfu/posts')).body.items.find((p: { post: string }) => p.post === '社情民意联络员').shownHolders).toContainEqual({ userId: m.userId, name: '周志明' });
    expect((await call('POST', `/members/${m.userId}/reveal`, { token: resident.token })).status).toBe(404);

    // Phone allowed: masked on the page; a logged-in resident reveals it.
    await call('PUT', '/members/me/consents', { token: m.token, body: { showOnBuilding: true, phoneVisible: true } });
    const card = (await call('GET', page2)).body.members.find((x: { userId: string }) => x.userId === m.userId);
    expect(card.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect((await call('POST', `/members/${m.userId}/reveal`)).status).toBe(401);
    const revealed = await call('POST', `/members/${m.userId}/reveal`, { token: resident.token });
    expect(revealed.status).toBe(200);
    expect(revealed.body).toMatchObject({ userId: m.userId, name: '周志明', phone });

    // Export: everything of the user, including who saw their number.
    const exp = await call('GET', '/me/export', { token: m.token });
    expect(exp.body.memberProfile).toMatchObject({ phone, status: 'confirmed' });
    expect(exp.body.reportIn).toMatchObject({ buildingId: 'bd-xingfu-2' });
    expect(exp.body.revealsOfMe).toContainEqual(expect.objectContaining({ viewerId: resident.userId, memberId: m.userId }));
    const viewerExport = await call('GET', '/me/export', { token: resident.token });
    expect(viewerExport.body.revealsMade).toContainEqual(expect.objectContaining({ viewerId: resident.userId, memberId: m.userId }));

    // Admin releases a post.
    expect((await call('POST', '/communities/cm-xingfu/posts/release', { token: staff.token, body: { userId: m.userId, post: '文明创建示范员' } })).status).toBe(403);
    const released = await call('POST', '/communities/cm-xingfu/posts/release', { token: admin.token, body: { userId: m.userId, post: '文明创建示范员' } });
    expect([released.status, released.body.posts]).toEqual([200, ['社情民意联络员']]);

    // Withdraw: gone from the page, profile gone, role cleared.
    expect((await call('DELETE', '/members/me', { token: m.token })).status).toBe(200);
    expect(JSON.stringify((await call('GET', page2)).body)).not.toContain(m.userId);
    expect((await call('GET', '/members/me', { token: m.token })).body).toEqual({ profile: null, reportIn: null });
    expect((await call('GET', '/me', { token: m.token })).body.roleNames).not.toContain('member');
    expect((await call('POST', `/members/${m.userId}/reveal`, { token: resident.token })).status).toBe(404);
  });

  it('limits reveals per viewer per day: 10, then 429 with a Chinese message', async () => {
    const viewer = await login(`api-reveal-${Date.now()}`);
    // The count is per Shanghai day: calls that straddle its midnight (16:00 UTC) would start over.
    const toMidnight = 86_400_000 - ((Date.now() + 8 * 3_600_000) % 86_400_000);
    if (toMidnight < 30_000) await new Promise((r) => setTimeout(r, toMidnight + 1000));
    for (let i = 0; i < 10; i++) {
      const res = await call('POST', '/members/u-demo-member/reveal', { token: viewer.token });
      expect([res.status, res.body.remainingToday]).toEqual([200, 9 - i]);
    }
    const over = await call('POST', '/members/u-demo-member/reveal', { token: viewer.token });
    expect([over.status, over.body.error.code, over.body.error.message]).toEqual([429, 'REVEAL_LIMIT', '每天最多查看 10 个电话号码，请明天再试']);
  });

  afterAll(() => {
    // Consent sweep over every response above: a full member number only ever reaches the
    // member themself or a viewer through POST …/reveal.
    const owners: Record<string, string> = { [DEMO_MEMBER_PHONE]: 'u-demo-member', [phone]: m?.userId ?? '' };
    const leaks = seen.filter((r) =>
      Object.entries(owners).some(([p, owner]) => r.text.includes(p) && r.viewer !== owner && !(r.path.endsWith('/reveal') && r.status === 200)),
    );
    expect(leaks.map((l) => `${l.method} ${l.path} → ${l.viewer}`)).toEqual([]);
    // And no grid worker number in full, anywhere.
    expect(seen.filter((r) => /1380000100\d/.test(r.text)).map((r) => r.path)).toEqual([]);
    expect(seen.length).toBeGreaterThan(40);
  });
});
