import * as z from 'zod';
import { RoleName, Roles } from '../roles';
import type { RouteDef } from './route-def';
import { Home } from './home';

export const LoginRequest = z
  .object({ code: z.string().trim().min(1, '缺少微信登录凭证 code').max(128, '登录凭证过长') })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const DevLoginRequest = z
  .object({
    openid: z
      .string()
      .trim()
      .min(1, '请填写 openid')
      .max(64, 'openid 过长')
      .regex(/^[A-Za-z0-9_-]+$/, 'openid 只能包含字母、数字、下划线和连字符'),
  })
  .meta({ id: 'DevLoginRequest' });
export type DevLoginRequest = z.infer<typeof DevLoginRequest>;

export const User = z
  .object({
    id: z.string(),
    nickname: z.string(),
    avatarUrl: z.string().optional(),
    roles: Roles,
    /** 我家 (api/home.ts): absent until the resident chooses one. */
    home: Home.optional(),
    createdAt: z.string().meta({ description: 'ISO 8601 with +08:00 offset' }),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const LoginResponse = z.object({ token: z.string(), user: User }).meta({ id: 'LoginResponse' });
export type LoginResponse = z.infer<typeof LoginResponse>;

/** A named scope so the client can show "红色驿站（幸福社区党群服务中心）" instead of an id. */
export const ScopeRef = z.object({ id: z.string(), name: z.string() }).meta({ id: 'ScopeRef' });
export type ScopeRef = z.infer<typeof ScopeRef>;

export const MeResponse = z
  .object({
    user: User,
    roleNames: z.array(RoleName),
    staffStations: z.array(ScopeRef),
    /** Communities the caller administers: their own and (street admin) every community of their streets. */
    adminCommunities: z.array(ScopeRef),
    /** 街道管理员: the caller's streets. */
    streets: z.array(ScopeRef).optional(),
    /** 网格员: the caller's grids. */
    grids: z.array(ScopeRef).optional(),
    /** 系统管理员. */
    root: z.boolean().optional(),
  })
  .meta({ id: 'MeResponse' });
export type MeResponse = z.infer<typeof MeResponse>;

export const authRoutes = {
  login: {
    method: 'post',
    path: '/auth/login',
    summary: '微信登录：用 wx.login 的 code 换取令牌',
    auth: 'none',
    body: LoginRequest,
    response: LoginResponse,
  },
  devLogin: {
    method: 'post',
    path: '/auth/dev-login',
    summary: '本地调试登录（仅 local 环境）',
    auth: 'none',
    body: DevLoginRequest,
    response: LoginResponse,
    localOnly: true,
  },
  me: {
    method: 'get',
    path: '/me',
    summary: '当前用户、角色及其范围',
    auth: 'user',
    response: MeResponse,
  },
} as const satisfies Record<string, RouteDef>;
