/**
 * An honest booking grid through the H5 UI (issue #13 items 2, 3, 4, 5, 7), on 和谐路小学体育馆
 * (rm-school-gym, which no other test books). For this test its notice period is 7 days and a
 * whole-day blackout 场馆维修 is added (restored afterwards); weekly quota 1 as seeded.
 * - days inside the notice period show 需提前约 with the reason, not 可约 (2);
 * - the blackout day is marked on the day strip and the grid says why; the centre's Sunday
 *   says 周日休息 (3);
 * - the confirm dialog has room, time, purpose and people on separate lines (5);
 * - after booking, the resident's own slots show 我的预约, someone else's 已约 (4), and the
 *   rest of that week 已满额 (quota used up) (2);
 * - the 无需审核 tag on a station's room list is readable (7).
 */
import type { Browser, Page } from 'playwright-core';
import { getRoom, saveRoom } from '../../functions/src/venues/storage';
import type { Room } from '../../functions/src/venues/model';
import { launchBrowser, loginAs, openApp, screenshot } from '../support/browser';
import { useStackTable } from '../support/ddb';
import { stackEnv } from '../support/env';
import { call, devLogin } from '../support/http';
import { addDays, shanghaiToday } from '../support/dates';

jest.setTimeout(120_000);

const GYM = 'rm-school-gym';
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const label = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日 ${WEEKDAYS[weekday(date)]}`;

/** The first Monday at least 8 days ahead: past the 7-day notice, inside the 30-day window. */
function mondayAfterNotice(): string {
  let d = addDays(shanghaiToday(), 8);
  while (weekday(d) !== 1) d = addDays(d, 1);
  return d;
}
const MONDAY = mondayAfterNotice();
const TUESDAY = addDays(MONDAY, 1);
const WEDNESDAY = addDays(MONDAY, 2);

let browser: Browser;
let original: Room;
const toCancel: { id: string; token: string }[] = [];

async function updateGym(change: (r: Room) => Room): Promise<void> {
  const room = (await getRoom(GYM))!;
  expect(await saveRoom(change(room), room.version)).toBe(true);
}

beforeAll(async () => {
  useStackTable();
  browser = await launchBrowser();
  original = (await getRoom(GYM))!;
  await updateGym((r) => ({
    ...r,
    rules: { ...r.rules, minNoticeMinutes: 7 * 24 * 60 },
    blackouts: [...r.blackouts, { id: 'bo-test-grid', start: `${WEDNESDAY}T00:00`, end: `${WEDNESDAY}T24:00`, reason: '场馆维修' }],
  }));
  // Someone else holds Monday 19:30.
  const member = await devLogin('demo-member');
  const other = await call('POST', '/bookings', {
    token: member,
    body: { roomId: GYM, date: MONDAY, start: '19:30', end: '20:00', purpose: '篮球训练', attendees: 10 },
  });
  expect(other.status).toBe(201);
  toCancel.push({ id: other.body.id, token: member });
});

afterAll(async () => {
  for (const b of toCancel) await call('POST', `/bookings/${b.id}/cancel`, { token: b.token, body: {} });
  await updateGym((r) => ({ ...r, rules: original.rules, blackouts: original.blackouts }));
  await browser?.close();
});

const slotsWith = (page: Page, state: string) => page.locator(`#slot-grid .room-slot--${state}`).count();

async function openDay(page: Page, date: string): Promise<void> {
  const loaded = page.waitForResponse((r) => r.url().includes(`/availability?date=${date}`) && r.status() === 200);
  await page.locator(`#day-${date}`).click();
  await loaded;
  // The response is in; wait until React has drawn it (no loading state left).
  await page.waitForFunction(() => !document.querySelector('#slots-loading') && (document.querySelectorAll('#slot-grid .room-slot').length > 0 || !!document.querySelector('#slots-closed-reason')));
}

describe('the booking grid tells the truth', () => {
  it('the 无需审核 tag on a station’s room list is readable', async () => {
    const { page, context } = await openApp(browser, '/pages/station/index?id=sn-xingfu-centre');
    const tag = page.locator('#room-rm-centre-reading .ui-tag');
    await tag.waitFor({ state: 'visible' });
    await expect(tag.innerText()).resolves.toBe('无需审核');
    const { color, background } = await tag.evaluate((el) => {
      let bg = 'rgba(0, 0, 0, 0)';
      for (let n: Element | null = el; n && bg === 'rgba(0, 0, 0, 0)'; n = n.parentElement) bg = getComputedStyle(n).backgroundColor;
      return { color: getComputedStyle(el).color, background: bg };
    });
    expect(color).not.toBe(background);
    expect(color).toBe('rgb(200, 22, 29)');
    await context.close();
  });

  it('closed days are marked on the day strip with their reason on the grid', async () => {
    const { page, context } = await openApp(browser, '/pages/room/index?id=rm-centre-hall');
    await page.locator('#room-days').waitFor({ state: 'visible' });
    let sunday = addDays(shanghaiToday(), 1);
    while (weekday(sunday) !== 0) sunday = addDays(sunday, 1);
    await expect(page.locator(`#day-${sunday}-mark`).innerText()).resolves.toBe('休息');
    await openDay(page, sunday);
    await expect(page.locator('#slots-closed-reason').innerText()).resolves.toBe('周日休息，当天不可预约');
    await expect(page.locator('#slot-grid').count()).resolves.toBe(0);
    await context.close();
  });

  it('notice period, blackout, my own booking, someone else’s and a used-up quota each say so', async () => {
    const resident = await devLogin('demo-resident');
    const { page, context } = await openApp(browser, '/pages/me/index');
    await loginAs(page, 'demo-resident');
    await page.goto(`${stackEnv.webUrl}/#/pages/room/index?id=${GYM}`);
    await page.reload();
    await page.locator('#room-days').waitFor({ state: 'visible' });

    // Tomorrow is inside the 7-day notice period: nothing is 可约, and the grid says why.
    await openDay(page, addDays(shanghaiToday(), 1));
    await page.locator('#slot-grid').waitFor({ state: 'visible' });
    expect(await slotsWith(page, 'notice')).toBeGreaterThan(0);
    expect(await slotsWith(page, 'free')).toBe(0);
    await expect(page.locator('#slots-reasons').innerText()).resolves.toContain('需提前 7 天预约');
    await expect(page.locator('#slot-grid .room-slot--notice').first().innerText()).resolves.toContain('需提前约');

    // The blackout day: marked on the strip, its reason instead of grey cells.
    await expect(page.locator(`#day-${WEDNESDAY}-mark`).innerText()).resolves.toBe('停用');
    await openDay(page, WEDNESDAY);
    await expect(page.locator('#slots-closed-reason').innerText()).resolves.toBe('暂停开放：场馆维修，当天不可预约');
    await screenshot(page, 'grid-1-blackout');

    // Monday: free, someone else's 19:30 is 已约; book 18:00–19:00.
    await openDay(page, MONDAY);
    await expect(page.locator('#slot-1930').innerText()).resolves.toContain('已约');
    await page.locator('#slot-1800').click();
    await page.locator('#slot-1830').click();
    await page.locator('#booking-purpose input').fill('羽毛球活动');
    await page.locator('#booking-attendees input').fill('8');
    await page.locator('#booking-submit').click();
    await page.locator('.taro-model__confirm').waitFor({ state: 'visible' });
    const lines = (await page.locator('.taro-modal__text').innerText()).split('\n').map((l) => l.trim()).filter(Boolean);
    expect(lines).toEqual([
      '和谐路小学（共享场地） · 和谐路小学体育馆',
      `${label(MONDAY)} 18:00–19:00（1 小时）`,
      '用途：羽毛球活动',
      '人数：8 人',
      '提交后需工作人员审核',
    ]);
    await screenshot(page, 'grid-2-confirm');
    const created = page.waitForResponse((r) => r.url().endsWith('/bookings') && r.request().method() === 'POST');
    await page.locator('.taro-model__confirm').click();
    const res = await created;
    expect(res.status()).toBe(201);
    toCancel.push({ id: (await res.json()).id, token: resident });

    // Back on the grid: mine vs someone else's.
    await page.locator('#booking-success-again').click();
    await page.waitForFunction(() => document.querySelector('#slot-1800')?.className.includes('room-slot--mine'));
    await expect(page.locator('#slot-1800').innerText()).resolves.toContain('我的预约');
    await expect(page.locator('#slot-1830').innerText()).resolves.toContain('我的预约');
    await expect(page.locator('#slot-1930').innerText()).resolves.toContain('已约');
    await screenshot(page, 'grid-3-mine');

    // Tuesday of the same week: the weekly quota (1) is used up.
    await openDay(page, TUESDAY);
    await page.waitForFunction(() => document.querySelectorAll('#slot-grid .room-slot--quota').length > 0, undefined, { timeout: 10_000 }).catch(() => undefined);
    expect(await slotsWith(page, 'quota')).toBeGreaterThan(0);
    expect(await slotsWith(page, 'free')).toBe(0);
    await expect(page.locator('#slots-reasons').innerText()).resolves.toContain('本周已约满 1 次');
    await context.close();
  });
});
