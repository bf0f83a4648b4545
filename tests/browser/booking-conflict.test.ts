/**
 * Room booking conflict through the H5 UI: while demo-resident has 邻里议事厅
 * (rm-estate-meeting, no approval) open with two slots picked, demo-member books one of
 * them over the API; the resident's submit gets 409 SLOT_TAKEN, sees the Chinese message,
 * and the slot grid refreshes to show the slot taken.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loginAs, openApp, screenshot } from '../support/browser';
import { call, devLogin } from '../support/http';
import { nthWeekdayAfterToday } from '../support/dates';

const ROOM = 'rm-estate-meeting';
// Inside the room's 7-day window; a date and room other than booking-approval.test.ts.
const DAY = nthWeekdayAfterToday(3);

// A journey through several pages and two users: longer than jest's default 5 s.
jest.setTimeout(60_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

function slotClass(page: Page, id: string): Promise<string> {
  return page.locator(`#${id}`).evaluate((el) => el.className);
}

describe('booking conflict', () => {
  it('a slot taken meanwhile by someone else shows 该时段已被预约 and the grid refreshes', async () => {
    const member = await devLogin('demo-member');
    // A database from an earlier run: make sure the two slots are free before the resident picks them.
    const before = await call('GET', `/rooms/${ROOM}/availability?date=${DAY}`);
    expect(before.status).toBe(200);
    const state = (s: string) => before.body.slots.find((x: { start: string }) => x.start === s)?.state;
    expect([state('19:00'), state('19:30')]).toEqual(['free', 'free']);

    const { page, context } = await openApp(browser, '/pages/me/index');
    await loginAs(page, 'demo-resident');
    await page.goto(`${page.url().split('#')[0]}#/pages/room/index?id=${ROOM}`);
    await page.locator('#room-rules').waitFor({ state: 'visible' });
    await page.locator(`#day-${DAY}`).click();
    await page.waitForFunction(() => document.querySelector('#slot-1900')?.className.includes('room-slot--free'));
    await page.locator('#slot-1900').click();
    await page.locator('#slot-1930').click();
    await expect(page.locator('#booking-selection').innerText()).resolves.toContain('19:00–20:00');
    await page.locator('#booking-purpose input').fill('邻里议事会');
    await page.locator('#booking-attendees input').fill('8');

    // Someone else takes 19:30–20:00 while the page is open.
    const other = await call('POST', '/bookings', {
      token: member,
      body: { roomId: ROOM, date: DAY, start: '19:30', end: '20:00', purpose: '党员议事', attendees: 5 },
    });
    expect(other.status).toBe(201);

    const attempt = page.waitForResponse((r) => r.url().endsWith('/bookings') && r.request().method() === 'POST');
    await page.locator('#booking-submit').click();
    await page.locator('.taro-model__confirm').click();
    const res = await attempt;
    expect(res.status()).toBe(409);
    expect((await res.json()).error.code).toBe('SLOT_TAKEN');

    await page.locator('#booking-submit-error').waitFor({ state: 'visible' });
    await expect(page.locator('#booking-submit-error').innerText()).resolves.toContain('该时段已被预约');
    await expect(page.locator('.taro__toast').innerText()).resolves.toContain('该时段已被预约');
    // The grid was reloaded: the other booking's slot is taken, the selection is gone.
    await page.waitForFunction(() => document.querySelector('#slot-1930')?.className.includes('room-slot--taken'));
    expect(await slotClass(page, 'slot-1900')).toContain('room-slot--free');
    expect(await slotClass(page, 'slot-1900')).not.toContain('room-slot--selected');
    await screenshot(page, 'booking-conflict');

    // No booking of the resident's was made.
    const mine = await call('GET', '/bookings/mine', { token: await devLogin('demo-resident') });
    expect(mine.body.items.filter((b: { roomId: string; date: string }) => b.roomId === ROOM && b.date === DAY)).toHaveLength(0);
    await context.close();
  });
});
