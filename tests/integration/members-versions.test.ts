/**
 * Lost updates in the member domain (issue #14, defect 6) and the reveal audit staying out
 * of member operations, on DynamoDB Local. The races are made deterministic: a middleware
 * on the app's DynamoDB client lets the member's own change land right after the
 * reviewer's read, i.e. inside the reviewer's read-modify-write.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_CODES } from '../../functions/src/demo/data';
import { ddb } from '../../functions/src/lib/dynamo';
import type { Principal } from '../../functions/src/lib/authorize';
import { apply, claimPost, communityPosts, myMember, reportIn, reviewMember, reviewReportIn, seedMember, setConsents } from '../../functions/src/members/domain';
import { revealPhone } from '../../functions/src/members/privacy';
import { readMember } from '../../functions/src/members/storage';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';

beforeAll(useStackTable);

const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const as = (userId: string, roles: Partial<Roles> = {}): Principal => {
  const full = { ...plain, ...roles };
  return { userId, roles: full, user: { id: userId, nickname: userId, roles: full, createdAt: '2026-11-23T00:00:00+08:00' } };
};
const admin = as('u-demo-admin', { member: true, adminCommunityIds: ['cm-xingfu'] });
const XINGFU = DEMO_CODES.find((c) => c.targetId === 'cm-xingfu')!.token;

/**
 * Runs `fn`; the first time the app reads (GetItem or Query) anything of `MEMBER#<userId>`
 * after that, `meanwhile` runs to completion before the read's answer is handed back.
 */
async function interleave<T>(userId: string, fn: () => Promise<T>, meanwhile: () => Promise<unknown>): Promise<PromiseSettledResult<T>> {
  let fired = false;
  const name = `interleave-${randomUUID()}`;
  ddb().middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const read = ['GetCommand', 'QueryCommand'].includes(String(context.commandName));
      if (!fired && read && JSON.stringify(args.input).includes(`MEMBER#${userId}"`)) {
        fired = true;
        await meanwhile();
      }
      return out;
    },
    { step: 'initialize', name },
  );
  try {
    const [result] = await Promise.allSettled([fn()]);
    expect(fired).toBe(true);
    return result;
  } finally {
    ddb().middlewareStack.remove(name);
  }
}

/** Every item the app's DynamoDB client receives while `fn` runs. */
async function itemsRead<T>(fn: () => Promise<T>): Promise<{ value: T; sortKeys: string[] }> {
  const sortKeys: string[] = [];
  const name = `items-${randomUUID()}`;
  ddb().middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const output = out.output as { Items?: { sk?: unknown }[]; Item?: { sk?: unknown } };
      for (const item of output.Items ?? []) sortKeys.push(String(item.sk));
      if (output.Item) sortKeys.push(String(output.Item.sk));
      return out;
    },
    { step: 'initialize', name },
  );
  try {
    return { value: await fn(), sortKeys };
  } finally {
    ddb().middlewareStack.remove(name);
  }
}

async function confirmedMember(reportInStatus: 'pending' | 'confirmed', extra: { show?: boolean; phone?: boolean } = {}) {
  const userId = `u-ver-${randomUUID().slice(0, 8)}`;
  await seedMember(
    { userId, communityId: 'cm-xingfu', name: '版本测试', branch: '测试支部', phone: '13711112222', status: 'confirmed', consents: { showOnBuilding: extra.show ?? false, phoneVisible: extra.phone ?? false }, appliedAt: '2026-01-01T00:00:00+08:00' },
    { userId, communityId: 'cm-xingfu', buildingId: 'bd-xingfu-3', skills: ['旧特长'], availableTimes: ['周末'], status: reportInStatus, posts: [], reportedAt: '2026-01-01T00:00:00+08:00' },
  );
  return userId;
}

describe('lost updates: a review never replaces what the member sent meanwhile', () => {
  it('a report-in sent while staff review the older one stays, pending; the review answers 409', async () => {
    const userId = await confirmedMember('pending');
    const result = await interleave(
      userId,
      () => reviewReportIn(admin, userId, { decision: 'confirm' }),
      () => reportIn(as(userId, { member: true }), { communityCode: XINGFU, buildingId: 'bd-xingfu-4', skills: ['新特长'], availableTimes: ['工作日晚上'] }),
    );
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'CONFLICT' });
    const { reportIn: stored } = await readMember(userId);
    expect(stored).toMatchObject({ status: 'pending', buildingId: 'bd-xingfu-4', skills: ['新特长'] });
  });

  it('an application changed while the admin reviews the older one stays, pending; the review answers 409', async () => {
    const userId = `u-ver-${randomUUID().slice(0, 8)}`;
    const member = as(userId);
    await apply(member, { communityId: 'cm-xingfu', name: '旧名字', branch: '旧支部', phone: '13711113333' });
    const result = await interleave(
      userId,
      () => reviewMember(admin, userId, { decision: 'confirm' }),
      () => apply(member, { communityId: 'cm-xingfu', name: '新名字', branch: '新支部', phone: '13711114444' }),
    );
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'CONFLICT' });
    const { profile } = await readMember(userId);
    expect(profile).toMatchObject({ status: 'pending', name: '新名字', phone: '13711114444' });
  });

  it('a review naming the version the admin saw is refused once the member changed the application', async () => {
    const userId = `u-ver-${randomUUID().slice(0, 8)}`;
    const member = as(userId);
    await apply(member, { communityId: 'cm-xingfu', name: '第一次', branch: '支部', phone: '13711115555' });
    const seen = (await readMember(userId)).profile!.version!;
    await apply(member, { communityId: 'cm-xingfu', name: '第二次', branch: '支部', phone: '13711115555' });
    await expect(reviewMember(admin, userId, { decision: 'confirm', version: seen })).rejects.toMatchObject({ status: 409, code: 'CONFLICT' });
    await expect(reviewMember(admin, userId, { decision: 'confirm', version: seen + 1 })).resolves.toMatchObject({ status: 'confirmed', name: '第二次' });
  });

  it('every write moves the version by one', async () => {
    const userId = await confirmedMember('confirmed');
    const v0 = (await readMember(userId)).profile!.version!;
    await setConsents(as(userId, { member: true }), { showOnBuilding: true, phoneVisible: false });
    await setConsents(as(userId, { member: true }), { showOnBuilding: false, phoneVisible: false });
    expect((await readMember(userId)).profile!.version).toBe(v0 + 2);
  });
});

describe('the reveal audit is read only where it is listed', () => {
  it('member operations and reveals read the profile and report-in, never the REVEAL# entries', async () => {
    const userId = await confirmedMember('confirmed', { show: true, phone: true });
    for (let i = 0; i < 3; i++) await revealPhone(as(`u-viewer-${randomUUID()}`), userId);
    const member = as(userId, { member: true });
    const { sortKeys } = await itemsRead(async () => {
      await myMember(member);
      await setConsents(member, { showOnBuilding: true, phoneVisible: true });
      await claimPost(member, '卫生环境整治员');
      await revealPhone(as(`u-viewer-${randomUUID()}`), userId);
    });
    expect(sortKeys).toContain('PROFILE');
    expect(sortKeys.filter((sk) => sk.startsWith('REVEAL#'))).toEqual([]);
  });
});

describe('posts 认岗: counters and shown holders kept with the member', () => {
  it('an unknown community is 404', async () => {
    await expect(communityPosts(`cm-nope-${randomUUID().slice(0, 6)}`)).rejects.toMatchObject({ status: 404 });
  });

  it('holderCount counts every confirmed holder; only those shown are named', async () => {
    const post = '爱心帮扶解困员';
    const before = (await communityPosts('cm-xingfu')).items.find((p) => p.post === post)!;
    const shown = await confirmedMember('confirmed', { show: true });
    const hidden = await confirmedMember('confirmed', { show: false });
    await claimPost(as(shown, { member: true }), post);
    await claimPost(as(hidden, { member: true }), post);
    const after = (await communityPosts('cm-xingfu')).items.find((p) => p.post === post)!;
    expect(after.holderCount).toBe(before.holderCount + 2);
    const names = JSON.stringify(after);
    expect(names).toContain(shown);
    expect(names).not.toContain(hidden);
    // Hiding takes the name off the list at once; the count stays.
    await setConsents(as(shown, { member: true }), { showOnBuilding: false, phoneVisible: false });
    const hiddenNow = (await communityPosts('cm-xingfu')).items.find((p) => p.post === post)!;
    expect(JSON.stringify(hiddenNow)).not.toContain(shown);
    expect(hiddenNow.holderCount).toBe(before.holderCount + 2);
  });

  it('members of one community claiming at the same moment all succeed (the shared counter is contention, not a conflict)', async () => {
    const post = '文明创建示范员';
    const before = (await communityPosts('cm-xingfu')).items.find((p) => p.post === post)!.holderCount;
    const members = await Promise.all(Array.from({ length: 8 }, () => confirmedMember('confirmed')));
    const results = await Promise.allSettled(members.map((userId) => claimPost(as(userId, { member: true }), post)));
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([]);
    expect((await communityPosts('cm-xingfu')).items.find((p) => p.post === post)!.holderCount).toBe(before + 8);
  });
});
