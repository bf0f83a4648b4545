/**
 * Every page of the mini-program, read from miniprogram/src/app.config.ts (so pages added
 * later are covered without touching the tests), with who opens it and with what real data.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_CODES } from '../../functions/src/demo/data';
import { loginAs, settled } from './browser';
import { stackEnv } from './env';

/** The demo accounts (functions/src/demo/data.ts) a page may need. */
export type DemoAccount = 'demo-resident' | 'demo-member' | 'demo-staff' | 'demo-admin';

export interface AppPage {
  /** e.g. `packages/staff/pages/pending/index` */
  route: string;
  as: DemoAccount;
  /** The hash path to open, with the page's query (real ids from the demo data). */
  path: string;
}

/** The page routes in app.config.ts: main package first, then each subpackage's under its root. */
export function appRoutes(): string[] {
  const g = globalThis as { defineAppConfig?: (c: unknown) => unknown };
  g.defineAppConfig = (c) => c;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require('../../miniprogram/src/app.config').default as { pages: string[]; subPackages?: Array<{ root: string; pages: string[] }> };
  return [...config.pages, ...(config.subPackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))];
}

const token = (kind: string, targetId: string) => DEMO_CODES.find((c) => c.kind === kind && c.targetId === targetId)!.token;
const CENTRE = 'sn-xingfu-centre';
const station = `stationId=${CENTRE}&name=${encodeURIComponent('幸福社区党群服务中心')}`;

/**
 * Who opens a page and its query. `{booking}` is replaced by a booking of demo-resident's,
 * `{activity}` by a published activity of the demo centre's (both made by the accessibility test).
 * A page not listed here (added after this table) is opened by demo-admin without a query:
 * it is still checked, in whatever state it shows then; add a row to check it with data.
 */
const SETUP: Record<string, { as: DemoAccount; query?: string }> = {
  'pages/index/index': { as: 'demo-resident' },
  'pages/station/index': { as: 'demo-resident', query: `id=${CENTRE}` },
  'pages/room/index': { as: 'demo-resident', query: 'id=rm-centre-hall' },
  'pages/bookings/index': { as: 'demo-resident' },
  'pages/bookings/detail': { as: 'demo-resident', query: 'id={booking}' },
  'pages/booking/index': { as: 'demo-resident' },
  'pages/crowdfund/index': { as: 'demo-resident' },
  'pages/me/index': { as: 'demo-resident' },
  'pages/scan/index': { as: 'demo-resident', query: `t=${token('room', 'rm-centre-hall')}` },
  'pages/building/index': { as: 'demo-resident', query: `id=bd-xingfu-1&code=${token('building', 'bd-xingfu-1')}` },
  'pages/community/index': { as: 'demo-resident', query: 'id=cm-xingfu' },
  'packages/staff/pages/index/index': { as: 'demo-staff' },
  'packages/staff/pages/pending/index': { as: 'demo-staff', query: station },
  'packages/staff/pages/today/index': { as: 'demo-staff', query: station },
  'packages/staff/pages/rooms/index': { as: 'demo-staff', query: station },
  'packages/staff/pages/room/index': { as: 'demo-staff', query: 'roomId=rm-centre-hall' },
  'packages/staff/pages/members/index': { as: 'demo-admin' },
  'packages/staff/pages/codes/index': { as: 'demo-admin' },
  'packages/staff/pages/crowdfund-review/index': { as: 'demo-admin' },
  'packages/staff/pages/crowdfund-manage/index': { as: 'demo-admin', query: 'id=cf-xingfu-playground' },
  'packages/crowdfund/pages/detail/index': { as: 'demo-resident', query: 'id=cf-xingfu-playground' },
  'packages/crowdfund/pages/ledger/index': { as: 'demo-resident', query: 'id=cf-xingfu-playground' },
  'packages/crowdfund/pages/mine/index': { as: 'demo-resident' },
  'packages/crowdfund/pages/edit/index': { as: 'demo-resident' },
  'packages/requests/pages/report/index': { as: 'demo-resident', query: `communityId=cm-xingfu&buildingId=bd-xingfu-1&place=${encodeURIComponent('幸福家园 1 栋')}` },
  'packages/requests/pages/mine/index': { as: 'demo-resident' },
  'packages/requests/pages/detail/index': { as: 'demo-resident' },
  'packages/requests/pages/queue/index': { as: 'demo-admin', query: 'communityId=cm-xingfu' },
  'packages/requests/pages/figures/index': { as: 'demo-admin', query: 'communityId=cm-xingfu' },
  'packages/requests/pages/categories/index': { as: 'demo-admin', query: 'streetId=st-hongxing' },
  'packages/requests/pages/calendar/index': { as: 'demo-admin', query: 'streetId=st-hongxing' },
  'packages/member/pages/index/index': { as: 'demo-member' },
  'packages/member/pages/report-in/index': { as: 'demo-member', query: `code=${token('community', 'cm-xingfu')}` },
  'packages/member/pages/posts/index': { as: 'demo-member', query: 'communityId=cm-xingfu' },
  'packages/admin/pages/tree/index': { as: 'demo-admin', query: `communityId=cm-xingfu&name=${encodeURIComponent('幸福社区')}` },
  'packages/admin/pages/people/index': { as: 'demo-admin' },
  'packages/admin/pages/audit/index': { as: 'demo-admin', query: 'communityId=cm-xingfu' },
  'packages/admin/import/index': { as: 'demo-admin' },
  'packages/inbox/pages/index/index': { as: 'demo-resident' },
  'packages/activities/pages/list/index': { as: 'demo-resident' },
  'packages/activities/pages/detail/index': { as: 'demo-resident', query: 'id={activity}' },
  'packages/activities/pages/mine/index': { as: 'demo-resident' },
  'packages/activities/pages/check-in/index': { as: 'demo-resident', query: 'id={activity}' },
  'packages/activities/pages/hours/index': { as: 'demo-resident' },
  'packages/activities/pages/certificate/index': { as: 'demo-resident', query: 'n=VH00000000NOTFOUND' },
  'packages/activities/pages/manage/index': { as: 'demo-staff', query: station },
  'packages/activities/pages/edit/index': { as: 'demo-staff', query: `stationId=${CENTRE}` },
  'packages/activities/pages/attendees/index': { as: 'demo-staff', query: 'id={activity}' },
  'packages/activities/pages/code/index': { as: 'demo-staff', query: 'id={activity}' },
  'packages/activities/pages/attendance/index': { as: 'demo-staff', query: 'id={activity}' },
  'packages/home/pages/pick/index': { as: 'demo-resident' },
  'packages/admin/pages/notices/index': { as: 'demo-admin', query: 'communityId=cm-xingfu' },
  'packages/wishes/pages/index/index': { as: 'demo-member', query: 'communityId=cm-xingfu' },
  'packages/wishes/pages/detail/index': { as: 'demo-resident', query: 'id=wi-not-there' },
  'packages/wishes/pages/mine/index': { as: 'demo-member' },
  'packages/wishes/pages/post/index': { as: 'demo-resident', query: 'communityId=cm-xingfu' },
  'packages/wishes/pages/screening/index': { as: 'demo-staff', query: 'communityId=cm-xingfu' },
};

export function appPages(vars: { booking: string; activity?: string }): AppPage[] {
  return appRoutes().map((route) => {
    const setup = SETUP[route] ?? { as: 'demo-admin' };
    const query = setup.query?.replace('{booking}', vars.booking).replace('{activity}', vars.activity ?? '');
    return { route, as: setup.as, path: `/${route}${query ? `?${query}` : ''}` };
  });
}

/**
 * Logs in through the UI on 我的 and leaves that tab open: its 关怀模式 switch (the one a person
 * uses) then turns care mode on or off in every open tab of the context (see switchCareMode).
 */
export async function signIn(context: BrowserContext, as: DemoAccount): Promise<Page> {
  const me = await context.newPage();
  await loginAs(me, as);
  return me;
}

/**
 * Turns 关怀模式 on or off with the switch on `me` (the tab signIn left open) and waits until the
 * open `page` shows it without a reload: the document and every page root carry `rs-care`, or
 * none does (the app tells its other tabs through the stored flag).
 */
export async function switchCareMode(me: Page, on: boolean, page: Page): Promise<void> {
  const state = me.locator('#care-mode-state');
  if ((await state.innerText()) !== (on ? '已开启' : '未开启')) {
    await me.locator('#care-mode-switch').click();
    await me.locator('#care-mode-state', { hasText: on ? '已开启' : '未开启' }).waitFor();
  }
  await expectCareMode(page, on);
  await settled(page);
}

/** Waits until `page` is drawn in care mode (`on`) or in normal mode: the document and every page root agree. */
export async function expectCareMode(page: Page, on: boolean): Promise<void> {
  await page.waitForFunction(
    (care) => {
      const roots = [...document.querySelectorAll('.page')];
      return roots.length > 0 && document.documentElement.classList.contains('rs-care') === care && roots.every((el) => el.classList.contains('rs-care') === care);
    },
    on,
    { timeout: 10_000 },
  );
}

/**
 * Opens a page fresh (a new tab: no earlier page stays in the DOM) and waits until its data
 * has arrived: no `…-loading` state left, the network quiet and nothing moving.
 */
export async function openPage(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${stackEnv.webUrl}/#${path}`);
  await page.locator('.page').first().waitFor({ state: 'visible', timeout: 20_000 });
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => ![...document.querySelectorAll('[id$="-loading"]')].some((el) => (el as HTMLElement).offsetParent !== null), undefined, {
    timeout: 15_000,
  });
  await settled(page);
  return page;
}
