import * as z from 'zod';
import type { RouteDef } from './route-def';
import { PageQuery, pageOf } from './common';

/** What a code points at: 楼栋码, 社区码 (report-in), 房间码 (room check-in / booking). */
export const CodeKind = z.enum(['building', 'community', 'room']).meta({ id: 'CodeKind' });
export type CodeKind = z.infer<typeof CodeKind>;

/** Tokens are 22 base64url characters (128 random bits); anything else is refused early. */
export const CODE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,32}$/;

export const CodeInfo = z
  .object({
    token: z.string(),
    kind: CodeKind,
    targetId: z.string(),
    communityId: z.string(),
    /** e.g. "幸福社区 · 幸福家园 1 栋" */
    label: z.string(),
    /** The 8-character code printed under the QR (shared/src/short-code.ts), e.g. "K7M3Q9TX"; typed where no camera is at hand. */
    shortCode: z.string().optional(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'CodeInfo' });
export type CodeInfo = z.infer<typeof CodeInfo>;

export const CodeListResponse = pageOf(CodeInfo, 'CodeListResponse');
export type CodeListResponse = z.infer<typeof CodeListResponse>;

export const RotateCodeResponse = z
  .object({ previous: z.string(), code: CodeInfo })
  .meta({ id: 'RotateCodeResponse' });
export type RotateCodeResponse = z.infer<typeof RotateCodeResponse>;

/** A party member serving the building, shown only with their consent 在楼栋码上展示我. */
export const BuildingMember = z
  .object({
    userId: z.string(),
    name: z.string(),
    photoUrl: z.string().optional(),
    branch: z.string().meta({ description: '党支部或工作单位' }),
    posts: z.array(z.string()),
    /** 138****1234; present only when the member allows residents to see the number. */
    phoneMasked: z.string().optional(),
    /** True when a logged-in resident may reveal the number (POST /members/{userId}/reveal). */
    canReveal: z.boolean(),
  })
  .meta({ id: 'BuildingMember' });
export type BuildingMember = z.infer<typeof BuildingMember>;

export const BuildingPage = z
  .object({
    building: z.object({ id: z.string(), name: z.string(), estate: z.string() }),
    community: z.object({ id: z.string(), name: z.string(), address: z.string() }),
    grid: z.object({
      id: z.string(),
      name: z.string(),
      branchName: z.string().meta({ description: '网格党支部' }),
      secretaryName: z.string().meta({ description: '支部书记' }),
      workerName: z.string().meta({ description: '网格员' }),
      workerPhoneMasked: z.string(),
    }),
    members: z.array(BuildingMember),
    stations: z.array(z.object({ id: z.string(), name: z.string(), address: z.string() })),
    /** Slot for the estate's open crowdfunds (filled once the crowdfund domain lands). */
    crowdfunds: z.array(z.object({ id: z.string(), title: z.string() })),
  })
  .meta({ id: 'BuildingPage' });
export type BuildingPage = z.infer<typeof BuildingPage>;

export const BuildingPageQuery = z.object({
  code: z.string().regex(CODE_TOKEN_PATTERN, '二维码无效，请重新扫码'),
});

/** 联系TA on the grid worker 网格员: the full number, counted and audited like a member's. */
export const GridWorkerRevealResponse = z
  .object({ name: z.string(), phone: z.string(), remainingToday: z.number().int() })
  .meta({ id: 'GridWorkerRevealResponse' });
export type GridWorkerRevealResponse = z.infer<typeof GridWorkerRevealResponse>;

export const codesRoutes = {
  resolveCode: {
    method: 'get',
    path: '/codes/{token}',
    summary: '解析二维码（楼栋码、社区码、房间码）：二维码的 token，或海报二维码下方的 8 位编码',
    auth: 'none',
    response: CodeInfo,
  },
  codePoster: {
    method: 'get',
    path: '/codes/{token}/poster.png',
    summary: '二维码海报（PNG）',
    auth: 'none',
    response: 'binary',
  },
  rotateCode: {
    method: 'post',
    path: '/codes/{token}/rotate',
    summary: '更换二维码（旧码随即失效）：社区管理员',
    auth: 'user',
    response: RotateCodeResponse,
  },
  listCommunityCodes: {
    method: 'get',
    path: '/communities/{communityId}/codes',
    summary: '社区的二维码（分页：社区码、楼栋码、房间码）：社区管理员',
    auth: 'user',
    query: PageQuery,
    response: CodeListResponse,
  },
  communityPosters: {
    method: 'get',
    path: '/communities/{communityId}/posters.pdf',
    summary: '社区全部楼栋码海报（PDF，供打印）：社区管理员',
    auth: 'user',
    response: 'binary',
  },
  buildingPage: {
    method: 'get',
    path: '/buildings/{buildingId}',
    summary: '楼栋页（码上通）：需带楼栋码 code，无需登录',
    auth: 'none',
    query: BuildingPageQuery,
    response: BuildingPage,
  },
  revealGridWorker: {
    method: 'post',
    path: '/buildings/{buildingId}/grid-worker/reveal',
    summary: '联系网格员：查看完整电话（需登录与楼栋码；与党员电话共用每日次数并留痕）',
    auth: 'user',
    query: BuildingPageQuery,
    response: GridWorkerRevealResponse,
  },
} as const satisfies Record<string, RouteDef>;
