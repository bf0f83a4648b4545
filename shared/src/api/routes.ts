import type { z } from 'zod';
import { DevLoginRequest, LoginRequest, LoginResponse, MeResponse } from './auth';
import { CommunityListResponse } from './org';

/**
 * The API's routes in one table. The Lambda handlers validate with these schemas, the
 * OpenAPI document is generated from them, the mini-program's client takes its types
 * from them, and a test checks serverless.yml declares exactly these routes.
 */
export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  /** 'none': public; 'user': any logged-in user (finer checks live in the domain). */
  auth: 'none' | 'user';
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType | 'json' | 'binary';
  /** Only served on the `local` stage. */
  localOnly?: boolean;
}

export const routes = {
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
  listCommunities: {
    method: 'get',
    path: '/communities',
    summary: '社区列表',
    auth: 'none',
    response: CommunityListResponse,
  },
  openapi: {
    method: 'get',
    path: '/openapi.json',
    summary: 'OpenAPI 文档',
    auth: 'none',
    response: 'json',
  },
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
type Def<N extends RouteName> = (typeof routes)[N];
export type RequestBody<N extends RouteName> = Def<N> extends { body: z.ZodType } ? z.input<Def<N>['body']> : undefined;
export type ResponseBody<N extends RouteName> = Def<N>['response'] extends z.ZodType ? z.output<Def<N>['response']> : unknown;
