import * as z from 'zod';
import type { RouteDef } from './route-def';
import { Id, PageQuery, pageOf, Text } from './common';
import { BuildingSummary, CommunitySummary } from './org';

/**
 * Maintaining the organisation tree 组织架构 (#8): streets, communities, grids, buildings,
 * stations and rooms are created, edited and deactivated (never deleted) by system, street
 * and community admins. Every change writes an audit entry in its own transaction.
 */

/** True while the item is in service; a deactivated item 已停用 is hidden from public lists. */
const Active = z.boolean();

export const StreetRequest = z.object({ name: Text({ max: 30, label: '街道名称' }) }).meta({ id: 'StreetRequest' });
export const StreetView = z.object({ id: z.string(), name: z.string(), active: Active }).meta({ id: 'StreetView' });
export type StreetView = z.infer<typeof StreetView>;
export const StreetListResponse = pageOf(StreetView, 'StreetListResponse');
export type StreetListResponse = z.infer<typeof StreetListResponse>;

export const CommunityRequest = z
  .object({ name: Text({ max: 30, label: '社区名称' }), address: Text({ max: 100, label: '社区地址' }) })
  .meta({ id: 'CommunityRequest' });
export const CommunityView = CommunitySummary.extend({ active: Active }).meta({ id: 'CommunityView' });
export type CommunityView = z.infer<typeof CommunityView>;

export const StreetDetail = pageOf(CommunityView, 'StreetDetail').extend({ street: StreetView });
export type StreetDetail = z.infer<typeof StreetDetail>;

export const GridRequest = z
  .object({
    name: Text({ max: 30, label: '网格名称' }),
    branchName: Text({ max: 40, min: 0, label: '网格党支部' }).default(''),
    secretaryName: Text({ max: 20, min: 0, label: '支部书记' }).default(''),
  })
  .meta({ id: 'GridRequest' });
/** A grid as its admins see it; the grid worker 网格员 is appointed (roles), not typed in here. */
export const GridView = z
  .object({ id: z.string(), communityId: z.string(), name: z.string(), branchName: z.string(), secretaryName: z.string(), workerName: z.string(), active: Active })
  .meta({ id: 'GridView' });
export type GridView = z.infer<typeof GridView>;
export const GridListResponse = pageOf(GridView, 'GridListResponse');

const Count = (label: string, max: number) =>
  z.number({ error: `${label}须为数字` }).int(`${label}须为整数`).min(0, `${label}不能为负`).max(max, `${label}不超过 ${max}`);

export const BuildingRequest = z
  .object({
    gridId: Id,
    estate: Text({ max: 30, label: '小区名称' }),
    name: Text({ max: 30, label: '楼栋名称' }),
    units: Count('单元数', 100).optional(),
    households: Count('户数', 10_000).optional(),
  })
  .meta({ id: 'BuildingRequest' });
export const BuildingView = BuildingSummary.extend({ units: z.number().int().optional(), households: z.number().int().optional(), active: Active }).meta({
  id: 'BuildingView',
});
export type BuildingView = z.infer<typeof BuildingView>;

/** The org tree's admin routes (functions/src/org/tree-handlers.ts). */
export const orgTreeRoutes = {
  listStreets: { method: 'get', path: '/streets', summary: '全部街道（分页，含已停用；系统管理员）', auth: 'user', query: PageQuery, response: StreetListResponse },
  createStreet: { method: 'post', path: '/streets', summary: '新建街道（系统管理员）', auth: 'user', body: StreetRequest, response: StreetView },
  getStreet: { method: 'get', path: '/streets/{streetId}', summary: '街道及其社区（分页，含已停用；街道管理员）', auth: 'user', query: PageQuery, response: StreetDetail },
  updateStreet: { method: 'put', path: '/streets/{streetId}', summary: '修改街道', auth: 'user', body: StreetRequest, response: StreetView },
  deactivateStreet: { method: 'post', path: '/streets/{streetId}/deactivate', summary: '停用街道', auth: 'user', response: StreetView },
  createCommunity: { method: 'post', path: '/streets/{streetId}/communities', summary: '新建社区（街道管理员）', auth: 'user', body: CommunityRequest, response: CommunityView },
  updateCommunity: { method: 'put', path: '/communities/{communityId}', summary: '修改社区', auth: 'user', body: CommunityRequest, response: CommunityView },
  deactivateCommunity: { method: 'post', path: '/communities/{communityId}/deactivate', summary: '停用社区', auth: 'user', response: CommunityView },
  listGrids: { method: 'get', path: '/communities/{communityId}/grids', summary: '社区的网格（分页，含已停用；管理员）', auth: 'user', query: PageQuery, response: GridListResponse },
  createGrid: { method: 'post', path: '/communities/{communityId}/grids', summary: '新建网格', auth: 'user', body: GridRequest, response: GridView },
  updateGrid: { method: 'put', path: '/grids/{gridId}', summary: '修改网格', auth: 'user', body: GridRequest, response: GridView },
  deactivateGrid: { method: 'post', path: '/grids/{gridId}/deactivate', summary: '停用网格', auth: 'user', response: GridView },
  createBuilding: { method: 'post', path: '/communities/{communityId}/buildings', summary: '新建楼栋（同时生成楼栋码）', auth: 'user', body: BuildingRequest, response: BuildingView },
  updateBuilding: { method: 'put', path: '/buildings/{buildingId}', summary: '修改楼栋', auth: 'user', body: BuildingRequest, response: BuildingView },
  deactivateBuilding: { method: 'post', path: '/buildings/{buildingId}/deactivate', summary: '停用楼栋', auth: 'user', response: BuildingView },
} as const satisfies Record<string, RouteDef>;

