/**
 * Grids 网格 and buildings 楼栋 of a community, maintained by its admins (and its street's).
 * A new building gets its QR code in the same transaction; a renamed grid or building is on
 * its building pages at once.
 */
import type { z } from 'zod';
import type { BuildingRequest, BuildingView, GridRequest, GridView } from '@shared/api/tree';
import { authorize, type Principal } from '../lib/authorize';
import type { Page } from '../lib/dynamo';
import { appError, conflict, notFound } from '../lib/errors';
import { keys } from '../lib/keys';
import { nowIso } from '../lib/time';
import { buildingLabel, firstCodePuts, refreshBuildingPages } from '../codes/domain';
import { auditOf } from './audit';
import { audited, changeUnit, createUnit, deactivatedConflict } from './change';
import type { Building, Community, Grid } from './model';
import { addToCount, buildingItem, countsChildren, getMeta, gridHasActiveBuildings, gridItem, listGrids, parentInService, putNew, putOver, putOverWithoutChildren } from './storage';
import { newUnitId, readCommunity } from './tree';

export const gridView = (g: Grid): GridView => ({
  id: g.id,
  communityId: g.communityId,
  name: g.name,
  branchName: g.branchName,
  secretaryName: g.secretaryName,
  workerName: g.workerName,
  active: !g.deactivatedAt,
});
export const buildingView = (b: Building): BuildingView => ({
  id: b.id,
  communityId: b.communityId,
  gridId: b.gridId,
  estate: b.estate,
  name: b.name,
  ...(b.units !== undefined ? { units: b.units } : {}),
  ...(b.households !== undefined ? { households: b.households } : {}),
  active: !b.deactivatedAt,
});

const manage = (principal: Principal, communityId: string) => authorize(principal, 'community:manage', { kind: 'community', communityId });
const communityLog = (communityId: string) => ({ kind: 'COMMUNITY' as const, id: communityId });
const readGrid = (id: string) => getMeta<Grid>(keys.grid(id));
const readBuilding = (id: string) => getMeta<Building>(keys.building(id));

/** The community a new unit goes into: 404 unknown, 409 deactivated. */
async function communityInService(communityId: string): Promise<Community> {
  const c = await readCommunity(communityId);
  if (!c) throw notFound('社区');
  if (c.deactivatedAt) throw deactivatedConflict('社区');
  return c;
}

export async function communityGrids(principal: Principal, communityId: string, page: { limit: number; cursor?: string }): Promise<Page<GridView>> {
  manage(principal, communityId);
  const grids = await listGrids(communityId, page);
  if (!page.cursor && grids.items.length === 0 && !(await readCommunity(communityId))) throw notFound('社区');
  return { items: grids.items.map(gridView), ...(grids.nextCursor ? { nextCursor: grids.nextCursor } : {}) };
}

export async function createGrid(principal: Principal, communityId: string, body: z.output<typeof GridRequest>): Promise<GridView> {
  manage(principal, communityId);
  await communityInService(communityId);
  const grid: Grid = { id: newUnitId('gd'), communityId, ...body, workerName: '', workerPhone: '' };
  const audit = { scope: communityLog(communityId), action: 'grid.create', target: { kind: 'grid', id: grid.id, name: grid.name }, after: grid };
  await createUnit(
    () => [parentInService(keys.community(communityId), { count: { field: 'gridCount', delta: 1 } }), putNew(gridItem(grid)), auditOf(principal, audit)],
    () => deactivatedConflict('社区'),
  );
  return gridView(grid);
}

export async function updateGrid(principal: Principal, gridId: string, body: z.output<typeof GridRequest>): Promise<GridView> {
  const { after, changed } = await changeUnit('网格', () => readGrid(gridId), async (g) => {
    manage(principal, g.communityId);
    if (g.deactivatedAt) throw deactivatedConflict('网格');
    const next = { ...g, ...body };
    if (next.name === g.name && next.branchName === g.branchName && next.secretaryName === g.secretaryName) return undefined;
    const audit = { scope: communityLog(g.communityId), action: 'grid.update', target: { kind: 'grid', id: g.id, name: next.name }, before: audited(g), after: audited(next) };
    return { next, items: [putOver(gridItem(next), g.version ?? 0), auditOf(principal, audit)] };
  });
  if (changed) await refreshBuildingPages({ gridId });
  return gridView(after);
}

/** 停用 a grid: only once none of its buildings is in service (move or deactivate them first). */
export async function deactivateGrid(principal: Principal, gridId: string): Promise<GridView> {
  const { after } = await changeUnit('网格', () => readGrid(gridId), async (g) => {
    manage(principal, g.communityId);
    if (g.deactivatedAt) return undefined;
    if (countsChildren(g, 'buildingCount') || (await gridHasActiveBuildings(g.communityId, g.id))) throw conflict('HAS_ACTIVE_CHILDREN', '该网格还有在用的楼栋，请先将楼栋调整到其他网格或停用');
    const next = { ...g, deactivatedAt: nowIso() };
    const audit = { scope: communityLog(g.communityId), action: 'grid.deactivate', target: { kind: 'grid', id: g.id, name: g.name }, before: audited(g), after: audited(next) };
    return { next, items: [putOverWithoutChildren(gridItem(next), g.version ?? 0, ['buildingCount']), addToCount(keys.community(g.communityId), 'gridCount', -1), auditOf(principal, audit)] };
  });
  return gridView(after);
}

const gridRefused = () => conflict('GRID_UNAVAILABLE', '所选网格不属于该社区或已停用，请重新选择');

/** The grid a building is put into must be in service and of the building's community. */
async function checkGrid(gridId: string, communityId: string): Promise<void> {
  const grid = await readGrid(gridId);
  if (!grid || grid.communityId !== communityId || grid.deactivatedAt) {
    throw appError('VALIDATION_FAILED', '所选网格不属于该社区或已停用，请重新选择', [{ path: 'gridId', message: '请选择本社区在用的网格' }]);
  }
}

/** A new building with its QR code 楼栋码 and its building page, in one step. */
export async function createBuilding(principal: Principal, communityId: string, body: z.output<typeof BuildingRequest>): Promise<BuildingView> {
  manage(principal, communityId);
  const [community] = await Promise.all([communityInService(communityId), checkGrid(body.gridId, communityId)]);
  const building: Building = { id: newUnitId('bd'), communityId, ...body };
  const audit = { scope: communityLog(communityId), action: 'building.create', target: { kind: 'building', id: building.id, name: building.name }, after: building };
  await createUnit(
    () => [
      parentInService(keys.community(communityId), { count: { field: 'buildingCount', delta: 1 } }),
      parentInService(keys.grid(body.gridId), { communityId, count: { field: 'buildingCount', delta: 1 } }),
      putNew(buildingItem(building)),
      auditOf(principal, audit),
      ...firstCodePuts('building', building.id, communityId, buildingLabel(community.name, building)),
    ],
    (failed) => (failed === 1 ? gridRefused() : deactivatedConflict('社区')),
    true,
  );
  await refreshBuildingPages({ buildingId: building.id });
  return buildingView(building);
}

export async function updateBuilding(principal: Principal, buildingId: string, body: z.output<typeof BuildingRequest>): Promise<BuildingView> {
  const { after, changed } = await changeUnit(
    '楼栋',
    () => readBuilding(buildingId),
    async (b) => {
      manage(principal, b.communityId);
      if (b.deactivatedAt) throw deactivatedConflict('楼栋');
      if (body.gridId !== b.gridId) await checkGrid(body.gridId, b.communityId);
      const { units: _u, households: _h, ...kept } = b;
      const next: Building = { ...kept, ...body };
      if (JSON.stringify(buildingView(next)) === JSON.stringify(buildingView(b))) return undefined;
      const audit = { scope: communityLog(b.communityId), action: 'building.update', target: { kind: 'building', id: b.id, name: next.name }, before: audited(b), after: audited(next) };
      // A move counts the building on its new grid and off the old one (the grids' deactivation guards).
      const gridGuard =
        body.gridId !== b.gridId
          ? [parentInService(keys.grid(body.gridId), { communityId: b.communityId, count: { field: 'buildingCount', delta: 1 } }), addToCount(keys.grid(b.gridId), 'buildingCount', -1)]
          : [];
      return { next, items: [putOver(buildingItem(next), b.version ?? 0), auditOf(principal, audit), ...gridGuard] };
    },
    gridRefused,
  );
  if (changed) await refreshBuildingPages({ buildingId });
  return buildingView(after);
}

/**
 * 停用 a building: it leaves the community's building list (report-in pickers); its code,
 * page and members' cards stay (nothing that points at it is deleted).
 */
export async function deactivateBuilding(principal: Principal, buildingId: string): Promise<BuildingView> {
  const { after } = await changeUnit('楼栋', () => readBuilding(buildingId), async (b) => {
    manage(principal, b.communityId);
    if (b.deactivatedAt) return undefined;
    const next = { ...b, deactivatedAt: nowIso() };
    const audit = { scope: communityLog(b.communityId), action: 'building.deactivate', target: { kind: 'building', id: b.id, name: b.name }, before: audited(b), after: audited(next) };
    return {
      next,
      items: [putOver(buildingItem(next), b.version ?? 0), addToCount(keys.community(b.communityId), 'buildingCount', -1), addToCount(keys.grid(b.gridId), 'buildingCount', -1), auditOf(principal, audit)],
    };
  });
  return buildingView(after);
}
