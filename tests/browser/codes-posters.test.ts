/**
 * Codes and posters as a newcomer meets them in the H5 build (issue 13, items 11 and 13–18).
 * Every journey starts from a poster: the admin's poster preview (its PNG, the QR decoded
 * with jsQR, the short code as printed under the QR) or a code's own link, never a token
 * read out of the demo data.
 */
import { randomUUID } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ensureCode, newShortCode, newToken } from '../../functions/src/codes/domain';
import { getCode, rotate } from '../../functions/src/codes/storage';
import { pngTexts } from '../../functions/src/codes/poster';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { nowIso } from '../../functions/src/lib/time';
import { useStackTable } from '../support/ddb';
import { byId, eventually, useBrowser, loginAs, openApp, screenshot } from '../support/browser';
import { stackEnv } from '../support/env';

jest.setTimeout(180_000);

const browserOf = useBrowser(useStackTable);
/** What the short code looks like where it is printed: "K7M3-Q9TX". */
const PRINTED_SHORT_CODE = /[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;

function decodeQr(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data;
}

/** The scan-page link a poster's QR stands for: the plain QR's URL, or the mini-program code's `scene`. */
function scanPathOf(qrText: string): string {
  const scene = /[?&]scene=([^&]+)/.exec(qrText);
  if (qrText.startsWith('wxacode:') && scene) return `/pages/scan/index?scene=${scene[1]}`;
  const hash = qrText.indexOf('#');
  return qrText.slice(hash + 1);
}

/** The admin's 二维码管理 page, reached through 我的 → 工作台 → 二维码管理. */
async function openCodesPage(page: Page): Promise<void> {
  await loginAs(page, 'demo-admin');
  await page.locator(byId('workbench-entry')).click();
  await page.locator(byId('workbench-codes')).click();
  await page.locator(byId('staff-codes')).waitFor({ state: 'visible' });
}

/** Opens an item's poster preview and fetches the very PNG the preview shows. */
async function previewPoster(page: Page, targetId: string): Promise<{ png: Buffer; shown: string }> {
  const item = page.locator(byId(`code-${targetId}`));
  await item.waitFor({ state: 'visible' });
  await page.locator(byId(`code-${targetId}-poster`)).click();
  const img = page.locator(`${byId(`code-${targetId}-poster-image`)} img`);
  await img.waitFor({ state: 'visible' });
  await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle());
  const src = await img.getAttribute('src');
  const res = await fetch(src!);
  expect(res.status).toBe(200);
  return { png: Buffer.from(await res.arrayBuffer()), shown: await item.innerText() };
}

describe('posters and short codes 海报与编码', () => {
  it('the admin sees a short code, not the token; the preview shows the whole poster; each kind has its own line; the printed code opens the building in the scan box', async () => {
    const { page, context } = await openApp(browserOf());
    await openCodesPage(page);

    // 11: a short human code, no raw token anywhere in the list.
    const building = await previewPoster(page, 'bd-xingfu-1');
    const shortCode = PRINTED_SHORT_CODE.exec(building.shown)?.[0];
    expect(shortCode).toBeDefined();
    await expect(page.locator(byId('staff-codes')).innerText()).resolves.not.toMatch(/[A-Za-z0-9_-]{22}/);

    // 15: the poster prints that code under its QR (the PNG's text chunk is the printed line).
    expect(pngTexts(building.png)['Short code']).toBe(shortCode);
    const qr = decodeQr(building.png);
    expect(qr).toBeDefined();

    // 14: the preview is the whole poster, caption and footer included (nothing clipped).
    const img = page.locator(`${byId('code-bd-xingfu-1-poster-image')} img`);
    const dims = await img.evaluate((el) => {
      const i = el as HTMLImageElement;
      const host = i.parentElement!.getBoundingClientRect();
      const box = i.getBoundingClientRect();
      return { w: box.width, h: box.height, hostH: host.height, nw: i.naturalWidth, nh: i.naturalHeight };
    });
    expect(dims.h).toBeGreaterThan(0);
    expect(Math.abs(dims.h - (dims.w * dims.nh) / dims.nw)).toBeLessThan(2);
    expect(dims.hostH).toBeGreaterThanOrEqual(dims.h - 1);
    await page.locator(byId('code-bd-xingfu-1-poster-image')).scrollIntoViewIfNeeded();
    await screenshot(page, 'codes-poster-preview');

    // 13: a room poster says what a room code is for, not the building's line.
    const room = await previewPoster(page, 'rm-centre-hall');
    const roomLine = pngTexts(room.png).Comment;
    const buildingLine = pngTexts(building.png).Comment;
    expect(buildingLine).toContain('楼栋');
    expect(roomLine).toContain('预约');
    expect(roomLine).not.toContain('楼栋');
    const community = await previewPoster(page, 'cm-xingfu');
    expect(pngTexts(community.png).Comment).toContain('报到');
    expect(pngTexts(room.png)['Short code']).toMatch(PRINTED_SHORT_CODE);
    await context.close();

    // 15: a resident on the web version types the printed code into the home scan box.
    const resident = await openApp(browserOf());
    await resident.page.locator(byId('home-scan-box-input')).waitFor({ state: 'visible' });
    await expect(resident.page.locator(byId('home-scan-box-hint')).innerText()).resolves.toContain('二维码下方的 8 位编码');
    await resident.page.locator(`${byId('home-scan-box-input')} input`).fill(shortCode!.toLowerCase().replace('-', ' '));
    await resident.page.locator(byId('home-scan-box-submit')).click();
    await resident.page.locator(byId('page-building')).waitFor({ state: 'visible' });
    await expect(resident.page.locator(byId('building-name')).innerText()).resolves.toContain('幸福家园 1 栋');
    // The same page the poster's QR opens.
    const viaQr = await openApp(browserOf(), scanPathOf(qr!));
    await viaQr.page.locator(byId('building-name')).waitFor({ state: 'visible' });
    await expect(viaQr.page.locator(byId('building-name')).innerText()).resolves.toContain('幸福家园 1 栋');
    await viaQr.context.close();

    // A code that is not on any poster is refused with a word, not a blank page.
    await resident.page.goto(`${stackEnv.webUrl}/#/pages/scan/index`);
    await resident.page.locator(`${byId('scan-box-input')} input`).fill('2345-6789');
    await resident.page.locator(byId('scan-box-submit')).click();
    await expect(resident.page.locator(byId('scan-box-error')).innerText()).resolves.toContain('未找到该编码');
    await resident.context.close();
  });

  it('17: the grid worker has 联系TA: after login the full number, then 拨打', async () => {
    const admin = await openApp(browserOf());
    await openCodesPage(admin.page);
    const { png } = await previewPoster(admin.page, 'bd-xingfu-2');
    await admin.context.close();

    const { page, context } = await openApp(browserOf(), scanPathOf(decodeQr(png)!));
    await page.locator(byId('building-grid-worker')).waitFor({ state: 'visible' });
    const masked = await page.locator(byId('building-grid-worker-phone')).innerText();
    expect(masked).toMatch(/\d{3}\*{4}\d{4}/);
    await page.locator(byId('building-grid-worker-contact')).click();
    await page.locator(byId('login-sheet')).waitFor({ state: 'visible' });
    await page.locator(byId('demo-account-demo-resident')).click();
    await page.locator(byId('building-grid-worker-call')).waitFor({ state: 'visible' });
    const full = await page.locator(byId('building-grid-worker-phone')).innerText();
    expect(full).toMatch(/1\d{10}/);
    expect(full.replace(/\D/g, '').slice(-4)).toBe(masked.replace(/\D/g, '').slice(-4));
    await screenshot(page, 'building-grid-worker-revealed');
    await context.close();
  });

  it('18: a page opened from a poster has a title bar with 首页; pages opened inside the app have back and home', async () => {
    const admin = await openApp(browserOf());
    await openCodesPage(admin.page);
    const { png } = await previewPoster(admin.page, 'bd-xingfu-1');
    // The admin came in through 我的 → 工作台: the title bar says where, and has back and home.
    const bar = admin.page.locator('#taro-navigation-bar');
    await expect(bar.locator('.taro-navigation-bar-title').innerText()).resolves.toBe('二维码管理');
    await bar.locator('.taro-navigation-bar-back').waitFor({ state: 'visible' });
    await bar.locator('.taro-navigation-bar-home').waitFor({ state: 'visible' });
    await bar.locator('.taro-navigation-bar-back').click();
    await admin.page.locator(byId('page-workbench')).waitFor({ state: 'visible' });
    // The shared title bar follows the route after the page is back: wait for its new title.
    await eventually(() => expect(bar.locator('.taro-navigation-bar-title').innerText()).resolves.toBe('工作台'));
    await admin.context.close();

    const { page, context } = await openApp(browserOf(), scanPathOf(decodeQr(png)!));
    await page.locator(byId('building-name')).waitFor({ state: 'visible' });
    const nav = page.locator('#taro-navigation-bar');
    await nav.waitFor({ state: 'visible' });
    await eventually(() => expect(nav.locator('.taro-navigation-bar-title').innerText()).resolves.toBe('楼栋码上通'));
    // The bar is the app's red, at the very top: no white band above the content.
    const look = await nav.evaluate((el) => ({ top: el.getBoundingClientRect().top, bg: getComputedStyle(el).backgroundColor, color: getComputedStyle(el).color }));
    expect(look.top).toBe(0);
    expect(look.bg).toBe('rgb(200, 22, 29)');
    // ...and the page's grey starts right under the bar (no white band between).
    const gap = await page.evaluate(() => {
      const bar = document.getElementById('taro-navigation-bar')!.getBoundingClientRect();
      const content = document.getElementById('page-building')!.getBoundingClientRect();
      return content.top - bar.bottom;
    });
    expect(Math.abs(gap)).toBeLessThan(1);
    await screenshot(page, 'building-title-bar');
    // Nothing behind it: the bar's home button and the page's own 首页 entry lead into the app.
    await page.locator(byId('building-home')).waitFor({ state: 'visible' });
    await nav.locator('.taro-navigation-bar-home').click();
    await page.locator(byId('page-index')).waitFor({ state: 'visible' });
    await eventually(() => expect(nav.locator('.taro-navigation-bar-title').innerText()).resolves.toBe('红色驿站'));
    await eventually(() => expect(nav.locator('.taro-navigation-bar-back').isVisible()).resolves.toBe(false));
    await context.close();
  });
});

/**
 * A community of this test's own (a grid, a building, a station with a phone), kept out of
 * the community list so that other tests' demo world is untouched; its building's code.
 */
async function ownCommunity(): Promise<{ buildingId: string; token: string; phone: string }> {
  const n = randomUUID().slice(0, 8);
  const communityId = `cm-t-${n}`;
  const gridId = `gd-t-${n}`;
  const buildingId = `bd-t-${n}`;
  const phone = '0755-2700 9999';
  const put = (item: Record<string, unknown>) => ddb().send(new PutCommand({ TableName: tableName(), Item: item }));
  await put({ ...keys.community(communityId), entity: 'Community', id: communityId, name: '试点社区', address: '试点路 1 号', streetId: 'st-t', streetName: '试点街道', gridCount: 1, buildingCount: 1 });
  await put({ ...keys.grid(gridId), entity: 'Grid', id: gridId, communityId, name: '试点网格', branchName: '试点网格党支部', secretaryName: '甲', workerName: '乙', workerPhone: '13800009999' });
  await put({ ...keys.building(buildingId), ...keys.communityChild(communityId, 'BUILDING', buildingId), entity: 'Building', id: buildingId, communityId, gridId, estate: '试点小区', name: '1 栋' });
  await put({ ...keys.station(`sn-t-${n}`), ...keys.communityChild(communityId, 'STATION', `sn-t-${n}`), entity: 'Station', id: `sn-t-${n}`, communityId, kind: 'centre', name: '试点社区党群服务中心', address: '试点路 1 号', phone });
  const token = newToken();
  await ensureCode('building', buildingId, communityId, `试点社区 · 试点小区 1 栋`, token);
  return { buildingId, token, phone };
}

describe('a replaced code 已更换', () => {
  it('16: the old building link says the code was replaced and offers 返回首页 and 联系社区 (no retry)', async () => {
    const { token, phone } = await ownCommunity();
    // Its poster, as printed before the code was replaced.
    const poster = await fetch(`${stackEnv.apiUrl}/codes/${token}/poster.png`);
    const qr = decodeQr(Buffer.from(await poster.arrayBuffer()))!;

    const { page, context } = await openApp(browserOf(), scanPathOf(qr));
    await page.locator(byId('building-name')).waitFor({ state: 'visible' });
    const buildingLink = page.url();

    // The community replaces the code (更换二维码).
    const old = (await getCode(token))!;
    expect(await rotate(old, { ...old, token: newToken(), shortCode: newShortCode(), active: true, createdAt: nowIso() })).toBe(true);

    // The old building link (a bookmark, a shared link), then the old poster.
    await page.goto('about:blank');
    await page.goto(buildingLink);
    await page.locator(byId('building-replaced')).waitFor({ state: 'visible' });
    await expect(page.locator(byId('building-replaced-title')).innerText()).resolves.toContain('已更换');
    await expect(page.locator('body').innerText()).resolves.not.toContain('加载失败');
    await expect(page.locator(byId('building-retry')).count()).resolves.toBe(0);
    await expect(page.locator(byId('building-replaced-call')).innerText()).resolves.toContain(phone);
    await screenshot(page, 'building-replaced');
    await page.locator(byId('building-replaced-home')).click();
    await page.locator(byId('page-index')).waitFor({ state: 'visible' });

    await page.goto(`${stackEnv.webUrl}/#${scanPathOf(qr)}`);
    await page.locator(byId('scan-rotated')).waitFor({ state: 'visible' });
    await expect(page.locator(byId('scan-rotated-call')).innerText()).resolves.toContain(phone);
    await context.close();
  });
});
