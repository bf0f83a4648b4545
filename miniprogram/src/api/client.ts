/**
 * The one API client of the mini-program.
 *
 *   const me = await api('me');
 *   const session = await api('devLogin', { openid: 'demo-staff' });
 *
 * - Base URL and route table come from the build (config.ts, API_ROUTES from shared routes).
 * - Sends `Authorization: Bearer <token>` when logged in.
 * - A route that needs a user and has no token logs in first; a 401 logs in again once and
 *   retries once (weapp: wx.login; H5 local: the last demo account, or the login sheet).
 * - A 503 (server busy) waits for its Retry-After (at most 3 s) and retries once.
 * - Errors become ApiError and, unless `silent`, a toast with the server's Chinese message.
 */
import Taro from '@tarojs/taro';
import type { RequestBody, ResponseBody, RouteName, routes } from '@shared/api/routes';
import type { ErrorBody, FieldError } from '@shared/errors';
import { API_BASE_URL, DEMO_LOGIN_ENABLED, IS_WEAPP } from '../config';
import { expireSession, getDemoOpenid, getToken, SESSION_EXPIRED_MESSAGE, sessionNotice, setDemoOpenid, setSession, type Session } from '../auth/session';
import { openLoginSheet } from '../auth/loginSheet';

/**
 * The route table. Read API_ROUTES here only: the build replaces each mention of it with the
 * whole table (~14 KB), so a second mention would put a second copy into the main package.
 */
const ROUTES = API_ROUTES;

export const NETWORK_ERROR_MESSAGE = '网络异常，请检查网络后重试';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  /** The server's machine-readable facts (`error.details`), e.g. whom to call about a replaced code. */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}

/** `{stationId}` placeholders of a route's path, as a union of names. */
type ParamNames<P extends string> = P extends `${string}{${infer K}}${infer Rest}` ? K | ParamNames<Rest> : never;
type PathParams<N extends RouteName> = ParamNames<(typeof routes)[N]['path']>;
type NeedsParams<N extends RouteName> = [PathParams<N>] extends [never] ? false : true;

export interface ApiOptions<N extends RouteName = RouteName> {
  /** Query string values (GET filters, paging). */
  query?: Record<string, string | number | boolean | undefined>;
  /** Path parameters, e.g. { stationId } for `/stations/{stationId}`; required when the path has any. */
  params?: Record<PathParams<N>, string>;
  /** Do not show a toast on error (the caller shows the error itself). */
  silent?: boolean;
  /** Milliseconds before giving up (default 15 s; a bulk import takes longer). */
  timeout?: number;
  /**
   * A call nobody tapped for (the unread badge at launch): it never asks the person to log in.
   * Without a valid token it fails quietly, and a refused token ends the session (登录已过期),
   * which the page shows with its own 登录 button. (WeChat's silent wx.login still runs.)
   */
  background?: boolean;
}
type OptionsArg<N extends RouteName> = NeedsParams<N> extends true
  ? [options: ApiOptions<N> & { params: Record<PathParams<N>, string> }]
  : [options?: ApiOptions<N>];

type ApiArgs<N extends RouteName> = RequestBody<N> extends undefined
  ? NeedsParams<N> extends true
    ? [body: undefined, ...OptionsArg<N>]
    : [body?: undefined, ...OptionsArg<N>]
  : [body: RequestBody<N>, ...OptionsArg<N>];

const LOGIN_ROUTES: ReadonlySet<string> = new Set(['login', 'devLogin']);

interface RawResponse {
  statusCode: number;
  data: unknown;
  header?: Record<string, string | undefined>;
}

/** Longest wait before retrying a 503, whatever Retry-After says: the user is looking at a spinner. */
export const MAX_RETRY_WAIT_MS = 3000;

/** Milliseconds to wait before retrying a 503: its Retry-After seconds, 1 s when absent, bounded. */
export function retryDelayMs(res: RawResponse): number {
  const header = res.header ?? {};
  const value = Object.entries(header).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  const seconds = Number(value);
  const ms = value !== undefined && value !== '' && Number.isFinite(seconds) ? seconds * 1000 : 1000;
  return Math.min(MAX_RETRY_WAIT_MS, Math.max(0, ms));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function buildUrl(path: string, options: ApiOptions | undefined): string {
  const params = (options?.params ?? {}) as Record<string, string | undefined>;
  let url = path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new ApiError(0, 'CLIENT_ERROR', `缺少路径参数 ${key}`);
    return encodeURIComponent(value);
  });
  const query = Object.entries(options?.query ?? {}).filter(([, v]) => v !== undefined);
  if (query.length > 0) {
    url += `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
  }
  return `${API_BASE_URL}${url}`;
}

async function send(name: RouteName, body: unknown, options: ApiOptions | undefined): Promise<RawResponse> {
  const route = ROUTES[name];
  if (!route) throw new ApiError(0, 'CLIENT_ERROR', `未知接口 ${String(name)}`);
  const header: Record<string, string> = { 'Content-Type': 'application/json' };
  const token = getToken();
  if (token) header.Authorization = `Bearer ${token}`;
  try {
    const res = await Taro.request({
      url: buildUrl(route.path, options),
      method: route.method,
      data: body === undefined ? undefined : (body as TaroGeneral.IAnyObject),
      header,
      dataType: 'json',
      timeout: options?.timeout ?? 15000,
    });
    return { statusCode: res.statusCode, data: res.data, header: res.header as RawResponse['header'] };
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_ERROR_MESSAGE);
  }
}

function toApiError(res: RawResponse): ApiError {
  const body = res.data as Partial<ErrorBody> | undefined;
  const error = body && typeof body === 'object' ? body.error : undefined;
  if (error && typeof error.message === 'string') {
    return new ApiError(res.statusCode, error.code || 'UNKNOWN', error.message, error.fields ?? [], error.details ?? {});
  }
  if (res.statusCode === 401) return new ApiError(401, 'UNAUTHENTICATED', '请先登录');
  if (res.statusCode >= 500) return new ApiError(res.statusCode, 'INTERNAL', '服务器开小差了，请稍后再试');
  return new ApiError(res.statusCode, 'UNKNOWN', '没有办成，请稍后再试；一直不行请联系驿站工作人员');
}

async function call(name: RouteName, body: unknown, options: ApiOptions | undefined): Promise<unknown> {
  const route = ROUTES[name];
  const mayAsk = IS_WEAPP || !options?.background;
  let reloggedIn = false;
  if (route?.auth === 'user' && !getToken()) {
    if (!mayAsk) throw new ApiError(401, 'UNAUTHENTICATED', '请先登录');
    await relogin();
    reloggedIn = true;
  }
  let res = await send(name, body, options);
  if (res.statusCode === 401 && !reloggedIn && !LOGIN_ROUTES.has(name)) {
    expireSession(); // the login sheet and 我的 then say 登录已过期 instead of a silent logout
    // A public route answers anyone: ask again without the stale token rather than asking the
    // person to log in (a call at launch would do so before any page can show the sheet).
    if (route?.auth === 'user') {
      if (!mayAsk) throw toApiError(res);
      await relogin();
    }
    res = await send(name, body, options);
  }
  if (res.statusCode === 503) {
    // SERVICE_BUSY: the server says when to come back; one more try, then its message.
    await sleep(retryDelayMs(res));
    res = await send(name, body, options);
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data;
  throw toApiError(res);
}

/** Show an error to the user as a toast (ApiError message, or a generic one). */
export function showError(err: unknown): void {
  const message = err instanceof ApiError ? err.message : '操作失败，请稍后重试';
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 });
}

/** Call an API route by name; typed from shared/src/api/routes.ts. */
export async function api<N extends RouteName>(name: N, ...args: ApiArgs<N>): Promise<ResponseBody<N>> {
  const [body, options] = args as unknown as [unknown, ApiOptions | undefined];
  try {
    return (await call(name, body, options)) as ResponseBody<N>;
  } catch (err) {
    if (!options?.silent) showError(err);
    throw err;
  }
}

// ---- Login -------------------------------------------------------------------------------

/** WeChat login: wx.login code → POST /auth/login → session in storage. */
export async function loginWithWechat(options: { silent?: boolean } = {}): Promise<Session> {
  let code: string;
  try {
    code = (await Taro.login()).code;
  } catch {
    const err = new ApiError(0, 'WECHAT_LOGIN_FAILED', '微信登录失败，请稍后重试');
    if (!options.silent) showError(err);
    throw err;
  }
  const session = await api('login', { code }, { silent: options.silent });
  setSession(session);
  return session;
}

/** Demo login (H5, local stage): POST /auth/dev-login with a demo openid. */
export async function loginWithDemo(openid: string, options: { silent?: boolean } = {}): Promise<Session> {
  const session = await api('devLogin', { openid }, { silent: options.silent });
  setDemoOpenid(openid);
  setSession(session);
  return session;
}

/**
 * Interactive login for a "登录" button: weapp → wx.login; H5 local → the demo account
 * sheet. Resolves null if the user closed the sheet.
 */
export async function requestLogin(): Promise<Session | null> {
  if (IS_WEAPP) return loginWithWechat();
  if (DEMO_LOGIN_ENABLED) {
    const openid = await openLoginSheet();
    return openid ? loginWithDemo(openid) : null;
  }
  const err = new ApiError(401, 'UNAUTHENTICATED', '请在微信中打开小程序登录');
  showError(err);
  throw err;
}

let reloginInFlight: Promise<Session> | null = null;

/** Get a new token without asking, where possible. Concurrent callers share one attempt. */
function relogin(): Promise<Session> {
  if (!reloginInFlight) {
    reloginInFlight = doRelogin().finally(() => {
      reloginInFlight = null;
    });
  }
  return reloginInFlight;
}

async function doRelogin(): Promise<Session> {
  if (IS_WEAPP) return loginWithWechat({ silent: true });
  if (DEMO_LOGIN_ENABLED) {
    const openid = getDemoOpenid() ?? (await openLoginSheet());
    if (openid) return loginWithDemo(openid, { silent: true });
  }
  if (sessionNotice()) throw new ApiError(401, 'SESSION_EXPIRED', SESSION_EXPIRED_MESSAGE);
  throw new ApiError(401, 'UNAUTHENTICATED', '请先登录');
}
