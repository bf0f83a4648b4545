/**
 * 订阅消息 asks (#11): the templates come from GET /subscriptions/asks; the ask happens in the
 * tap itself, before its first await (WeChat shows the dialog only then); the accepted ids are
 * posted to /me/subscriptions; H5 has no such API and asks nothing.
 */
import { waitFor } from '@testing-library/react';
import { routes } from '@shared/api/routes';

type TaroMock = typeof import('./mocks/taro');
type SubscribeModule = typeof import('../src/utils/subscribe');
type SheetModule = typeof import('../src/packages/crowdfund/PledgeSheet');

// The build injects API_ROUTES from the shared route table (config/index.ts); do the same here.
(globalThis as Record<string, unknown>).API_ROUTES = Object.fromEntries(
  Object.entries(routes).map(([name, r]) => [name, { method: r.method.toUpperCase(), path: r.path, auth: r.auth }]),
);

const ASKS = { booking: ['tmpl-booking-result'], pledge: ['tmpl-crowdfund'], request: [] };
const reply = (statusCode: number, data: unknown) => Promise.resolve({ statusCode, data, header: {}, cookies: [], errMsg: 'request:ok' });
type Call = { url: string; method: string; data?: unknown };
jest.setTimeout(30_000);

/** Fresh modules for a platform (config reads TARO_ENV at import), logged in, the server answering. */
function load(taroEnv: 'weapp' | 'h5') {
  process.env.TARO_ENV = taroEnv;
  process.env.TARO_APP_STAGE = 'local';
  process.env.TARO_APP_API_BASE_URL = 'http://api.test';
  let m!: { taro: TaroMock; sub: SubscribeModule; sheet: SheetModule; rtl: typeof import('@testing-library/react/pure'); react: typeof import('react') };
  jest.isolateModules(() => {
    // The sheet renders with this registry's React (and testing-library bound to it).
    m = { taro: require('@tarojs/taro'), sub: require('../src/utils/subscribe'), sheet: require('../src/packages/crowdfund/PledgeSheet'), rtl: require('@testing-library/react/pure'), react: require('react') };
    const session = require('../src/auth/session');
    session.setSession({ token: 'tok', user: { id: 'u1', nickname: '王秀兰', roles: { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] }, createdAt: '2026-01-01T08:00:00+08:00' } });
  });
  m.taro.request.mockImplementation((o: Call) => {
    if (o.url.endsWith('/subscriptions/asks')) return reply(200, ASKS);
    if (o.url.endsWith('/me/subscriptions')) return reply(200, o.data);
    if (o.url.includes('/pledges')) return reply(201, { id: 'pl-1' });
    return reply(404, { error: { code: 'NOT_FOUND', message: '未找到' } });
  });
  return m;
}
const calls = (taro: TaroMock): Call[] => taro.request.mock.calls.map((c: unknown[]) => c[0] as Call);

afterEach(() => {
  jest.clearAllMocks();
  (require('@tarojs/taro') as TaroMock).clearStorageSync();
});

test('asks synchronously for the need\'s templates and posts the accepted ones', async () => {
  const { taro, sub } = load('weapp');
  await sub.loadSubscribeAsks();
  let answer!: (res: Record<string, string>) => void;
  taro.requestSubscribeMessage.mockImplementation((o: { success: (res: Record<string, string>) => void }) => {
    answer = o.success;
  });
  const asked = sub.askSubscribe('pledge');
  // Called before askSubscribe returned: nothing awaited in between.
  expect(taro.requestSubscribeMessage).toHaveBeenCalledTimes(1);
  expect(taro.requestSubscribeMessage.mock.calls[0][0]).toMatchObject({ tmplIds: ['tmpl-crowdfund'] });
  answer({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-crowdfund': 'accept' });
  await expect(asked).resolves.toEqual(['tmpl-crowdfund']);
  await waitFor(() => expect(calls(taro).find((c) => c.url.endsWith('/me/subscriptions'))).toMatchObject({ method: 'POST', data: { accepted: ['tmpl-crowdfund'] } }));
});

test('refused or failed asks post nothing; a need without templates asks nothing', async () => {
  const { taro, sub } = load('weapp');
  await sub.loadSubscribeAsks();
  taro.requestSubscribeMessage.mockImplementationOnce((o: { success: (res: Record<string, string>) => void }) => o.success({ errMsg: 'ok', 'tmpl-booking-result': 'reject' }));
  await expect(sub.askSubscribe('booking')).resolves.toEqual([]);
  taro.requestSubscribeMessage.mockImplementationOnce((o: { fail: () => void }) => o.fail());
  await expect(sub.askSubscribe('booking')).resolves.toEqual([]);
  await expect(sub.askSubscribe('request')).resolves.toEqual([]);
  expect(taro.requestSubscribeMessage).toHaveBeenCalledTimes(2);
  expect(calls(taro).some((c) => c.url.endsWith('/me/subscriptions'))).toBe(false);
});

test('the template ids kept from an earlier launch serve a tap before this launch loaded them', async () => {
  const first = load('weapp');
  await first.sub.loadSubscribeAsks();
  const kept = first.taro.getStorageSync('subscribeAsks');
  expect(kept).toEqual(ASKS);
  // A new launch: WeChat kept the storage; nothing loaded yet (the server is not even asked).
  const next = load('weapp');
  next.taro.setStorageSync('subscribeAsks', kept);
  next.taro.requestSubscribeMessage.mockImplementation(() => undefined);
  void next.sub.askSubscribe('booking');
  expect(next.taro.requestSubscribeMessage.mock.calls[0][0]).toMatchObject({ tmplIds: ['tmpl-booking-result'] });
});

test('H5 has no 订阅消息: nothing is loaded or asked', async () => {
  const { taro, sub } = load('h5');
  await sub.loadSubscribeAsks();
  await expect(sub.askSubscribe('booking')).resolves.toEqual([]);
  expect(taro.requestSubscribeMessage).not.toHaveBeenCalled();
  expect(taro.request).not.toHaveBeenCalled();
});

test('pledging: the tap on 确认认捐 asks before the pledge is sent (before any await)', async () => {
  const { taro, sub, sheet, rtl, react } = load('weapp');
  await sub.loadSubscribeAsks();
  taro.request.mockClear();
  taro.requestSubscribeMessage.mockImplementation(() => undefined);
  const line = { id: 'ln-9', kind: 'ideas' as const, title: '出主意', required: false, pledged: 0 };
  const onDone = jest.fn();
  const { container } = rtl.render(react.createElement(sheet.PledgeSheet, { crowdfundId: 'cf-1', line: line as never, onClose: () => undefined, onDone }));
  // Taro's H5 Textarea reports typing as an `input` event with detail.value.
  rtl.act(() => {
    container.querySelector('#pledge-text')!.dispatchEvent(new CustomEvent('input', { detail: { value: '楼道装感应灯' }, bubbles: true }));
  });
  rtl.fireEvent.click(container.querySelector('#pledge-submit')!);
  // Synchronously within the click: asked, and the pledge request not yet sent.
  expect(taro.requestSubscribeMessage).toHaveBeenCalledTimes(1);
  expect(taro.requestSubscribeMessage.mock.calls[0][0]).toMatchObject({ tmplIds: ['tmpl-crowdfund'] });
  await rtl.waitFor(() => expect(onDone).toHaveBeenCalled());
  const pledgeCall = taro.request.mock.invocationCallOrder[calls(taro).findIndex((c) => c.url.includes('/pledges'))];
  expect(taro.requestSubscribeMessage.mock.invocationCallOrder[0]).toBeLessThan(pledgeCall);
  rtl.cleanup();
});
