import * as z from 'zod';
import type { RouteDef } from './route-def';
import { PageQuery, pageOf } from './common';

export const CommunitySummary = z
  .object({
    id: z.string(),
    name: z.string(),
    streetId: z.string(),
    streetName: z.string(),
    address: z.string(),
    gridCount: z.number().int(),
    buildingCount: z.number().int(),
  })
  .meta({ id: 'CommunitySummary' });
export type CommunitySummary = z.infer<typeof CommunitySummary>;

export const CommunityListResponse = pageOf(CommunitySummary, 'CommunityListResponse');
export type CommunityListResponse = z.infer<typeof CommunityListResponse>;

/** A building of a community (楼栋), for pickers such as the report-in form. */
export const BuildingSummary = z
  .object({ id: z.string(), communityId: z.string(), gridId: z.string(), estate: z.string(), name: z.string() })
  .meta({ id: 'BuildingSummary' });
export type BuildingSummary = z.infer<typeof BuildingSummary>;

export const BuildingListResponse = pageOf(BuildingSummary, 'BuildingListResponse');
export type BuildingListResponse = z.infer<typeof BuildingListResponse>;

export const orgRoutes = {
  listCommunities: {
    method: 'get',
    path: '/communities',
    summary: '社区列表（分页；按街道）',
    auth: 'none',
    query: PageQuery,
    response: CommunityListResponse,
  },
  getCommunity: {
    method: 'get',
    path: '/communities/{communityId}',
    summary: '社区详情',
    auth: 'none',
    response: CommunitySummary,
  },
  listBuildings: {
    method: 'get',
    path: '/communities/{communityId}/buildings',
    summary: '社区的楼栋列表（分页；报到时选择居住楼栋）',
    auth: 'none',
    query: PageQuery,
    response: BuildingListResponse,
  },
} as const satisfies Record<string, RouteDef>;
