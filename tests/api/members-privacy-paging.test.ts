/**
 * Members over HTTP (issue #14 defects 4 and 5, paging; issue #13 item 12): a building card
 * never outlives or contradicts the stored consent and membership under concurrent
 * requests; every member list pages; the admin verifying an application sees the full
 * number, recorded in the applicant's audit.
 */
import { DEMO_CODES } from '../../functions/src/demo/data';
import { call, devLogin } from '../support/http';

jest.setTimeout(600_000);

const code = (targetId: string) => DEMO_CODES.find((c) => c.targetId === targetId)!.token;
const XINGFU = code('cm-xingfu');
const BUILDING = 'bd-xingfu-4';
const PAGE = `/buildings/${BUILDING}?code=${code(BUILDING)}`;
const run = Date.now().toString(36);

interface User {
  token: string;
  userId: string;
}
async function login(openid: string): Promise<User> {
  const token = await devLogin(openid);
  return { token, userId: (await call('GET', '/me', { token })).body.user.id };
}

let admin: User;
let staff: User;
beforeAll(async () => {
  admin = await login('demo-admin');
  staff = await login('demo-staff');
});

const phoneOf = (n: number) => `135${String(n).padStart(8, '0')}`;
const masked = (p: string) => `${p.slice(0, 3)}****${p.slice(-4)}`;

/** Apply → admin confirms → report in → staff confirms: a confirmed member of BUILDING, not shown yet. */
async function becomeMember(m: User, name: string, phone: string, buildingId = BUILDING): Promise<void> {
  const applied = await call('POST', '/members/apply', { token: m.token, body: { communityId: 'cm-xingfu', name, branch: '测试党支部', phone } });
  expect(applied.status).toBe(201);
  expect((await call('POST', `/members/${m.userId}/review`, { token: admin.token, body: { decision: 'confirm' } })).status).toBe(200);
  const reported = await call('POST', '/report-ins', { token: m.token, body: { communityCode: XINGFU, buildingId, availableTimes: ['周末'] } });
  expect(reported.status).toBe(201);
  expect((await call('POST', `/report-ins/${m.userId}/review`, { token: staff.token, body: { decision: 'confirm' } })).status).toBe(200);
}

/** What the public page shows of `userId` and what is stored for them must agree. */
async function assertCardAgrees(m: User): Promise<{ profile: any; card: any }> {
  const [page, mine] = await Promise.all([call('GET', PAGE), call('GET', '/members/me', { token: m.token })]);
  expect(page.status).toBe(200);
  const card = page.body.members.find((x: { userId: string }) => x.userId === m.userId);
  const profile = mine.body.profile;
  const shown = Boolean(profile && profile.status === 'confirmed' && profile.consents.showOnBuilding && mine.body.reportIn?.status === 'confirmed');
  expect({ shown, phone: shown && profile.consents.phoneVisible }).toEqual({ shown: Boolean(card), phone: Boolean(card?.phoneMasked) });
  return { profile, card };
}

describe('defect 5: the building card never outlives or contradicts consent and membership', () => {
  it('withdrawal racing consent updates, 30 rounds: after DELETE /members/me answers 200 the card is gone for good', async () => {
    const m = await login(`race-withdraw-${run}`);
    const phone = phoneOf(Date.now() % 1e8);
    for (let round = 0; round < 30; round++) {
      await becomeMember(m, '竞态党员', phone);
      expect((await call('PUT', '/members/me/consents', { token: m.token, body: { showOnBuilding: true, phoneVisible: true } })).status).toBe(200);
      const results = await Promise.all([
        call('PUT', '/members/me/consents', { token: m.token, body: { showOnBuilding: true, phoneVisible: true } }),
        call('DELETE', '/members/me', { token: m.token }),
        call('PUT', '/members/me/consents', { token: m.token, body: { showOnBuilding: true, phoneVisible: round % 2 === 0 } }),
        call('PUT', '/members/me/consents', { token: m.token, body: { showOnBuilding: true, phoneVisible: true } }),
      ]);
      expect(results[1].status).toBe(200);
      for (const r of [results[0], results[2], results[3]]) expect([200, 404]).toContain(r.status);
      const { profile, card } = await assertCardAgrees(m);
      expect(profile).toBeNull();
      expect(card).toBeUndefined();
      expect((await call('GET', '/me', { token: m.token })).body.roleNames).not.toContain('member');
    }
    // Still gone a moment later (no late write brings it back).
    await new Promise((r) => setTimeout(r, 200));
    expect(JSON.stringify((await call('GET', PAGE)).body)).not.toContain(m.userId);
  });

  it('consent toggles racing each other, 30 rounds: the card always matches the stored consent', async () => {
    const m = await login(`race-toggle-${run}`);
    const phone = phoneOf((Date.now() + 7) % 1e8);
    await becomeMember(m, '切换党员', phone);
    for (let round = 0; round < 30; round++) {
      const wishes = Array.from({ length: 5 }, (_, i) => ({ showOnBuilding: (round + i) % 3 !== 0, phoneVisible: (round * 7 + i) % 2 === 0 }));
      const results = await Promise.all(wishes.map((body) => call('PUT', '/members/me/consents', { token: m.token, body })));
      for (const r of results) expect(r.status).toBe(200);
      const { profile, card } = await assertCardAgrees(m);
      if (card?.phoneMasked) expect(card.phoneMasked).toBe(masked(phone));
      expect(wishes).toContainEqual(profile.consents);
    }
    expect((await call('DELETE', '/members/me', { token: m.token })).status).toBe(200);
  });
});

describe('defect 4 and paging of the member lists', () => {
  it('GET /communities/{id}/posts and …/posts/holders answer 404 for a community that does not exist', async () => {
    const res = await call('GET', '/communities/cm-does-not-exist/posts');
    expect([res.status, res.body.error.code, res.body.error.message]).toEqual([404, 'NOT_FOUND', '未找到该社区']);
    const holders = await call('GET', `/communities/cm-does-not-exist/posts/holders?post=${encodeURIComponent('治安巡逻处置员')}`);
    expect(holders.status).toBe(404);
  });

  it('limit 51 is refused with a field message on every member list; a broken cursor is 400', async () => {
    const member = await login('demo-member');
    const lists = [
      ['/communities/cm-xingfu/member-applications?limit=51', admin.token],
      ['/communities/cm-xingfu/report-ins?limit=51', staff.token],
      [`/communities/cm-xingfu/posts/holders?post=${encodeURIComponent('治安巡逻处置员')}&limit=51`, undefined],
      ['/members/me/reveals?limit=51', member.token],
    ] as const;
    for (const [path, token] of lists) {
      const res = await call('GET', path, { token });
      expect([path, res.status, res.body.error.fields]).toEqual([path, 400, [{ path: 'limit', message: '每页最多 50 条' }]]);
    }
    const broken = await call('GET', '/communities/cm-xingfu/report-ins?cursor=bm90LWpzb24', { token: staff.token });
    expect([broken.status, broken.body.error.fields[0].path]).toEqual([400, 'cursor']);
  });

  /** Follows `nextCursor` from page to page; returns every id seen, in order. */
  async function walk(path: string, token: string | undefined, limit: number, id: (x: any) => string): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 200; i++) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await call('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...res.body.items.map(id));
      cursor = res.body.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('paging did not end');
  }

  it('applications, report-ins, post holders and reveals page with limit and cursor, without duplicates', async () => {
    const people = await Promise.all([1, 2, 3].map((i) => login(`paging-${run}-${i}`)));
    for (const [i, p] of people.entries())
      expect((await call('POST', '/members/apply', { token: p.token, body: { communityId: 'cm-xingfu', name: `分页${'一二三'[i]}`, branch: '分页支部', phone: phoneOf(i + 1) } })).status).toBe(201);
    const apps = await walk('/communities/cm-xingfu/member-applications', admin.token, 2, (a) => a.userId);
    expect(new Set(apps).size).toBe(apps.length);
    expect(apps).toEqual(expect.arrayContaining(people.map((p) => p.userId)));

    for (const p of people) {
      expect((await call('POST', `/members/${p.userId}/review`, { token: admin.token, body: { decision: 'confirm' } })).status).toBe(200);
      expect((await call('POST', '/report-ins', { token: p.token, body: { communityCode: XINGFU, buildingId: 'bd-xingfu-2', availableTimes: ['周末'] } })).status).toBe(201);
    }
    const pending = await walk('/communities/cm-xingfu/report-ins', staff.token, 2, (r) => r.userId);
    expect(new Set(pending).size).toBe(pending.length);
    expect(pending).toEqual(expect.arrayContaining(people.map((p) => p.userId)));

    const post = '民生实事督办员';
    for (const p of people) {
      expect((await call('POST', `/report-ins/${p.userId}/review`, { token: staff.token, body: { decision: 'confirm' } })).status).toBe(200);
      expect((await call('PUT', '/members/me/consents', { token: p.token, body: { showOnBuilding: true, phoneVisible: true } })).status).toBe(200);
      expect((await call('POST', '/members/me/posts', { token: p.token, body: { post } })).status).toBe(200);
    }
    const holders = await walk(`/communities/cm-xingfu/posts/holders?post=${encodeURIComponent(post)}`, undefined, 1, (h) => h.userId);
    expect(new Set(holders).size).toBe(holders.length);
    expect(holders).toEqual(expect.arrayContaining(people.map((p) => p.userId)));
    const summary = (await call('GET', '/communities/cm-xingfu/posts')).body.items.find((i: { post: string }) => i.post === post);
    expect(summary.holderCount).toBeGreaterThanOrEqual(3);

    const viewers = await Promise.all([1, 2, 3].map((i) => login(`paging-viewer-${run}-${i}`)));
    for (const v of viewers) expect((await call('POST', `/members/${people[0].userId}/reveal`, { token: v.token })).status).toBe(200);
    const reveals = await walk('/members/me/reveals', people[0].token, 2, (r) => `${r.viewerId}@${r.at}`);
    expect(reveals).toHaveLength(3);
    expect(new Set(reveals.map((r) => r.split('@')[0]))).toEqual(new Set(viewers.map((v) => v.userId)));

    for (const p of people) expect((await call('DELETE', '/members/me', { token: p.token })).status).toBe(200);
  });
});

describe('issue #13 item 12: 线下核实 shows the admin the full number, audited', () => {
  it('only the community admin gets the number; the applicant sees the check in their reveal list', async () => {
    const applicant = await login(`verify-${run}`);
    const phone = phoneOf(424242);
    expect((await call('POST', '/members/apply', { token: applicant.token, body: { communityId: 'cm-xingfu', name: '核实对象', branch: '核实支部', phone } })).status).toBe(201);
    const resident = await login('demo-resident');
    expect((await call('POST', `/members/${applicant.userId}/application-phone`, { token: resident.token })).status).toBe(403);
    expect((await call('POST', `/members/${applicant.userId}/application-phone`, { token: staff.token })).status).toBe(403);
    expect((await call('POST', `/members/${applicant.userId}/application-phone`)).status).toBe(401);
    const res = await call('POST', `/members/${applicant.userId}/application-phone`, { token: admin.token });
    expect([res.status, res.body]).toEqual([200, { userId: applicant.userId, name: '核实对象', phone }]);
    const audit = await call('GET', '/members/me/reveals', { token: applicant.token });
    expect(audit.body.items).toEqual([expect.objectContaining({ viewerId: admin.userId, memberId: applicant.userId, purpose: 'verify' })]);
    expect((await call('DELETE', '/members/me', { token: applicant.token })).status).toBe(200);
  });
});
