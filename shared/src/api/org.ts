import { z } from 'zod';
import type { RouteDef } from './route-def';

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

export const CommunityListResponse = z
  .object({ items: z.array(CommunitySummary) })
  .meta({ id: 'CommunityListResponse' });
export type CommunityListResponse = z.infer<typeof CommunityListResponse>;

export const orgRoutes = {
  listCommunities: {
    method: 'get',
    path: '/communities',
    summary: '社区列表',
    auth: 'none',
    response: CommunityListResponse,
  },
} as const satisfies Record<string, RouteDef>;
