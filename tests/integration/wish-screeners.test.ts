import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { reloadConfig } from '../../functions/src/lib/config';
import { deliverAudienceFanouts, SCREENERS_IN_TRANSACTION } from '../../functions/src/messages/events';
import { pendingAudienceFanouts } from '../../functions/src/messages/storage';
import { grantPut } from '../../functions/src/roles/storage';
import type { GrantRecord } from '../../functions/src/roles/model';
import * as wishes from '../../functions/src/wishes/domain';
import type { Principal } from '../../functions/src/lib/authorize';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';

/**
 * A wish posted and awaiting screening 待审核: every person who may screen it (the
 * community's admins and its stations' staff) hears of it once — the first inside the
 * posting's transaction, the rest from the audience fan-out — and a subscription message
 * waits in the outbox where the kind has a template. A community of this file's own; the
 * wishes are posted "in 2090" so no outbox sender of another suite (running at an earlier
 * "now") picks up their outbox items.
 */
const run = randomUUID().slice(0, 8);
const COMMUNITY = `cm-ws-${run}`;
const OTHER = `cm-ws-other-${run}`;
const GRID = `gd-ws-${run}`;
const BUILDING = `bd-ws-${run}`;
const STATION = `sn-ws-${run}`;
const TEMPLATE = `tmpl-wish-${run}`;
const T0 = new Date(Date.UTC(2090, 0, 1) + Math.floor(Math.random() * 300) * 86_400_000);

const admins = [principal({ adminCommunityIds: [COMMUNITY] }, '社区书记'), principal({ adminCommunityIds: [COMMUNITY] }, '社区主任')];
const stationStaff = Array.from({ length: SCREENERS_IN_TRANSACTION + 5 }, () => principal({ staffStationIds: [STATION] }));
/** Admin of the community and staff of its station: two grants, one message. */
const both = principal({ adminCommunityIds: [COMMUNITY], staffStationIds: [STATION] }, '身兼两职');
const gridWorker = principal({ gridIds: [GRID] }, '网格员');
const otherAdmin = principal({ adminCommunityIds: [OTHER] }, '别的社区');
const screeners = [...admins, ...stationStaff, both];

function grant(p: Principal, role: GrantRecord['role'], scopeId: string, communityId = COMMUNITY): GrantRecord {
  return { userId: p.userId, role, scopeId, scopeName: scopeId, holder: `COMMUNITY#${communityId}`, communityId, name: p.user.nickname, grantedAt: T0.toISOString(), grantedBy: 'test' };
}

beforeAll(async () => {
  useStackTable();
  process.env.SUBSCRIBE_TEMPLATES = JSON.stringify([{ id: TEMPLATE, kinds: ['wish_submitted'], keywords: [{ name: 'thing1', type: 'thing', from: 'title' }, { name: 'time2', type: 'time', from: 'createdAt' }] }]);
  reloadConfig();
  const put = (Item: Record<string, unknown>) => ddb().send(new PutCommand({ TableName: tableName(), Item }));
  await put({ ...keys.community(COMMUNITY), entity: 'Community', id: COMMUNITY, name: '心愿审核测试社区', streetId: 'st-none' });
  await put({ ...keys.building(BUILDING), entity: 'Building', id: BUILDING, communityId: COMMUNITY, gridId: GRID, estate: '审核家园', name: '1 栋' });
  const grants = [
    ...admins.map((p) => grant(p, 'admin', COMMUNITY)),
    ...stationStaff.map((p) => grant(p, 'staff', STATION)),
    grant(both, 'admin', COMMUNITY),
    grant(both, 'staff', STATION),
    grant(gridWorker, 'gridWorker', GRID),
    grant(otherAdmin, 'admin', OTHER, OTHER),
  ];
  for (const g of grants) await put(grantPut(g).Put!.Item!);
}, 60_000);

afterAll(() => {
  delete process.env.SUBSCRIBE_TEMPLATES;
  reloadConfig();
});

async function inbox(userId: string, wishId: string) {
  const res = await ddb().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)', ExpressionAttributeValues: { ':p': keys.inboxPartition(userId), ':m': 'MSG#' }, ConsistentRead: true }),
  );
  return (res.Items ?? []).filter((m) => m.kind === 'wish_submitted' && m.onceKey === `wish-submitted#${wishId}`);
}

/** The outbox items due at the posting time (the messages' createdAt), of this template. */
async function outboxAt(at: Date) {
  const from = `DUE#${String(at.getTime()).padStart(13, '0')}#`;
  const res = await ddb().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': keys.outboxPending(0, '').pk, ':s': from }, ConsistentRead: true }),
  );
  return (res.Items ?? []).filter((i) => i.templateId === TEMPLATE);
}

const input = (title: string, forSelf = true) => ({
  communityId: COMMUNITY,
  buildingId: BUILDING,
  kind: 'goods' as const,
  title,
  reason: '独居老人，想每天听听戏曲和新闻',
  value: 8_000,
  photos: [] as string[],
  forSelf,
  beneficiary: { name: '王秀英', phone: '13912345678', address: '3 单元 402 室' },
});

const pending = async (wishId: string) => (await pendingAudienceFanouts(100)).filter((f) => f.event === `wish-submitted#${wishId}`);
async function drain(wishId: string) {
  for (let i = 0; i < 10 && (await pending(wishId)).length > 0; i++) {
    await Promise.all([deliverAudienceFanouts(Date.now() + 60_000, 3), deliverAudienceFanouts(Date.now() + 60_000, 3)]);
  }
  expect(await pending(wishId)).toEqual([]);
}

describe('wishes: staff hear a wish awaits screening', () => {
  it('every admin and station staff member of the community, once each (also who holds both roles); not grid workers, other communities or the poster', async () => {
    const poster = principal({}, '王阿姨');
    const wish = await wishes.createWish(input(`一台收音机 ${run}`) as never, poster, T0);
    expect(wish.status).toBe('submitted');
    // The first inside the posting's transaction; the rest wait on the fan-out.
    const first = await Promise.all(screeners.map(async (p) => (await inbox(p.userId, wish.id)).length));
    expect(first.filter((n) => n === 1).length).toBeGreaterThan(0);
    expect(first.filter((n) => n === 0).length).toBeGreaterThan(0);
    expect(await pending(wish.id)).toHaveLength(1);
    await drain(wish.id);
    await Promise.all([deliverAudienceFanouts(Date.now() + 60_000, 3), deliverAudienceFanouts(Date.now() + 60_000, 3)]);

    const told = await Promise.all(screeners.map(async (p) => await inbox(p.userId, wish.id)));
    expect(told.map((ms) => ms.length)).toEqual(screeners.map(() => 1));
    expect(told[0][0]).toMatchObject({ title: '新的微心愿待审核', body: `审核家园 1 栋：「一台收音机 ${run}」，审核通过后将在心愿墙公开`, link: `/packages/wishes/pages/screening/index?communityId=${COMMUNITY}` });
    for (const p of [gridWorker, otherAdmin, poster]) expect(await inbox(p.userId, wish.id)).toEqual([]);
    // A subscription message waits for each screener (the kind has a template here).
    const outbox = await outboxAt(T0);
    expect(new Set(outbox.filter((o) => screeners.some((p) => p.userId === o.userId)).map((o) => o.userId)).size).toBe(screeners.length);
    expect(outbox.filter((o) => [gridWorker, otherAdmin, poster].some((p) => p.userId === o.userId))).toEqual([]);
  }, 120_000);

  it('an admin posting on someone\'s behalf is not told of their own wish; the others are', async () => {
    const at = new Date(T0.getTime() + 3600_000);
    const wish = await wishes.createWish(input(`助行器 ${run}`, false) as never, admins[0], at);
    await drain(wish.id);
    expect(await inbox(admins[0].userId, wish.id)).toEqual([]);
    expect((await Promise.all(screeners.slice(1).map((p) => inbox(p.userId, wish.id)))).map((ms) => ms.length)).toEqual(screeners.slice(1).map(() => 1));
  }, 120_000);
});
