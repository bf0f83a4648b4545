/**
 * Staff booking pages through the H5 UI (issue #13 items 8 and 9), as demo-staff (张丽,
 * 幸福社区党群服务中心):
 * - 待审核预约: the phone has 拨打, 通过/不通过 sit flush with the card's text, and a handled
 *   booking leaves the queue for 刚刚处理;
 * - 房间设置: limits in hours, the blackout's date and times from pickers (no typed formats),
 *   one button style, and the station's opening hours edited with half-hour pickers.
 * Settings changed here are put back afterwards.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loginAs, openApp, screenshot } from '../support/browser';
import { call, devLogin } from '../support/http';
import { addDays, nthWeekdayAfterToday, shanghaiToday } from '../support/dates';

jest.setTimeout(120_000);

const STATION = 'sn-xingfu-centre';
const PARTY = 'rm-centre-party';
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const label = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日 ${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}`;

/**
 * The date picker (starting today) one row down from today, and in which column: the day
 * column (tomorrow) inside a month. On a month's last day that column has no row below, so the
 * month column: the same day of next month, or that month's last day when it is shorter (Taro's
 * picker clamps the day: 31 January → 28 February); on 31 December the month column has no row
 * below either, so the year column: the same month and day next year.
 */
function oneRowDown(today: string): { column: number; day: string } {
  const [y, m, d] = today.split('-').map(Number);
  if (addDays(today, 1).slice(5, 7) === today.slice(5, 7)) return { column: 2, day: addDays(today, 1) };
  if (m === 12) return { column: 0, day: `${y + 1}-12-31` };
  const lastOfNext = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return { column: 1, day: `${y}-${String(m + 1).padStart(2, '0')}-${String(Math.min(d, lastOfNext)).padStart(2, '0')}` };
}

let browser: Browser;
let staff: string;
let originalRoom: any;
let originalHours: any;
const made: { id: string; token: string }[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await devLogin('demo-staff');
  originalRoom = (await call('GET', `/rooms/${PARTY}`)).body;
  originalHours = (await call('GET', `/stations/${STATION}`)).body.openingHours;
});
afterAll(async () => {
  for (const b of made) await call('POST', `/bookings/${b.id}/cancel`, { token: b.token, body: {} });
  await call('PUT', `/rooms/${PARTY}`, {
    token: staff,
    body: { capacity: originalRoom.capacity, facilities: originalRoom.facilities, requiresApproval: originalRoom.requiresApproval, rules: originalRoom.rules },
  });
  await call('PUT', `/stations/${STATION}/opening-hours`, { token: staff, body: { openingHours: originalHours } });
  await browser?.close();
});

async function openWorkbench(): Promise<{ page: Page; close: () => Promise<void> }> {
  const { page, context } = await openApp(browser, '/pages/me/index');
  await loginAs(page, 'demo-staff');
  await page.locator('#workbench-entry').click();
  return { page, close: () => context.close() };
}

/**
 * Wait until nothing on the page is moving: Taro H5 slides a new page in from the right and a
 * picker up from the bottom (0.3 s each). Measured or tapped mid-way, positions are off by
 * however far the slide still has to go. Endless animations (spinners) don't count.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
  );
}

/**
 * In the open H5 picker, tap rows below the selected one (3 at a time) until `lines` down, then
 * 确定. Taro's picker reads a tap against the window: the selected row is at
 * innerHeight − 7 × 34 / 2, each row 34 px.
 */
async function pickBelow(page: Page, lines: number, column = 0): Promise<void> {
  // Every Picker of the page keeps its (hidden) popup in the DOM: work in the visible one.
  const group = page.locator('.weui-picker__group:visible').nth(column);
  await group.waitFor({ state: 'visible' });
  await settled(page);
  const box = (await group.boundingBox())!;
  const selectedY = page.viewportSize()!.height - (7 * 34) / 2;
  const content = await group.locator('.weui-picker__content').elementHandle();
  for (let left = lines; left > 0; left -= 3) {
    const before = await content!.evaluate((el) => (el as HTMLElement).style.transform);
    await page.mouse.click(box.x + box.width / 2, selectedY + Math.min(3, left) * 34);
    // The next tap is read against the column's new position, which comes back from the picker
    // a render later (no fixed sleep): wait for the column to move, then to stop.
    await page.waitForFunction(([el, old]) => (el as HTMLElement).style.transform !== old, [content, before] as const);
    await settled(page);
  }
  await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('.weui-picker__group')].every((g) => (g as HTMLElement).offsetParent === null));
}

describe('staff booking pages', () => {
  it('待审核预约: 拨打 the phone, actions flush with the text, handled bookings leave the queue', async () => {
    const member = await devLogin('demo-member');
    const res = await call('POST', '/bookings', {
      token: member,
      body: { roomId: 'rm-centre-hall', date: nthWeekdayAfterToday(7), start: '09:00', end: '10:00', purpose: '党小组会', attendees: 8, contactPhone: '13700001111' },
    });
    expect(res.status).toBe(201);
    const id: string = res.body.id;
    made.push({ id, token: member });

    const { page, close } = await openWorkbench();
    await page.locator(`#workbench-pending-${STATION}`).click();
    await page.locator(`#pending-list #staff-booking-${id}`).waitFor({ state: 'visible' });
    await settled(page);
    await expect(page.locator(`#staff-booking-phone-${id}`).innerText()).resolves.toContain('13700001111');
    await expect(page.locator(`#staff-booking-call-${id}`).innerText()).resolves.toBe('拨打');
    const text = (await page.locator(`#staff-booking-time-${id}`).boundingBox())!;
    const approve = (await page.locator(`#approve-${id}`).boundingBox())!;
    expect(Math.abs(approve.x - text.x)).toBeLessThan(2);
    await screenshot(page, 'staff-1-pending');

    await page.locator(`#approve-${id}`).click();
    await page.locator('.taro-model__confirm').click();
    await page.locator(`#pending-handled #staff-booking-${id}`).waitFor({ state: 'visible' });
    await expect(page.locator(`#staff-booking-status-${id}`).innerText()).resolves.toBe('已通过');
    await expect(page.locator(`#pending-list #staff-booking-${id}`).count()).resolves.toBe(0);
    await screenshot(page, 'staff-2-handled');
    await close();
  });

  it('房间设置: hours instead of minutes, pickers instead of typed formats, and the opening hours', async () => {
    const { page, close } = await openWorkbench();
    await page.locator(`#workbench-rooms-${STATION}`).click();
    await page.locator(`#staff-room-${PARTY}`).click();
    await page.locator('#room-settings').waitFor({ state: 'visible' });
    const body = await page.locator('#page-staff-room').innerText();
    for (const raw of ['YYYY-MM-DD', 'HH:mm', '分钟']) expect(body).not.toContain(raw);

    // Limits in hours: 60 minutes' notice reads 1; 1.5 hours is saved as 90 minutes.
    await expect(page.locator('#settings-minNoticeHours input').inputValue()).resolves.toBe('1');
    await page.locator('#settings-minNoticeHours input').fill('1.5');
    const saved = page.waitForResponse((r) => r.url().endsWith(`/rooms/${PARTY}`) && r.request().method() === 'PUT');
    await page.locator('#settings-save').click();
    expect((await saved).status()).toBe(200);
    expect((await call('GET', `/rooms/${PARTY}`)).body.rules.minNoticeMinutes).toBe(90);

    // A blackout from the pickers (year, month, day columns), one row down from today; 09:00 to 24:00.
    const today = shanghaiToday();
    const { column, day } = oneRowDown(today);
    await expect(page.locator('#blackout-date').innerText()).resolves.toBe(label(today));
    await page.locator('#blackout-date').click();
    await pickBelow(page, 1, column);
    await expect(page.locator('#blackout-date').innerText()).resolves.toBe(label(day));
    await page.locator('#blackout-start').click();
    await pickBelow(page, 18); // 00:00 + 18 half hours
    await expect(page.locator('#blackout-start').innerText()).resolves.toBe('09:00');
    await page.locator('#blackout-reason input').fill('设备检修');
    const added = page.waitForResponse((r) => r.url().endsWith(`/rooms/${PARTY}/blackouts`) && r.request().method() === 'POST');
    await page.locator('#blackout-add').click();
    const blackout = await added;
    expect(blackout.status()).toBe(201);
    const created = (await blackout.json()).blackouts.find((b: { reason: string }) => b.reason === '设备检修');
    expect(created).toMatchObject({ start: `${day}T09:00`, end: `${day}T24:00` });
    await page.locator(`#blackout-${created.id}`).waitFor({ state: 'visible' });
    // One button style: the page's main actions are all full-width primary buttons.
    for (const id of ['#settings-save', '#blackout-add', '#opening-hours-save']) {
      expect(await page.locator(id).getAttribute('class')).toMatch(/ui-button--primary.*ui-button--block|ui-button--block.*ui-button--primary/);
    }
    await page.locator(`#blackout-delete-${created.id}`).click();
    await page.locator('.taro-model__confirm').click();
    await page.locator(`#blackout-${created.id}`).waitFor({ state: 'detached' });

    // Opening hours: Saturday closes at 17:00; move it to 18:00 and save.
    await expect(page.locator('#hours-day-6-0-close').innerText()).resolves.toBe('17:00');
    await expect(page.locator('#hours-day-0-state').innerText()).resolves.toBe('休息');
    await page.locator('#hours-day-6-0-close').click();
    await pickBelow(page, 2);
    await expect(page.locator('#hours-day-6-0-close').innerText()).resolves.toBe('18:00');
    const hoursSaved = page.waitForResponse((r) => r.url().endsWith(`/stations/${STATION}/opening-hours`));
    await page.locator('#opening-hours-save').click();
    await page.locator('.taro-model__confirm').click();
    expect((await hoursSaved).status()).toBe(200);
    expect((await call('GET', `/stations/${STATION}`)).body.openingHours['6']).toEqual([{ open: '09:00', close: '18:00' }]);
    await screenshot(page, 'staff-3-settings');
    await close();
  });
});
