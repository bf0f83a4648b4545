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

// ---- bulk import of buildings 批量导入楼栋 (functions/src/org/import.ts) ----

import { IMPORT_MAX_BYTES } from '../import-limits';
export { BUILDING_NAME_MAX, ESTATE_NAME_MAX, HOUSEHOLDS_MAX, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, UNITS_MAX } from '../import-limits';

/**
 * The file travels base64 in JSON (≤ 2 MB of file, ~2.8 MB of text: far below API Gateway's
 * 10 MB and Lambda's 6 MB); its kind comes from the name's extension and is checked again
 * against its bytes.
 */
export const BuildingImportBody = z
  .strictObject({
    fileName: z
      .string({ error: '请选择文件' })
      .min(1, '请选择文件')
      .max(200, '文件名不超过 200 个字符')
      .regex(/\.(xlsx|csv)$/i, '请上传 .xlsx 或 .csv 表格'),
    contentBase64: z
      .string({ error: '请选择文件' })
      .min(1, '文件是空的')
      .max(Math.ceil(IMPORT_MAX_BYTES / 3) * 4, '文件不超过 2 MB')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容编码无效'),
    dryRun: z.boolean({ error: '请说明是预览（dryRun: true）还是导入（dryRun: false）' }),
  })
  .meta({ id: 'BuildingImportBody' });
export type BuildingImportBody = z.infer<typeof BuildingImportBody>;

/**
 * `pending` 待继续: planned but not written because this call's time ran out (a slow
 * moment): send the same file again (dryRun false) to go on; what was written is then
 * `unchanged`.
 */
export const ImportRowResult = z.enum(['created', 'unchanged', 'updated', 'error', 'pending']).meta({ id: 'ImportRowResult' });
export type ImportRowResult = z.infer<typeof ImportRowResult>;

/** One data row of the file (row = its row number in the sheet, header = 1) and what the import does with it. */
export const BuildingImportRow = z
  .object({
    row: z.number().int(),
    grid: z.string(),
    estate: z.string(),
    name: z.string(),
    units: z.number().int().optional(),
    households: z.number().int().optional(),
    result: ImportRowResult,
    /** Why the row is in error (Chinese), or what changes on an update. */
    reason: z.string().optional(),
    /** The building, once known (existing, or created by a real run). */
    buildingId: z.string().optional(),
  })
  .meta({ id: 'BuildingImportRow' });
export type BuildingImportRow = z.infer<typeof BuildingImportRow>;

export const BuildingImportResponse = z
  .object({
    dryRun: z.boolean(),
    rows: z.array(BuildingImportRow),
    totals: z.object({ created: z.number().int(), unchanged: z.number().int(), updated: z.number().int(), error: z.number().int(), pending: z.number().int(), skippedEmpty: z.number().int() }),
  })
  .meta({ id: 'BuildingImportResponse' });
export type BuildingImportResponse = z.infer<typeof BuildingImportResponse>;

export const orgImportRoutes = {
  importBuildings: {
    method: 'post',
    path: '/communities/{communityId}/buildings/import',
    summary: '批量导入楼栋（.xlsx / .csv；dryRun 预览，不写入）',
    auth: 'user',
    body: BuildingImportBody,
    response: BuildingImportResponse,
  },
} as const satisfies Record<string, RouteDef>;
