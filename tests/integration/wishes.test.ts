import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as wishes from '../../functions/src/wishes/domain';
import { getWish } from '../../functions/src/wishes/storage';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import type { Principal } from '../../functions/src/lib/authorize';
import { createUpload } from '../../functions/src/uploads/tickets';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';
import { pngBytes, postToBucket } from '../support/uploads';

beforeAll(useStackTable);

/**
 * Wishes on DynamoDB Local, in a community of their own. Every step runs at a time in 2020
 * (`T0`), so the job's runs here (at T0 + days) only ever reach wishes of this file, never
 * those of the API tests running at today's date.
 */
const run = Date.now().toString(36);
const T0 = new Date(Date.UTC(2020, 0, 1) + (Date.now() % 1000) * 60_000);
const after = (days: number, base = T0) => new Date(base.getTime() + days * 86_400_000);
const COMMUNITY = `cm-wi-${run}`;
const GRID = `gd-wi-${run}`;
const B1 = `bd-wi-${run}-1`;
const B2 = `bd-wi-${run}-2`;

const admin = principal({ adminCommunityIds: [COMMUNITY] }, '社区书记');
const gridWorker = principal({ gridIds: [GRID] }, '网格员小周');
const poster = principal({}, '王阿姨');
const member = principal({ member: true }, '李党员');

async function put(item: Record<string, unknown>) {
  await ddb().send(new PutCommand({ TableName: tableName(), Item: item }));
}

beforeAll(async () => {
  await put({ ...keys.community(COMMUNITY), entity: 'Community', id: COMMUNITY, name: '心愿测试社区', streetId: 'st-none' });
  await put({ ...keys.building(B1), entity: 'Building', id: B1, communityId: COMMUNITY, gridId: GRID, estate: '心愿家园', name: '1 栋' });
  await put({ ...keys.building(B2), entity: 'Building', id: B2, communityId: COMMUNITY, gridId: GRID, estate: '心愿家园', name: '2 栋' });
});

const beneficiary = { name: '王秀英', phone: '13912345678', address: '3 单元 402 室' };
const input = (over: Record<string, unknown> = {}) => ({
  communityId: COMMUNITY,
  buildingId: B1,
  kind: 'goods' as const,
  title: `一台收音机 ${run}`,
  reason: '独居老人，想每天听听戏曲和新闻',
  value: 12_000,
  photos: [] as string[],
  forSelf: true,
  beneficiary,
  ...over,
});

let made = 0;
async function openWish(by: Principal = poster, over: Record<string, unknown> = {}, now = T0) {
  const w = await wishes.createWish(input({ title: `心愿 ${run}-${++made}`, ...over }) as never, by, now);
  return wishes.approveWish(w.id, undefined, admin, now);
}

async function inbox(userId: string, kind: string) {
  const res = await ddb().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)', ExpressionAttributeValues: { ':p': keys.inboxPartition(userId), ':m': 'MSG#' }, ConsistentRead: true }),
  );
  return (res.Items ?? []).filter((m) => m.kind === kind);
}

async function photoOf(p: Principal): Promise<string> {
  const image = pngBytes();
  const ticket = await createUpload(p, { purpose: 'wish', contentType: 'image/png', bytes: image.length });
  await postToBucket(ticket, image, 'image/png');
  return ticket.key;
}

describe('posting and screening', () => {
  it('a resident posts for themself; it waits for screening, then the wall shows it masked', async () => {
    const created = await wishes.createWish(input() as never, poster, T0);
    expect(created).toMatchObject({ status: 'submitted', version: 0, buildingLabel: '心愿家园 1 栋', beneficiary, viewer: { poster: true, beneficiary: true } });
    // Not on the wall, not visible to others, in the staff queue.
    expect((await wishes.wall({ communityId: COMMUNITY, limit: 50 } as never)).items.map((w) => w.id)).not.toContain(created.id);
    await expect(wishes.getWish(created.id, member)).rejects.toMatchObject({ status: 404 });
    expect((await wishes.screeningQueue(COMMUNITY, admin, { limit: 50 })).items.map((w) => w.id)).toContain(created.id);
    await expect(wishes.screeningQueue(COMMUNITY, member, { limit: 50 })).rejects.toMatchObject({ status: 403 });

    const open = await wishes.approveWish(created.id, 0, admin, T0);
    expect(open).toMatchObject({ status: 'open', version: 1 });
    const wall = await wishes.wall({ communityId: COMMUNITY, limit: 50 } as never);
    const shown = wall.items.find((w) => w.id === created.id)!;
    expect(shown.buildingLabel).toBe('心愿家园 1 栋');
    expect(JSON.stringify(wall)).not.toMatch(/王秀英|13912345678|402/);
  });

  it('staff and grid workers post on someone’s behalf; a plain resident may not', async () => {
    await expect(wishes.createWish(input({ forSelf: false }) as never, member, T0)).rejects.toMatchObject({ status: 403 });
    const byGrid = await wishes.createWish(input({ forSelf: false }) as never, gridWorker, T0);
    expect(byGrid).toMatchObject({ status: 'submitted', viewer: { poster: true, beneficiary: false, staff: true } });
    // The grid worker may not screen it; the admin does.
    await expect(wishes.approveWish(byGrid.id, undefined, gridWorker, T0)).rejects.toMatchObject({ status: 403 });
    expect((await wishes.approveWish(byGrid.id, undefined, admin, T0)).status).toBe('open');
  });

  it('refuses a building of another community and money in words (422 with the field)', async () => {
    await expect(wishes.createWish(input({ buildingId: 'bd-xingfu-1' }) as never, poster, T0)).rejects.toMatchObject({ status: 422, fields: [{ path: 'buildingId' }] });
    await expect(wishes.createWish(input({ title: '需要一些现金' }) as never, poster, T0)).rejects.toMatchObject({ status: 422, code: 'MONEY_NOT_ALLOWED' });
  });
});

describe('claiming', () => {
  it('twenty claims racing: exactly one wins, the others hear it was taken; the poster hears once', async () => {
    const w = await openWish();
    const claimers = Array.from({ length: 20 }, (_, i) => principal({ member: i % 2 === 0 }, `认领人${i}`));
    const results = await Promise.allSettled(claimers.map((c) => wishes.claimWish(w.id, { version: w.version }, c, T0)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    const stored = (await getWish(w.id))!;
    expect(stored).toMatchObject({ status: 'claimed', version: w.version + 1 });
    expect(claimers.filter((c) => c.userId === stored.claimantId)).toHaveLength(1);
    expect((await inbox(poster.userId, 'wish_claimed')).filter((m) => String(m.body).includes(`「${w.title}」`))).toHaveLength(1);
    // The claimant now sees the beneficiary; another resident does not.
    const winner = claimers.find((c) => c.userId === stored.claimantId)!;
    expect((await wishes.getWish(w.id, winner)).beneficiary).toEqual(beneficiary);
    expect((await wishes.getWish(w.id, claimers.find((c) => c !== winner)!)).beneficiary).toBeUndefined();
    expect((await wishes.myClaims(winner, { limit: 10 })).items.map((x) => x.id)).toEqual([w.id]);
  });

  it('a unit claims under its name; the wall shows the unit, never a person’s name', async () => {
    const w = await openWish();
    const c = await wishes.claimWish(w.id, { unitName: '区供电局党支部' }, member, T0);
    expect(c.claim).toMatchObject({ kind: 'unit', label: '区供电局党支部' });
    expect(c.claimant).toMatchObject({ kind: 'unit', unitName: '区供电局党支部', name: '李党员' });
    const pub = await wishes.getWish(w.id);
    expect(pub.claimant).toBeUndefined();
    expect(JSON.stringify(pub)).not.toContain('李党员');
  });

  it('a member sees the open wishes of the building they serve first', async () => {
    const inB2 = await openWish(poster, { buildingId: B2, title: `轮椅一台 ${run}` }, after(0.5));
    const served = principal({ member: true }, '楼栋党员');
    await put({ ...keys.reportIn(served.userId), entity: 'ReportIn', userId: served.userId, communityId: COMMUNITY, buildingId: B2, status: 'confirmed', posts: [], skills: [], availableTimes: [], reportedAt: T0.toISOString() });
    const first = await wishes.wall({ communityId: COMMUNITY, limit: 1 } as never, served);
    expect(first.items.map((w) => w.id)).toEqual([inB2.id]);
    // Paging on: the rest of the community, without the served building twice.
    const seen = [...first.items.map((w) => w.id)];
    for (let cursor = first.nextCursor; cursor; ) {
      const page = await wishes.wall({ communityId: COMMUNITY, limit: 2, cursor } as never, served);
      seen.push(...page.items.map((w) => w.id));
      cursor = page.nextCursor;
    }
    expect(seen.filter((id) => id === inB2.id)).toHaveLength(1);
    expect(seen.length).toBeGreaterThan(1);
    // A plain resident's wall is newest first, without the building preference.
    expect((await wishes.wall({ communityId: COMMUNITY, limit: 50 } as never, poster)).items.map((w) => w.id)).toContain(inB2.id);
  });
});

describe('the scheduled job, run twice at once', () => {
  it('lapses a claim past its deadline exactly once; the wish reopens and the former claimant hears once', async () => {
    const w = await openWish();
    const claimant = principal({ member: true }, '过期认领人');
    await wishes.claimWish(w.id, { days: 3 }, claimant, T0);
    const early = await wishes.sweepWishes(after(2));
    expect(early.lapsed).not.toContain(w.id);
    const [a, b] = await Promise.all([wishes.sweepWishes(after(3.1)), wishes.sweepWishes(after(3.1))]);
    expect([...a.lapsed, ...b.lapsed].filter((id) => id === w.id)).toHaveLength(1);
    const stored = (await getWish(w.id))!;
    expect(stored).toMatchObject({ status: 'open', version: w.version + 2, reopenCount: 1 });
    expect(stored.claimantId).toBeUndefined();
    expect(await inbox(claimant.userId, 'wish_lapsed')).toHaveLength(1);
    // The former claimant no longer sees the beneficiary, and the wish can be claimed again.
    expect((await wishes.getWish(w.id, claimant)).beneficiary).toBeUndefined();
    expect((await wishes.claimWish(w.id, {}, member, after(3.2))).status).toBe('claimed');
  });

  it('confirms a delivery 7 days later exactly once; the claimant hears once', async () => {
    const w = await openWish();
    const claimant = principal({}, '送达认领人');
    await wishes.claimWish(w.id, {}, claimant, T0);
    await expect(wishes.deliverWish(w.id, { note: '已送到', photos: [await photoOf(claimant)] }, member, T0)).rejects.toMatchObject({ status: 403 });
    const delivered = await wishes.deliverWish(w.id, { note: '收音机已送到王阿姨家', photos: [await photoOf(claimant)] }, claimant, after(1));
    expect(delivered).toMatchObject({ status: 'delivered', delivery: { note: '收音机已送到王阿姨家' } });
    expect((await inbox(poster.userId, 'wish_delivered')).filter((m) => String(m.body).includes(`「${w.title}」`))).toHaveLength(1);
    expect((await wishes.sweepWishes(after(7.9))).confirmed).not.toContain(w.id);
    const [a, b] = await Promise.all([wishes.sweepWishes(after(8.1)), wishes.sweepWishes(after(8.1))]);
    expect([...a.confirmed, ...b.confirmed].filter((id) => id === w.id)).toHaveLength(1);
    expect(await getWish(w.id)).toMatchObject({ status: 'confirmed', confirmedBy: 'system' });
    expect(await inbox(claimant.userId, 'wish_confirmed')).toHaveLength(1);
    // A thank-you afterwards, shown on the wish.
    const thanked = await wishes.thankWish(w.id, '谢谢好心人，每天都在听', undefined, poster, after(9));
    expect(thanked.thanks).toMatchObject({ note: '谢谢好心人，每天都在听' });
  });

  it('expires an open wish nobody claimed after 60 days, once', async () => {
    const w = await openWish();
    const [a, b] = await Promise.all([wishes.sweepWishes(after(61)), wishes.sweepWishes(after(61))]);
    expect([...a.expired, ...b.expired].filter((id) => id === w.id)).toHaveLength(1);
    expect(await getWish(w.id)).toMatchObject({ status: 'expired' });
    expect((await wishes.sweepWishes(after(62))).expired).not.toContain(w.id);
  });

  it('the beneficiary confirming while the job runs: exactly one of them confirms', async () => {
    const w = await openWish();
    const claimant = principal({}, '竞速认领人');
    await wishes.claimWish(w.id, {}, claimant, T0);
    await wishes.deliverWish(w.id, { note: '已送到', photos: [await photoOf(claimant)] }, claimant, T0);
    const [mine, job] = await Promise.allSettled([wishes.confirmWish(w.id, undefined, poster, after(8)), wishes.sweepWishes(after(8))]);
    const byJob = job.status === 'fulfilled' && job.value.confirmed.includes(w.id);
    expect([mine.status === 'fulfilled', byJob].filter(Boolean)).toHaveLength(1);
    expect(await inbox(claimant.userId, 'wish_confirmed')).toHaveLength(1);
  });
});
