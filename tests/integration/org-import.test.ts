import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditKey } from '../../functions/src/audit/storage';
import { buildingPage } from '../../functions/src/codes/domain';
import { getCurrentCodes, getShortCode } from '../../functions/src/codes/storage';
import type { Principal } from '../../functions/src/lib/authorize';
import { ddb, queryAll, queryIndexPrefix, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { CREATES_PER_TRANSACTION, importBuildings } from '../../functions/src/org/import';
import { deactivateGrid } from '../../functions/src/org/units';
import { importToTheEnd } from '../../shared/src/import-rounds';
import type { Building } from '../../functions/src/org/model';
import { buildingCountsUpdate, orgItems, writeImportBatch } from '../../functions/src/org/storage';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';
import { buildingTable, csvOf, xlsxOf, type Table } from '../support/spreadsheets';

beforeAll(useStackTable);

const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const as = (userId: string, roles: Partial<Roles> = {}): Principal => {
  const full = { ...plain, ...roles };
  return { userId, roles: full, user: { id: userId, nickname: userId, roles: full, createdAt: '2026-11-23T00:00:00+08:00' } };
};
const put = (item: Record<string, unknown>) => ddb().send(new PutCommand({ TableName: tableName(), Item: item }));

/** A community of the test's own with two grids and no buildings, and its admin. */
async function ownCommunity() {
  const n = randomUUID().slice(0, 8);
  const communityId = `cm-imp-${n}`;
  await put({ ...keys.community(communityId), entity: 'Community', id: communityId, streetId: 'st-it', streetName: '测试街道', name: '导入社区', address: '测试路 2 号', gridCount: 2, buildingCount: 0 });
  for (const [id, name] of [[`gd-imp1-${n}`, '第一网格'], [`gd-imp2-${n}`, '第二网格']]) {
    await put({ ...keys.grid(id!), ...keys.communityChild(communityId, 'GRID', id!), entity: 'Grid', id, communityId, name, branchName: '支部', secretaryName: '甲', workerName: '乙', workerPhone: '13800007777' });
  }
  return { communityId, admin: as(`u-imp-admin-${n}`, { adminCommunityIds: [communityId] }) };
}

const file = async (table: Table, kind: 'xlsx' | 'csv' = 'xlsx') => ({ fileName: `楼栋.${kind}`, contentBase64: (await (kind === 'xlsx' ? xlsxOf(table) : csvOf(table))).toString('base64') });
const buildingItems = async (communityId: string) => queryIndexPrefix('gsi1', `COMMUNITY#${communityId}`, 'BUILDING#');
const auditItems = async (communityId: string) => queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': auditKey('COMMUNITY', communityId) } });
const communityCount = async (communityId: string) => (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.community(communityId) }))).Item!.buildingCount;

const TABLE: Table = [
  ['小区', '楼栋', '网格', '户数'],
  ['幸福家园', '1 栋', '第一网格', 48],
  ['幸福家园', '2 栋', '第一网格', null],
  ['阳光花园', 'A 座', '第二网格', 96],
  ['阳光花园', 'A 座', '第二网格', 96],
  ['阳光花园', 'B 座', '第九网格', null],
];

describe('bulk import of buildings 批量导入楼栋 (DynamoDB Local)', () => {
  it('a real run does what its dry run showed; each new building has its code, its audit entry and the item orgItems writes', async () => {
    const { communityId, admin } = await ownCommunity();
    const dry = await importBuildings(admin, communityId, { ...(await file(TABLE)), dryRun: true });
    expect(await buildingItems(communityId)).toHaveLength(0);
    const real = await importBuildings(admin, communityId, { ...(await file(TABLE)), dryRun: false });
    const outline = (r: typeof dry) => r.rows.map((x) => [x.row, x.result, x.reason]);
    expect(outline(real)).toEqual(outline(dry));
    expect(outline(real)).toEqual([
      [2, 'created', undefined],
      [3, 'created', undefined],
      [4, 'created', undefined],
      [5, 'error', '与第 4 行重复'],
      [6, 'error', '网格“第九网格”不存在，请先在本社区添加该网格'],
    ]);
    expect(real.totals).toEqual({ created: 3, unchanged: 0, updated: 0, error: 2, pending: 0, skippedEmpty: 0 });

    const stored = await buildingItems(communityId);
    expect(stored).toHaveLength(3);
    const first = stored.find((i) => i.name === '1 栋')!;
    expect(first.id).toBe(real.rows[0]!.buildingId);
    const [expected] = orgItems({ streets: [], communities: [], grids: [], buildings: [{ id: String(first.id), communityId, gridId: String(first.gridId), estate: '幸福家园', name: '1 栋', households: 48 }] });
    expect(first).toEqual(expected);

    const codes = await getCurrentCodes(stored.map((i) => ({ kind: 'building' as const, id: String(i.id) })));
    expect(codes.size).toBe(3);
    const code = codes.get(`building:${first.id}`)!;
    expect(code.label).toBe('导入社区 · 幸福家园 1 栋');
    expect((await getShortCode(code.shortCode!))?.token).toBe(code.token);
    const page = await buildingPage(String(first.id), code.token);
    expect(page.building).toEqual({ id: first.id, name: '1 栋', estate: '幸福家园' });
    expect(page.grid.name).toBe('第一网格');

    const audit = await auditItems(communityId);
    expect(audit.map((a) => [a.action, a.actorId, (a.target as { id: string }).id]).sort()).toEqual(stored.map((i) => ['building.create', admin.userId, i.id]).sort());
    expect(await communityCount(communityId)).toBe(3);
  });

  it('importing the same file again changes nothing; a changed count is an update with its audit entry, guarded against a concurrent edit', async () => {
    const { communityId, admin } = await ownCommunity();
    await importBuildings(admin, communityId, { ...(await file(TABLE)), dryRun: false });
    const before = await buildingItems(communityId);
    const again = await importBuildings(admin, communityId, { ...(await file(TABLE, 'csv')), dryRun: false });
    expect(again.totals).toEqual({ created: 0, unchanged: 3, updated: 0, error: 2, pending: 0, skippedEmpty: 0 });
    expect(await buildingItems(communityId)).toEqual(before);
    expect(await auditItems(communityId)).toHaveLength(3);
    expect(await communityCount(communityId)).toBe(3);

    const changed: Table = [['网格', '小区', '楼栋', '单元数', '户数'], ['第一网格', '幸福家园', '1 栋', 2, 50]];
    const dry = await importBuildings(admin, communityId, { ...(await file(changed)), dryRun: true });
    expect(dry.rows[0]).toMatchObject({ result: 'updated', reason: '单元数 未填 → 2，户数 48 → 50' });
    const real = await importBuildings(admin, communityId, { ...(await file(changed)), dryRun: false });
    expect(real.rows[0]).toMatchObject({ result: 'updated', buildingId: dry.rows[0]!.buildingId });
    const one = (await buildingItems(communityId)).find((i) => i.name === '1 栋')!;
    expect([one.units, one.households]).toEqual([2, 50]);
    const updates = (await auditItems(communityId)).filter((a) => a.action === 'building.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ before: { households: 48 }, after: { units: 2, households: 50 } });

    // A count changed by someone else after the plan was made: the guarded update fails, nothing is overwritten.
    const stale = buildingCountsUpdate({ ...(one as unknown as Building), households: 48 }, { households: 60 });
    expect((await writeImportBatch([stale])).ok).toBe(false);
    expect((await buildingItems(communityId)).find((i) => i.name === '1 栋')!.households).toBe(50);
  });

  it('a deactivated grid takes no buildings: its rows are errors naming it, the grid in service of the same name is used', async () => {
    const { communityId, admin } = await ownCommunity();
    const n = communityId.slice('cm-imp-'.length);
    // 第一网格 deactivated (as units.ts deactivateGrid leaves it), and an old deactivated 第二网格 beside the one in service.
    await ddb().send(new UpdateCommand({ TableName: tableName(), Key: keys.grid(`gd-imp1-${n}`), UpdateExpression: 'SET deactivatedAt = :at', ExpressionAttributeValues: { ':at': '2026-11-01T00:00:00+08:00' } }));
    await put({ ...keys.grid(`gd-imp3-${n}`), ...keys.communityChild(communityId, 'GRID', `gd-imp3-${n}`), entity: 'Grid', id: `gd-imp3-${n}`, communityId, name: '第二网格', branchName: '', secretaryName: '', deactivatedAt: '2026-10-01T00:00:00+08:00' });
    const table: Table = [['网格', '小区', '楼栋'], ['第一网格', '幸福家园', '1 栋'], ['第二网格', '阳光花园', 'A 座']];
    const real = await importBuildings(admin, communityId, { ...(await file(table)), dryRun: false });
    expect(real.rows.map((r) => [r.row, r.result, r.reason])).toEqual([
      [2, 'error', '网格“第一网格”已停用，请改填在用的网格'],
      [3, 'created', undefined],
    ]);
    expect((await buildingItems(communityId)).map((b) => b.gridId)).toEqual([`gd-imp2-${n}`]);
  });

  it('a grid deactivated while an import runs: never buildings in service under a deactivated grid (many rounds)', async () => {
    const outcomes: { imported: number; deactivated: boolean }[] = [];
    for (let i = 0; i < 10; i++) {
      const { communityId, admin } = await ownCommunity();
      const gridId = `gd-imp1-${communityId.slice('cm-imp-'.length)}`;
      const body = { ...(await file(buildingTable('第一网格', '竞速小区', 30))), dryRun: false };
      const [imp, deact] = await Promise.allSettled([
        sleep(Math.random() * 15).then(() => importBuildings(admin, communityId, body)),
        sleep(Math.random() * 15).then(() => deactivateGrid(admin, gridId)),
      ]);
      if (imp.status === 'rejected') throw imp.reason;
      if (deact.status === 'rejected' && (deact.reason as { code?: string }).code !== 'HAS_ACTIVE_CHILDREN') throw deact.reason;
      const grid = (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.grid(gridId), ConsistentRead: true }))).Item!;
      const inGrid = (await buildingItems(communityId)).filter((b) => b.gridId === gridId && !b.deactivatedAt);
      outcomes.push({ imported: inGrid.length, deactivated: Boolean(grid.deactivatedAt) });
      if (grid.deactivatedAt) expect(imp.value.rows.every((r) => r.result === 'error')).toBe(true);
    }
    expect(outcomes.filter((o) => o.deactivated && o.imported > 0)).toEqual([]);
  }, 120_000);

  it('two imports of one file at once create each building once', async () => {
    const { communityId, admin } = await ownCommunity();
    const body = { ...(await file(buildingTable('第一网格', '双击小区', 60))), dryRun: false };
    const [a, b] = await Promise.all([importBuildings(admin, communityId, body), importBuildings(admin, communityId, body)]);
    expect(await buildingItems(communityId)).toHaveLength(60);
    expect(a.totals.created + b.totals.created).toBe(60);
    expect(await auditItems(communityId)).toHaveLength(60);
    expect(await communityCount(communityId)).toBe(60);
  });

  it('imports 2,000 rows (one call on DynamoDB; a slow moment leaves rows pending, the same file again goes on), and again changes nothing', async () => {
    const { communityId, admin } = await ownCommunity();
    const body = await file(buildingTable('第二网格', '大型小区', 2000));
    const { result, calls } = await importToTheEnd(() => importBuildings(admin, communityId, { ...body, dryRun: false }));
    console.log(`2,000 rows imported in ${calls} call(s)`);
    expect(result.totals).toEqual({ created: 2000, unchanged: 0, updated: 0, error: 0, pending: 0, skippedEmpty: 0 });
    const stored = await buildingItems(communityId);
    expect(stored).toHaveLength(2000);
    const codes = await getCurrentCodes(stored.map((i) => ({ kind: 'building' as const, id: String(i.id) })));
    expect(codes.size).toBe(2000);
    expect(new Set([...codes.values()].map((c) => c.shortCode)).size).toBe(2000);
    expect(await communityCount(communityId)).toBe(2000);
    const again = await importBuildings(admin, communityId, { ...body, dryRun: false });
    expect(again.totals).toMatchObject({ created: 0, unchanged: 2000 });
    expect(await auditItems(communityId)).toHaveLength(2000);
  }, 300_000);

  it('a call out of time starts no more transactions: the rest is pending, and the same file again finishes what the dry run showed', async () => {
    const { communityId, admin } = await ownCommunity();
    const body = await file(buildingTable('第一网格', '分批小区', 60));
    const dry = await importBuildings(admin, communityId, { ...body, dryRun: true });
    const first = await importBuildings(admin, communityId, { ...body, dryRun: false }, 0);
    const perCall = CREATES_PER_TRANSACTION; // one transaction per call out of time
    expect(first.totals).toMatchObject({ created: perCall, pending: 60 - perCall });
    expect(first.rows.find((r) => r.result === 'pending')).toMatchObject({ reason: '本次未完成，请继续导入' });
    expect(await buildingItems(communityId)).toHaveLength(perCall);
    const { result, calls } = await importToTheEnd(() => importBuildings(admin, communityId, { ...body, dryRun: false }, 0));
    expect(calls).toBe(Math.ceil((60 - perCall) / perCall));
    expect(result.rows.map((r) => [r.row, r.result])).toEqual(dry.rows.map((r, i) => [r.row, i < perCall ? 'unchanged' : 'created']));
    expect(await buildingItems(communityId)).toHaveLength(60);
    expect(await communityCount(communityId)).toBe(60);
  });

  it('is for the community admin (or its street admin): a resident, station staff or the admin of another community get 403', async () => {
    const { communityId } = await ownCommunity();
    const body = { ...(await file(TABLE)), dryRun: true };
    for (const who of [as('u-imp-resident'), as('u-imp-staff', { staffStationIds: ['sn-xingfu-centre'] }), as('u-imp-other', { adminCommunityIds: ['cm-xingfu'] })]) {
      await expect(importBuildings(who, communityId, body)).rejects.toMatchObject({ status: 403 });
    }
    const street = { ...as('u-imp-street', { streetIds: ['st-it'] } as Partial<Roles>), streetCommunityIds: [communityId] };
    expect((await importBuildings(street, communityId, body)).totals.created).toBe(3);
  });
});
