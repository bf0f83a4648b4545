/**
 * 我的预约 through the H5 UI (issue #13 item 6): upcoming bookings first, soonest first, then
 * the history; the detail shows the station's address and phone and when check-in opens
 * (instead of a code field), and an auto-approved booking's history names 系统.
 * demo-admin books 阅览室 (rm-centre-reading, no review) twice and cancels a third booking.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser, loginAs, openApp, screenshot } from '../support/browser';
import { stackEnv } from '../support/env';
import { call, devLogin } from '../support/http';
import { nthWeekdayAfterToday } from '../support/dates';

jest.setTimeout(90_000);

const ROOM = 'rm-centre-reading';
const SOON = nthWeekdayAfterToday(1);
const LATER = nthWeekdayAfterToday(4);
const md = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

let browser: Browser;
let token: string;
const made: string[] = [];

async function book(date: string, start: string, end: string): Promise<string> {
  const res = await call('POST', '/bookings', { token, body: { roomId: ROOM, date, start, end, purpose: '读书分享', attendees: 3 } });
  expect(res.status).toBe(201);
  made.push(res.body.id);
  return res.body.id;
}

beforeAll(async () => {
  browser = await launchBrowser();
  token = await devLogin('demo-admin');
});
afterAll(async () => {
  for (const id of made) await call('POST', `/bookings/${id}/cancel`, { token, body: {} });
  await browser?.close();
});

describe('我的预约', () => {
  it('lists upcoming soonest first, then history; the detail says where, whom to call and when check-in opens', async () => {
    const later = await book(LATER, '20:00', '20:30'); // booked first, used last
    const soon = await book(SOON, '20:30', '21:00');
    const cancelled = await book(SOON, '20:00', '20:30');
    expect((await call('POST', `/bookings/${cancelled}/cancel`, { token, body: { reason: '改期' } })).status).toBe(200);

    const { page, context } = await openApp(browser, '/pages/me/index');
    await loginAs(page, 'demo-admin');
    await page.goto(`${stackEnv.webUrl}/#/pages/bookings/index`);
    await page.reload();
    await page.locator(`#booking-${soon}`).waitFor({ state: 'visible' });
    const order = await page.locator('#bookings-upcoming .bk-card').evaluateAll((els) => els.map((e) => e.id));
    expect(order.indexOf(`booking-${soon}`)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(`booking-${soon}`)).toBeLessThan(order.indexOf(`booking-${later}`));
    await expect(page.locator(`#bookings-history #booking-${cancelled}`).count()).resolves.toBe(1);
    await expect(page.locator(`#bookings-upcoming #booking-${cancelled}`).count()).resolves.toBe(0);
    await screenshot(page, 'mine-1-list');

    await page.locator(`#booking-${soon}`).click();
    await page.locator('#booking-detail-address').waitFor({ state: 'visible' });
    await expect(page.locator('#booking-detail-address').innerText()).resolves.toBe('红星街道幸福路 88 号');
    await expect(page.locator('#booking-detail-phone').innerText()).resolves.toContain('0755-2700 1001');
    await expect(page.locator('#booking-detail-phone').innerText()).resolves.toContain('拨打');
    await expect(page.locator('#checkin-opens').innerText()).resolves.toBe(`${md(SOON)} 20:15 起可签到`);
    await expect(page.locator('#checkin-section input').count()).resolves.toBe(0);
    const history = await page.locator('#booking-history').innerText();
    expect(history).toContain('系统');
    expect(history).not.toContain('陈志强');
    await screenshot(page, 'mine-2-detail');
    await context.close();
  });
});
