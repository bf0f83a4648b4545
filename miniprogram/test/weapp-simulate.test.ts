/**
 * Loads pages of the real weapp build (miniprogram/dist/weapp) in miniprogram-simulate and
 * checks what they render. Build first: `npm run build:weapp`.
 */
import fs from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate');

const DIST = path.resolve(__dirname, '..', 'dist', 'weapp');

type AnyFn = (...args: unknown[]) => unknown;
type PageOptions = Record<string, unknown> & { data?: Record<string, unknown> };

interface RequestOptions {
  url: string;
  method?: string;
  header?: Record<string, string>;
  data?: unknown;
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
  complete?: (res: unknown) => void;
}

const g = globalThis as Record<string, unknown>;
let requestHandler: (opts: RequestOptions) => { statusCode: number; data: unknown } = () => ({ statusCode: 404, data: {} });
const storage = new Map<string, unknown>();
const pageStack: unknown[] = [];

/** Page() → Component(): lifecycles on attach/ready, everything else (event handler `eh`) as methods. */
function pageToComponent(options: PageOptions) {
  const methods: Record<string, AnyFn> = {};
  for (const [key, value] of Object.entries(options)) if (typeof value === 'function') methods[key] = value as AnyFn;
  return {
    data: options.data ?? {},
    methods,
    lifetimes: {
      attached(this: Record<string, unknown>) {
        pageStack.push(this);
        methods.onLoad?.call(this, {});
      },
      ready(this: Record<string, unknown>) {
        methods.onShow?.call(this);
        methods.onReady?.call(this);
      },
      detached(this: Record<string, unknown>) {
        methods.onUnload?.call(this);
      },
    },
  };
}

const COMMUNITIES = {
  items: [
    { id: 'cm-xingfu', name: '幸福社区', streetId: 'st-1', streetName: '红星街道', address: '幸福路 88 号', gridCount: 2, buildingCount: 4 },
    { id: 'cm-hexie', name: '和谐社区', streetId: 'st-1', streetName: '红星街道', address: '和谐路 16 号', gridCount: 3, buildingCount: 6 },
  ],
};
const STAFF_USER = {
  id: 'u-staff',
  nickname: '驿站小王',
  roles: { resident: true, member: true, staffStationIds: ['sta-1'], adminCommunityIds: [] },
  createdAt: '2025-01-01T08:00:00+08:00',
};

function flush(ms = 50) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Wait until the page's text contains `text` (renders are async: request, setData). */
async function waitForText(parent: Element, text: string, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!(parent.textContent ?? '').includes(text)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for "${text}"; page text: ${parent.textContent}`);
    await flush(20);
  }
}

beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, 'app.json'))) {
    throw new Error(`No weapp build at ${DIST}: run \`npm run build:weapp\` first.`);
  }
  let app: Record<string, unknown> | undefined;
  g.App = (config: Record<string, unknown>) => {
    app = config;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => pageStack;
  g.Page = (options: PageOptions) => (g.Component as AnyFn)(pageToComponent(options));

  const wx = g.wx as Record<string, unknown>;
  Object.assign(wx, {
    request: jest.fn((opts: RequestOptions) => {
      setTimeout(() => {
        const res = { ...requestHandler(opts), header: {}, errMsg: 'request:ok' };
        opts.success?.(res);
        opts.complete?.(res);
      }, 0);
      return { abort: jest.fn() };
    }),
    navigateTo: jest.fn((opts: { success?: AnyFn }) => opts?.success?.({ errMsg: 'navigateTo:ok' })),
    login: jest.fn((opts: { success?: AnyFn }) => opts?.success?.({ code: 'sim-code', errMsg: 'login:ok' })),
    getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
    setStorageSync: jest.fn((key: string, value: unknown) => storage.set(key, value)),
    removeStorageSync: jest.fn((key: string) => storage.delete(key)),
    showToast: jest.fn(),
    showModal: jest.fn((opts: { success?: AnyFn }) => opts?.success?.({ confirm: true, cancel: false, errMsg: 'showModal:ok' })),
    stopPullDownRefresh: jest.fn(),
  });

  // Start logged in as a staff member (the app reads storage once, at first use).
  storage.set('rs.session', { token: 'tok', user: STAFF_USER });
  require(path.join(DIST, 'app.js'));
});

beforeEach(() => {
  pageStack.length = 0;
});

// A page's webpack chunk runs (and calls Page()) only once per process: load each page once.
const loadedIds = new Map<string, string>();
const mounted: Array<{ detach: () => void }> = [];

function loadPage(page: string) {
  let id = loadedIds.get(page);
  if (!id) {
    id = simulate.load(path.join(DIST, page), 'page', { rootPath: DIST }) as string;
    loadedIds.set(page, id);
  }
  const comp = simulate.render(id);
  const parent = document.createElement('parent-wrapper');
  comp.attach(parent);
  mounted.push(comp);
  return { comp, parent };
}

afterEach(() => {
  while (mounted.length > 0) mounted.pop()!.detach();
});

test('我的 page shows nickname, roles and the 工作台 entry for staff', async () => {
  requestHandler = (opts) =>
    opts.url.endsWith('/me/messages/unread-count') && opts.header?.Authorization === 'Bearer tok'
      ? { statusCode: 200, data: { unread: 0 } }
      : opts.url.endsWith('/me') && opts.header?.Authorization === 'Bearer tok'
      ? {
          statusCode: 200,
          data: { user: STAFF_USER, roleNames: ['resident', 'member', 'staff'], staffStations: [{ id: 'sta-1', name: '幸福驿站' }], adminCommunities: [] },
        }
      : { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录' } } };
  const { parent } = loadPage('pages/me/index');
  await waitForText(parent, '幸福驿站');

  expect(parent.querySelector('.page--me-profile__name')?.textContent).toBe('驿站小王');
  expect(parent.querySelector('.page--role-tags')?.textContent).toBe('居民党员驿站工作人员');
  expect(parent.textContent).toContain('幸福驿站');
  expect(parent.textContent).toContain('工作台');
  expect(parent.textContent).toContain('退出登录');
});

test('退出登录 asks for confirmation, then 我的 shows the login button', async () => {
  requestHandler = (opts) =>
    opts.url.endsWith('/me/messages/unread-count')
      ? { statusCode: 200, data: { unread: 0 } }
      : opts.url.endsWith('/me') ? { statusCode: 200, data: { user: STAFF_USER, roleNames: ['resident', 'member', 'staff'], staffStations: [], adminCommunities: [] } } : { statusCode: 404, data: {} };
  const { comp, parent } = loadPage('pages/me/index');
  await waitForText(parent, '退出登录');

  comp.querySelector('#logout-button').dispatchEvent('tap');
  await waitForText(parent, '微信一键登录');

  expect((g.wx as { showModal: jest.Mock }).showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '退出登录' }));
  expect(storage.has('rs.session')).toBe(false);
  expect(parent.querySelector('.page--me-login__button')?.textContent).toBe('微信一键登录');
  expect(parent.textContent).not.toContain('驿站小王');
});

test('首页 lists the communities returned by GET /communities', async () => {
  requestHandler = (opts) =>
    opts.url.endsWith('/communities') ? { statusCode: 200, data: COMMUNITIES } : { statusCode: 404, data: {} };
  const { parent } = loadPage('pages/index/index');
  await waitForText(parent, '和谐社区');

  const text = parent.textContent ?? '';
  expect(text).toContain('红色驿站');
  expect(text).toContain('幸福社区');
  expect(text).toContain('和谐社区');
  expect(text).toContain('和谐路 16 号');
  expect(parent.querySelectorAll('.page--community-card')).toHaveLength(2);
  const urls = (g.wx as { request: jest.Mock }).request.mock.calls.map((c) => (c[0] as RequestOptions).url);
  expect(urls).toContain('http://127.0.0.1:3000/communities');
});

test('首页 shows the error state with a retry button when the API fails', async () => {
  requestHandler = () => ({ statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } } });
  const { parent } = loadPage('pages/index/index');
  await waitForText(parent, '加载失败');

  expect(parent.textContent).toContain('服务器开小差了，请稍后再试');
  expect(parent.querySelector('.page--state-view__retry')?.textContent).toBe('重试');
});


describe('关怀模式 care mode in the weapp build', () => {
  // simulate renders no ids and prefixes classes with `page--`: the page root is `.page--page`.
  const rootClass = (parent: Element) => parent.querySelector('.page--page')?.getAttribute('class') ?? '';
  const ME = { user: STAFF_USER, roleNames: ['resident', 'member', 'staff'], staffStations: [], adminCommunities: [] };

  test('the stylesheet scales a page whose root carries the care-mode class', () => {
    const css = ['app.wxss', 'app-origin.wxss', 'common.wxss']
      .filter((f) => fs.existsSync(path.join(DIST, f)))
      .map((f) => fs.readFileSync(path.join(DIST, f), 'utf8'))
      .join('\n');
    expect(css).toMatch(/\.rs-care\.page\{[^}]*zoom:1\.3/);
  });

  test('the switch on 我的 puts the class on the open page at once, then on every page loaded after, subpackages too', async () => {
    requestHandler = (opts) => (opts.url.endsWith('/me') ? { statusCode: 200, data: ME } : { statusCode: 200, data: { items: [] } });
    const me = loadPage('pages/me/index');
    await waitForText(me.parent, '关怀模式');
    expect(rootClass(me.parent)).not.toContain('page--rs-care');

    me.comp.querySelector('#care-mode-switch').dispatchEvent('tap');
    await waitForText(me.parent, '已开启');
    expect(rootClass(me.parent)).toContain('page--rs-care');
    expect(storage.get('rs.care')).toBe('1');

    for (const page of ['pages/index/index', 'packages/crowdfund/pages/mine/index']) {
      const { parent } = loadPage(page);
      await flush();
      expect(rootClass(parent)).toContain('page--rs-care');
    }

    me.comp.querySelector('#care-mode-switch').dispatchEvent('tap');
    await waitForText(me.parent, '未开启');
    expect(rootClass(me.parent)).not.toContain('page--rs-care');
  });
});
