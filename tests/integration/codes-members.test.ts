import { randomUUID } from 'node:crypto';
import { buildingPage, ensureCode, resolveCode, rotateCode } from '../../functions/src/codes/domain';
import { loadCodesAndMembersDemo } from '../../functions/src/demo/load';
import { DEMO_CODES } from '../../functions/src/demo/data';
import { ddb } from '../../functions/src/lib/dynamo';
import type { Principal } from '../../functions/src/lib/authorize';
import { communityPosts, seedMember, REVEALS_PER_DAY } from '../../functions/src/members/domain';
import { revealPhone } from '../../functions/src/members/privacy';
import { allRevealsOfMember, revealsMadeBy } from '../../functions/src/members/storage';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';

beforeAll(useStackTable);

const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const as = (userId: string, roles: Partial<Roles> = {}): Principal => {
  const full = { ...plain, ...roles };
  return { userId, roles: full, user: { id: userId, nickname: userId, roles: full, createdAt: '2026-11-23T00:00:00+08:00' } };
};
const admin = as('u-demo-admin', { member: true, adminCommunityIds: ['cm-xingfu'] });
const B1 = DEMO_CODES.find((c) => c.targetId === 'bd-xingfu-1')!.token;

/** Counts the DynamoDB requests the app's client sends while `fn` runs (SDK middleware). */
async function countRequests<T>(fn: () => Promise<T>): Promise<{ value: T; requests: string[] }> {
  const requests: string[] = [];
  const name = `count-${randomUUID()}`;
  ddb().middlewareStack.add(
    (next, context) => async (args) => {
      requests.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { value: await fn(), requests };
  } finally {
    ddb().middlewareStack.remove(name);
  }
}

async function testMember(opts: { buildingId: string; show: boolean; phone: boolean; name?: string; posts?: ('政策法律宣传员' | '治安巡逻处置员')[] }) {
  const userId = `u-it-${randomUUID().slice(0, 8)}`;
  const phone = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await seedMember(
    { userId, communityId: 'cm-xingfu', name: opts.name ?? '测试党员', branch: '测试支部', phone, status: 'confirmed', consents: { showOnBuilding: opts.show, phoneVisible: opts.phone }, appliedAt: '2026-01-01T00:00:00+08:00' },
    { userId, communityId: 'cm-xingfu', buildingId: opts.buildingId, skills: [], availableTimes: ['周末'], status: 'confirmed', posts: opts.posts ?? [], reportedAt: '2026-01-01T00:00:00+08:00' },
  );
  return { userId, phone };
}

describe('codes on DynamoDB Local', () => {
  it('the demo has all 16 fixed codes, and loading again creates none', async () => {
    for (const c of DEMO_CODES) await expect(resolveCode(c.token)).resolves.toMatchObject({ kind: c.kind, targetId: c.targetId, active: true });
    await expect(loadCodesAndMembersDemo()).resolves.toEqual({ codesCreated: 0, memberItemsWritten: 0 });
  });

  it('the building page is ONE DynamoDB Query and shows the opted-in demo member masked', async () => {
    await buildingPage('bd-xingfu-1', B1); // the read model exists after the first call in any case
    const { value: page, requests } = await countRequests(() => buildingPage('bd-xingfu-1', B1));
    expect(requests).toEqual(['QueryCommand']);
    expect(page.members).toContainEqual(expect.objectContaining({ userId: 'u-demo-member', name: '李建国', phoneMasked: '139****5678', posts: ['政策法律宣传员'], canReveal: true }));
    expect(page.grid).toMatchObject({ workerName: '赵晓燕', workerPhoneMasked: '138****1001' });
    expect(page.stations.map((s) => s.id)).toEqual(expect.arrayContaining(['sn-xingfu-centre', 'sn-xingfu-estate']));
    expect(JSON.stringify(page)).not.toMatch(/1\d{10}/);
  });

  it('rotation: the old token answers 410 “已更新”, the new one resolves, and concurrent rotations make one winner', async () => {
    const target = `rm-it-${randomUUID().slice(0, 8)}`;
    const token = `it${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    await ensureCode('room', target, 'cm-xingfu', '测试房间', token);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => rotateCode(admin, token)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) expect([409, 410]).toContain((r as PromiseRejectedResult).reason.status);
    await expect(resolveCode(token)).rejects.toMatchObject({ status: 410, code: 'CODE_ROTATED', message: '该二维码已更新，请扫描新码' });
    const fresh = (won[0] as PromiseFulfilledResult<{ code: { token: string } }>).value.code.token;
    await expect(resolveCode(fresh)).resolves.toMatchObject({ targetId: target, active: true });
    await expect(rotateCode(as('u-x', { adminCommunityIds: ['cm-hexie'] }), fresh)).rejects.toMatchObject({ status: 403 });
  });

  it('a rotated building token no longer opens the page (410), an unknown one is 404', async () => {
    await expect(buildingPage('bd-xingfu-1', 'AAAAAAAAAAAAAAAAAAAAAA')).rejects.toMatchObject({ status: 404 });
    await expect(buildingPage('bd-xingfu-1', DEMO_CODES.find((c) => c.targetId === 'bd-xingfu-2')!.token)).rejects.toMatchObject({ status: 404 });
  });
});

describe('consent and reveals on DynamoDB Local', () => {
  it('a member who did not opt in appears neither on the page nor among post holders', async () => {
    const hidden = await testMember({ buildingId: 'bd-xingfu-3', show: false, phone: true, posts: ['治安巡逻处置员'] });
    const token = DEMO_CODES.find((c) => c.targetId === 'bd-xingfu-3')!.token;
    const page = await buildingPage('bd-xingfu-3', token);
    expect(JSON.stringify(page)).not.toContain(hidden.userId);
    const posts = await communityPosts('cm-xingfu');
    expect(JSON.stringify(posts)).not.toContain(hidden.userId);
    await expect(revealPhone(as(`u-viewer-${randomUUID()}`), hidden.userId)).rejects.toMatchObject({ status: 404 });
  });

  it('shown without the phone opt-in: no masked number, and no reveal', async () => {
    const m = await testMember({ buildingId: 'bd-it-nophone', show: true, phone: false });
    await expect(revealPhone(as(`u-viewer-${randomUUID()}`), m.userId)).rejects.toMatchObject({ status: 404 });
  });

  it(`records every reveal (who, whom, when) and allows ${REVEALS_PER_DAY} per viewer per day, even when racing`, async () => {
    const m = await testMember({ buildingId: 'bd-it-reveal', show: true, phone: true });
    const viewer = as(`u-viewer-${randomUUID()}`);
    const results = await Promise.allSettled(Array.from({ length: REVEALS_PER_DAY + 5 }, () => revealPhone(viewer, m.userId)));
    const ok = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ phone: string }>[];
    expect(ok).toHaveLength(REVEALS_PER_DAY);
    expect(ok.every((r) => r.value.phone === m.phone)).toBe(true);
    for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 429, code: 'REVEAL_LIMIT' });
    const revealsOfMe = await allRevealsOfMember(m.userId);
    expect(revealsOfMe).toHaveLength(REVEALS_PER_DAY);
    expect(revealsOfMe[0]).toMatchObject({ viewerId: viewer.userId, memberId: m.userId, at: expect.stringMatching(/\+08:00$/) });
    expect(await revealsMadeBy(viewer.userId)).toHaveLength(REVEALS_PER_DAY);
    // The next day the allowance is back.
    await expect(revealPhone(viewer, m.userId, new Date(Date.now() + 24 * 3600 * 1000))).resolves.toMatchObject({ phone: m.phone, remainingToday: REVEALS_PER_DAY - 1 });
  });
});
