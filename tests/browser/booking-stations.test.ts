/**
 * The 预约 tab's station list and 我的预约 paging through the H5 UI: a resident who allows
 * location sees the stations near them, nearest first, and can switch to a community; one with
 * a long booking history loads it page by page.
 */
import { PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { rawClient } from '../../scripts/local/table';
import { keys } from '../../functions/src/lib/keys';
import { launchBrowser, loadUntil, loginAs, screenshot, showCommunity } from '../support/browser';
import { call, devLogin } from '../support/http';
import { stackEnv } from '../support/env';

jest.setTimeout(60_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const cardIds = (page: import('playwright-core').Page, list: string) =>
  page.locator(`#${list} > .bk-card`).evaluateAll((cards) => cards.map((c) => c.id));
/** 我的预约's cards in the order shown: 即将使用 first, then 历史预约. */
const myBookingIds = (page: import('playwright-core').Page) =>
  page.locator('#booking-list > #bookings-upcoming > .bk-card, #booking-list > #bookings-history > .bk-card').evaluateAll((cards) => cards.map((c) => c.id));

describe('预约 tab and 我的预约', () => {
  it('with location allowed: nearby stations nearest first; a community on tap; back to nearby', async () => {
    // Standing at the door of 阳光花园红色驿站.
    const context = await browser.newContext({ ...phone, geolocation: { latitude: 22.7581, longitude: 113.9377 }, permissions: ['geolocation'] });
    const page = await context.newPage();
    await page.goto(`${stackEnv.webUrl}/#/pages/booking/index`);
    await page.locator('#station-list').waitFor({ state: 'visible' });
    await expect(page.locator('#stations-sort-note').innerText()).resolves.toContain('由近到远');
    const near = await cardIds(page, 'station-list');
    expect(near[0]).toBe('station-sn-xingfu-estate');
    expect([...near].sort()).toEqual(['station-sn-hexie-school', 'station-sn-xingfu-centre', 'station-sn-xingfu-estate']);
    await expect(page.locator('#station-sn-xingfu-estate').innerText()).resolves.toMatch(/米|公里/);
    await screenshot(page, 'booking-stations-nearby');

    await (await showCommunity(page, 'cm-hexie')).click();
    await page.waitForFunction(() => document.querySelectorAll('#station-list > .bk-card').length === 1);
    expect(await cardIds(page, 'station-list')).toEqual(['station-sn-hexie-school']);
    await page.locator('#scope-nearby').click();
    await page.waitForFunction(() => document.querySelectorAll('#station-list > .bk-card').length === 3);
    await context.close();
  });

  it('我的预约 shows 20 at first and loads the rest on 加载更多', async () => {
    // demo-member's booking history: 23 past bookings (older than anything the other tests make).
    const token = await devLogin('demo-member');
    const me = await call('GET', '/me', { token });
    const doc = DynamoDBDocumentClient.from(rawClient(stackEnv.dynamoEndpoint));
    for (let i = 0; i < 23; i++) {
      const day = `2026-01-${String(i + 1).padStart(2, '0')}`;
      const b = {
        id: `bk-history-${i}`,
        roomId: 'rm-centre-reading',
        roomName: '阅览室',
        stationId: 'sn-xingfu-centre',
        stationName: '幸福社区党群服务中心',
        communityId: 'cm-xingfu',
        userId: me.body.user.id,
        userName: me.body.user.nickname,
        date: day,
        start: '14:00',
        end: '15:00',
        purpose: `读书会第 ${i + 1} 期`,
        attendees: 5,
        status: 'checked_in',
        history: [{ status: 'approved', at: `${day}T09:00:00+08:00`, byUserId: me.body.user.id, byName: me.body.user.nickname }],
        createdAt: `${day}T09:00:00+08:00`,
        checkInDeadline: Date.parse(`${day}T14:15:00+08:00`),
        quotaWeek: '2026-W01',
      };
      await doc.send(new PutCommand({ TableName: stackEnv.tableName, Item: { ...keys.booking(b.id), ...keys.bookingIndexes(b), entity: 'Booking', ...b } }));
    }

    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(`${stackEnv.webUrl}/#/pages/me/index`);
    await loginAs(page, 'demo-member');
    await page.goto(`${stackEnv.webUrl}/#/pages/bookings/index`);
    await page.locator('#bookings-more').waitFor({ state: 'visible' });
    const first = await myBookingIds(page);
    expect(first).toHaveLength(20);
    await loadUntil(page, 'bookings-more');
    const all = await myBookingIds(page);
    expect(all.length).toBeGreaterThanOrEqual(23);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('booking-bk-history-0');
    await context.close();
  });
});
