/**
 * The API client: base URL, bearer token, login before a user route, one re-login and one
 * retry on 401, error toasts with the server's message, network failure toast.
 */
type ClientModule = typeof import('../src/api/client');
type SessionModule = typeof import('../src/auth/session');
type SheetModule = typeof import('../src/auth/loginSheet');
type TaroMock = typeof import('./mocks/taro');

interface Loaded {
  client: ClientModule;
  session: SessionModule;
  sheet: SheetModule;
  taro: TaroMock;
}

/** Fresh modules (config reads process.env at import time). */
function load(taroEnv: 'weapp' | 'h5', stage = 'local'): Loaded {
  process.env.TARO_ENV = taroEnv;
  process.env.TARO_APP_STAGE = stage;
  process.env.TARO_APP_API_BASE_URL = 'http://api.test';
  let loaded: Loaded | undefined;
  jest.isolateModules(() => {
    loaded = {
      client: require('../src/api/client'),
      session: require('../src/auth/session'),
      sheet: require('../src/auth/loginSheet'),
      taro: require('@tarojs/taro'),
    };
  });
  return loaded!;
}

const user = (nickname: string) => ({
  id: 'u1',
  nickname,
  roles: { resident: true as const, member: false, staffStationIds: [], adminCommunityIds: [] },
  createdAt: '2025-01-01T08:00:00+08:00',
});
const meBody = (nickname: string) => ({ user: user(nickname), roleNames: ['resident'], staffStations: [], adminCommunities: [] });
const reply = (statusCode: number, data: unknown) => Promise.resolve({ statusCode, data, header: {}, cookies: [], errMsg: 'request:ok' });
const errorBody = (code: string, message: string) => ({ error: { code, message } });

type Call = { url: string; method: string; header: Record<string, string>; data?: unknown };
const calls = (taro: TaroMock): Call[] => taro.request.mock.calls.map((c: unknown[]) => c[0] as Call);

afterEach(() => {
  jest.clearAllMocks();
});

describe('weapp', () => {
  test('logs in with wx.login before a user route when there is no token', async () => {
    const { client, session, taro } = load('weapp');
    taro.clearStorageSync();
    taro.login.mockResolvedValue({ code: 'code-1', errMsg: 'login:ok' });
    taro.request.mockImplementation((opts: Call) => {
      if (opts.url.endsWith('/auth/login')) return reply(200, { token: 't1', user: user('小明') });
      if (opts.url.endsWith('/me')) return reply(200, meBody('小明'));
      return reply(404, errorBody('ROUTE_NOT_FOUND', '接口不存在'));
    });

    const me = await client.api('me');

    expect(me.user.nickname).toBe('小明');
    const [loginCall, meCall] = calls(taro);
    expect(loginCall).toMatchObject({ url: 'http://api.test/auth/login', method: 'POST', data: { code: 'code-1' } });
    expect(meCall).toMatchObject({ url: 'http://api.test/me', method: 'GET' });
    expect(meCall.header.Authorization).toBe('Bearer t1');
    expect(session.getSession()?.token).toBe('t1');
  });

  test('on 401 logs in again once and retries once', async () => {
    const { client, session, taro } = load('weapp');
    taro.clearStorageSync();
    session.setSession({ token: 'stale', user: user('小明') });
    taro.login.mockResolvedValue({ code: 'code-2', errMsg: 'login:ok' });
    taro.request.mockImplementation((opts: Call) => {
      if (opts.url.endsWith('/auth/login')) return reply(200, { token: 'fresh', user: user('小明') });
      if (opts.header.Authorization === 'Bearer fresh') return reply(200, meBody('小明'));
      return reply(401, errorBody('TOKEN_INVALID', '登录已失效，请重新登录'));
    });

    const me = await client.api('me');

    expect(me.user.nickname).toBe('小明');
    expect(calls(taro).map((c) => `${c.method} ${c.url.replace('http://api.test', '')} ${c.header.Authorization ?? '-'}`)).toEqual([
      'GET /me Bearer stale',
      'POST /auth/login -',
      'GET /me Bearer fresh',
    ]);
    expect(taro.login).toHaveBeenCalledTimes(1);
    expect(taro.showToast).not.toHaveBeenCalled();
  });

  test('a second 401 after re-login fails with the server message instead of looping', async () => {
    const { client, session, taro } = load('weapp');
    taro.clearStorageSync();
    session.setSession({ token: 'stale', user: user('小明') });
    taro.login.mockResolvedValue({ code: 'code-3', errMsg: 'login:ok' });
    taro.request.mockImplementation((opts: Call) => {
      if (opts.url.endsWith('/auth/login')) return reply(200, { token: 'fresh', user: user('小明') });
      return reply(401, errorBody('TOKEN_INVALID', '登录已失效，请重新登录'));
    });

    await expect(client.api('me')).rejects.toMatchObject({ status: 401, code: 'TOKEN_INVALID', message: '登录已失效，请重新登录' });
    expect(taro.request).toHaveBeenCalledTimes(3);
    expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '登录已失效，请重新登录', icon: 'none' }));
  });
});

describe('h5 (local stage)', () => {
  test('a public route refused for a stale token is asked again without it: the session ends (登录已过期), no login is asked for', async () => {
    const { client, session, sheet, taro } = load('h5');
    taro.clearStorageSync();
    session.setSession({ token: 'stale', user: user('旧账号') });
    taro.request.mockImplementation((opts: Call) =>
      opts.header.Authorization ? reply(401, errorBody('TOKEN_INVALID', '登录已失效，请重新登录')) : reply(200, { booking: [], pledge: [], request: [] }),
    );

    await expect(client.api('subscribeAsks', undefined, { silent: true })).resolves.toEqual({ booking: [], pledge: [], request: [] });

    expect(calls(taro).map((c) => c.header.Authorization ?? '-')).toEqual(['Bearer stale', '-']);
    expect(sheet.isLoginSheetVisible()).toBe(false);
    expect(session.getToken()).toBeNull();
    expect(session.sessionNotice()).toBe('登录已过期，请重新登录');
  });

  test('a background call (the unread badge) refused for a stale token ends the session without opening the login sheet', async () => {
    const { client, session, sheet, taro } = load('h5');
    taro.clearStorageSync();
    session.setSession({ token: 'stale', user: user('旧账号') });
    taro.request.mockImplementation(() => reply(401, errorBody('TOKEN_INVALID', '登录已失效，请重新登录')));

    await expect(client.api('myUnreadCount', undefined, { silent: true, background: true })).rejects.toMatchObject({ status: 401 });

    expect(calls(taro)).toHaveLength(1);
    expect(sheet.isLoginSheetVisible()).toBe(false);
    expect(taro.showActionSheet).not.toHaveBeenCalled();
    expect(session.getToken()).toBeNull();
    expect(session.sessionNotice()).toBe('登录已过期，请重新登录');
    // Without a token it does not ask either.
    await expect(client.api('myUnreadCount', undefined, { silent: true, background: true })).rejects.toMatchObject({ status: 401 });
    expect(calls(taro)).toHaveLength(1);
    expect(sheet.isLoginSheetVisible()).toBe(false);
  });

  test('on 401 re-logs in with the last demo account and retries', async () => {
    const { client, session, taro } = load('h5');
    taro.clearStorageSync();
    session.setDemoOpenid('demo-member');
    session.setSession({ token: 'stale', user: user('党员小李') });
    taro.request.mockImplementation((opts: Call) => {
      if (opts.url.endsWith('/auth/dev-login')) return reply(200, { token: 'fresh', user: user('党员小李') });
      if (opts.header.Authorization === 'Bearer fresh') return reply(200, meBody('党员小李'));
      return reply(401, errorBody('TOKEN_INVALID', '登录已失效，请重新登录'));
    });

    const me = await client.api('me');

    expect(me.user.nickname).toBe('党员小李');
    expect(calls(taro)[1]).toMatchObject({ url: 'http://api.test/auth/dev-login', method: 'POST', data: { openid: 'demo-member' } });
    expect(taro.login).not.toHaveBeenCalled();
  });

  test('without a demo account, a user route opens the login sheet and uses the pick', async () => {
    const { client, session, sheet, taro } = load('h5');
    taro.clearStorageSync();
    const release = sheet.registerActiveHost();
    taro.request.mockImplementation((opts: Call) => {
      if (opts.url.endsWith('/auth/dev-login')) return reply(200, { token: 'st', user: user('驿站小王') });
      return reply(200, meBody('驿站小王'));
    });

    const pending = client.api('me');
    await Promise.resolve();
    expect(sheet.isLoginSheetVisible()).toBe(true);
    sheet.closeLoginSheet('demo-staff');
    const me = await pending;

    expect(me.user.nickname).toBe('驿站小王');
    expect(calls(taro)[0].data).toEqual({ openid: 'demo-staff' });
    expect(session.getDemoOpenid()).toBe('demo-staff');
    release();
  });

  test('a refused stored login says 登录已过期 in the sheet, and in the error when the sheet is closed', async () => {
    const { client, session, sheet, taro } = load('h5');
    taro.clearStorageSync();
    const release = sheet.registerActiveHost();
    session.setSession({ token: 'garbage', user: user('居民小王') });
    expect(session.sessionNotice()).toBeNull();
    taro.request.mockImplementation(() => reply(401, errorBody('TOKEN_INVALID', '登录已失效，请重新登录')));

    const pending = client.api('me', undefined, { silent: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(sheet.isLoginSheetVisible()).toBe(true);
    expect(session.getSession()).toBeNull();
    expect(session.sessionNotice()).toBe('登录已过期，请重新登录');
    sheet.closeLoginSheet(null);
    await expect(pending).rejects.toMatchObject({ status: 401, message: '登录已过期，请重新登录' });

    session.setSession({ token: 'fresh', user: user('居民小王') });
    expect(session.sessionNotice()).toBeNull();
    release();
  });

  test('an unreadable stored login is dropped with the same notice, not silently', () => {
    const { session, taro } = load('h5');
    taro.clearStorageSync();
    taro.setStorageSync('rs.session', 'not-a-session');
    expect(session.getSession()).toBeNull();
    expect(session.sessionNotice()).toBe('登录已过期，请重新登录');
    session.logout();
    expect(session.sessionNotice()).toBeNull();
  });

  test('network failure shows the network toast', async () => {
    const { client, taro } = load('h5');
    taro.request.mockRejectedValue(new Error('request:fail'));

    await expect(client.api('listCommunities')).rejects.toMatchObject({ code: 'NETWORK' });
    expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络异常，请检查网络后重试', icon: 'none' }));
  });

  test('an error body becomes an ApiError with its Chinese message and fields', async () => {
    const { client, taro } = load('h5');
    taro.request.mockReturnValue(
      reply(400, { error: { code: 'VALIDATION_FAILED', message: '提交的内容有误，请检查后重试', fields: [{ path: 'openid', message: 'openid 过长' }] } }),
    );

    const err = await client.api('devLogin', { openid: 'x' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(client.ApiError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', fields: [{ path: 'openid', message: 'openid 过长' }] });
    expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '提交的内容有误，请检查后重试' }));
  });
});

describe('urls', () => {
  test('fills path parameters (encoded) and appends the query string', async () => {
    const { client, taro } = load('h5');
    const routes = (globalThis as unknown as { API_ROUTES: Record<string, unknown> }).API_ROUTES;
    routes.testThing = { method: 'GET', path: '/stations/{stationId}/things/{thingId}', auth: 'none' };
    taro.request.mockReturnValue(reply(200, { ok: true }));
    const callApi = client.api as unknown as (name: string, body: unknown, options: unknown) => Promise<unknown>;

    await callApi('testThing', undefined, { params: { stationId: 's 1', thingId: 't/2' }, query: { page: 2, q: '会议室', none: undefined } });

    expect(calls(taro)[0].url).toBe('http://api.test/stations/s%201/things/t%2F2?page=2&q=%E4%BC%9A%E8%AE%AE%E5%AE%A4');
    delete routes.testThing;
  });
});

describe('server busy (503 SERVICE_BUSY)', () => {
  const busy = (retryAfter?: string) =>
    Promise.resolve({
      statusCode: 503,
      data: errorBody('SERVICE_BUSY', '当前使用人数较多，请稍后再试'),
      header: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
      cookies: [],
      errMsg: 'request:ok',
    });
  const communities = { items: [] };

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('waits for Retry-After, then retries once and succeeds', async () => {
    const { client, taro } = load('h5');
    taro.request.mockReturnValueOnce(busy('2')).mockReturnValueOnce(reply(200, communities));

    const pending = client.api('listCommunities');
    await jest.advanceTimersByTimeAsync(1999);
    expect(taro.request).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual(communities);
    expect(taro.request).toHaveBeenCalledTimes(2);
    expect(taro.showToast).not.toHaveBeenCalled();
  });

  test('a second 503 shows the server’s Chinese message (no third try)', async () => {
    const { client, taro } = load('h5');
    taro.request.mockImplementation(() => busy('1'));

    const pending = client.api('listCommunities').catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(1000);
    const err = await pending;

    expect(err).toMatchObject({ status: 503, code: 'SERVICE_BUSY', message: '当前使用人数较多，请稍后再试' });
    expect(taro.request).toHaveBeenCalledTimes(2);
    expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '当前使用人数较多，请稍后再试' }));
  });

  test('never waits longer than 3 s, whatever Retry-After says; 1 s when it is missing', async () => {
    const { client, taro } = load('h5');
    expect(client.retryDelayMs({ statusCode: 503, data: null, header: { 'retry-after': '120' } })).toBe(client.MAX_RETRY_WAIT_MS);
    expect(client.MAX_RETRY_WAIT_MS).toBeLessThanOrEqual(3000);
    expect(client.retryDelayMs({ statusCode: 503, data: null, header: {} })).toBe(1000);
    expect(client.retryDelayMs({ statusCode: 503, data: null, header: { 'Retry-After': 'soon' } })).toBe(1000);

    taro.request.mockReturnValueOnce(busy('120')).mockReturnValueOnce(reply(200, communities));
    const pending = client.api('listCommunities');
    await jest.advanceTimersByTimeAsync(3000);
    await expect(pending).resolves.toEqual(communities);
  });
});
