import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { activeCode, communityCodes, ensureCode, resolveCode, rotateCode } from '../../functions/src/codes/domain';
import { revealGridWorker } from '../../functions/src/codes/grid-worker';
import { getCode } from '../../functions/src/codes/storage';
import { ddb, queryIndexPrefix, queryAll, tableName } from '../../functions/src/lib/dynamo';
import type { Principal } from '../../functions/src/lib/authorize';
import { keys } from '../../functions/src/lib/keys';
import { REVEALS_PER_DAY } from '../../functions/src/members/domain';
import { formatShortCode, SHORT_CODE_PATTERN } from '../../shared/src/short-code';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';

beforeAll(useStackTable);

const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const as = (userId: string, roles: Partial<Roles> = {}): Principal => {
  const full = { ...plain, ...roles };
  return { userId, roles: full, user: { id: userId, nickname: userId, roles: full, createdAt: '2026-11-23T00:00:00+08:00' } };
};
const put = (item: Record<string, unknown>) => ddb().send(new PutCommand({ TableName: tableName(), Item: item }));

/** A community of the test's own: grid (worker with a phone), building, centre station; not in the community list. */
async function ownCommunity() {
  const n = randomUUID().slice(0, 8);
  const c = { communityId: `cm-it-${n}`, gridId: `gd-it-${n}`, buildingId: `bd-it-${n}`, stationId: `sn-it-${n}`, workerPhone: '13800007777', centrePhone: '0755-2700 7777' };
  await put({ ...keys.community(c.communityId), entity: 'Community', id: c.communityId, name: '测试社区', address: '测试路 1 号' });
  await put({ ...keys.grid(c.gridId), entity: 'Grid', id: c.gridId, communityId: c.communityId, name: '测试网格', branchName: '测试支部', secretaryName: '甲', workerName: '乙', workerPhone: c.workerPhone });
  await put({ ...keys.building(c.buildingId), ...keys.communityChild(c.communityId, 'BUILDING', c.buildingId), entity: 'Building', id: c.buildingId, communityId: c.communityId, gridId: c.gridId, estate: '测试小区', name: '1 栋' });
  await put({ ...keys.station(c.stationId), ...keys.communityChild(c.communityId, 'STATION', c.stationId), entity: 'Station', id: c.stationId, communityId: c.communityId, kind: 'centre', name: '测试中心', phone: c.centrePhone });
  const admin = as(`u-it-admin-${n}`, { adminCommunityIds: [c.communityId] });
  const codes = (await communityCodes(admin, c.communityId, { limit: 50 })).items; // creates the community's and the building's codes
  const building = codes.find((x) => x.kind === 'building')!;
  return { ...c, admin, token: building.token, shortCode: building.shortCode! };
}

describe('short codes 海报编码', () => {
  it('every new code gets a unique 8-character code with its lookup item; typed any way, it resolves to the code', async () => {
    const { token, shortCode } = await ownCommunity();
    expect(shortCode).toMatch(SHORT_CODE_PATTERN);
    const lookup = await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.shortCode(shortCode), token: 'x' }, ConditionExpression: 'attribute_not_exists(pk)' })).catch((e) => e);
    expect(lookup.name).toBe('ConditionalCheckFailedException'); // the lookup item exists: the code is taken
    for (const typed of [shortCode, formatShortCode(shortCode), formatShortCode(shortCode).toLowerCase(), ` ${shortCode.slice(0, 4)} ${shortCode.slice(4)} `]) {
      await expect(resolveCode(typed)).resolves.toMatchObject({ token, kind: 'building', shortCode });
    }
    await expect(resolveCode('2345-6789')).rejects.toMatchObject({ status: 404 });
    await expect(resolveCode('IIII-OOOO')).rejects.toMatchObject({ status: 404 });
  });

  it('rotation gives a new short code in the same transaction; the old one answers 410 with the community to call', async () => {
    const c = await ownCommunity();
    const { code: fresh } = await rotateCode(c.admin, c.token);
    expect(fresh.shortCode).toMatch(SHORT_CODE_PATTERN);
    expect(fresh.shortCode).not.toBe(c.shortCode);
    await expect(resolveCode(fresh.shortCode!)).resolves.toMatchObject({ token: fresh.token });
    const err = await resolveCode(c.shortCode).catch((e) => e);
    expect(err).toMatchObject({ status: 410, code: 'CODE_ROTATED', details: { communityId: c.communityId, communityName: '测试社区', phone: c.centrePhone } });
    await expect(activeCode(c.token)).rejects.toMatchObject({ status: 410, details: expect.objectContaining({ phone: c.centrePhone }) });
  });

  it('a code stored before short codes existed gets one when the admin lists the codes', async () => {
    const c = await ownCommunity();
    const token = `legacy${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await ensureCode('room', `rm-it-${randomUUID().slice(0, 8)}`, c.communityId, '测试房间', token);
    // Strip it, as an old record would be.
    const old = (await getCode(token))!;
    const bare: Partial<typeof old> = { ...old };
    delete bare.shortCode;
    await put({ ...keys.code(token), entity: 'Code', ...bare });
    const pointer = { token, kind: old.kind, targetId: old.targetId, communityId: old.communityId, label: old.label, createdAt: old.createdAt };
    await put({ ...keys.currentCode('room', old.targetId), ...keys.communityCode(c.communityId, 'room', old.targetId), entity: 'CurrentCode', ...pointer });
    expect((await getCode(token))!.shortCode).toBeUndefined();
    const listed = (await communityCodes(c.admin, c.communityId, { limit: 50 })).items.find((x) => x.token === token)!;
    expect(listed.shortCode).toMatch(SHORT_CODE_PATTERN);
    expect((await getCode(token))!.shortCode).toBe(listed.shortCode);
    await expect(resolveCode(listed.shortCode!)).resolves.toMatchObject({ token });
  });
});

describe('联系网格员 grid worker reveal', () => {
  it('needs the building’s current code; reveals the number, audited, on the same daily allowance as members', async () => {
    const c = await ownCommunity();
    const viewer = as(`u-it-viewer-${randomUUID().slice(0, 8)}`);
    await expect(revealGridWorker(viewer, c.buildingId, 'AAAAAAAAAAAAAAAAAAAAAA')).rejects.toMatchObject({ status: 404 });
    const res = await revealGridWorker(viewer, c.buildingId, c.token);
    expect(res).toEqual({ name: '乙', phone: c.workerPhone, remainingToday: REVEALS_PER_DAY - 1 });
    const audit = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': `GRID#${c.gridId}`, ':r': 'REVEAL#' } });
    expect(audit).toEqual([expect.objectContaining({ viewerId: viewer.userId, gridId: c.gridId, buildingId: c.buildingId })]);
    expect(await queryIndexPrefix('gsi2', `USER#${viewer.userId}`, 'WORKERREVEAL#')).toHaveLength(1);
    for (let i = 1; i < REVEALS_PER_DAY; i++) await revealGridWorker(viewer, c.buildingId, c.token);
    await expect(revealGridWorker(viewer, c.buildingId, c.token)).rejects.toMatchObject({ status: 429, code: 'REVEAL_LIMIT' });
  });

  it('a replaced code cannot reveal (410)', async () => {
    const c = await ownCommunity();
    await rotateCode(c.admin, c.token);
    await expect(revealGridWorker(as('u-it-v2'), c.buildingId, c.token)).rejects.toMatchObject({ status: 410 });
  });
});
