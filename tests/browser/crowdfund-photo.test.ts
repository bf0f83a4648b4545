/**
 * Photos through the H5 UI (issue 8): demo-resident starts a crowdfund on the real form,
 * adds a photo with the file picker (uploaded straight to the stack's S3 with the
 * presigned POST the API hands out), saves the draft and sees the photo on its page.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { eventually, loginAs, openApp, screenshot, useBrowser } from '../support/browser';
import { call, devLogin } from '../support/http';
import { stackEnv } from '../support/env';
import { pngBytes } from '../support/uploads';

const browser = useBrowser();
const run = Date.now().toString(36);

/** An <img> inside the element has loaded real pixels (not a broken link). */
async function showsImage(page: Page, selector: string): Promise<{ width: number; src: string }> {
  const img = page.locator(`${selector} img`);
  await img.waitFor({ state: 'attached' });
  await page.waitForFunction((sel) => {
    const el = document.querySelector(`${sel} img`) as HTMLImageElement | null;
    return !!el && el.complete && el.naturalWidth > 0;
  }, selector);
  return img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, src: el.src }));
}

describe('crowdfund photos in the H5 mini-program', () => {
  it('demo-resident adds a photo on the form, saves the draft, and its page shows the photo', async () => {
    const photo = join(tmpdir(), `rs-photo-${run}.png`);
    writeFileSync(photo, pngBytes(120));
    const title = `楼道刷漆 ${run}`;

    const { page, context } = await openApp(browser());
    await loginAs(page, 'demo-resident');
    await page.goto(`${stackEnv.webUrl}/#/packages/crowdfund/pages/edit/index`);
    await page.locator('#edit-form').waitFor({ state: 'visible' });

    // 所属社区: the picker's first community (other suites add communities, so not a fixed one).
    await page.locator('#edit-community').click();
    await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click();
    // The choice lands when the picker reports it, not when 确定 is tapped: wait for the placeholder to go.
    await eventually(() => expect(page.locator('#edit-community').innerText()).resolves.not.toContain('请选择社区'));
    await page.locator('#edit-title input').fill(title);
    await page.locator('#edit-story textarea').fill('3 栋楼道墙面斑驳，大家出钱出力一起刷漆，让楼道亮堂起来。');
    await page.locator('#edit-line-0-target input').fill('800');

    // 添加照片: the file picker, then the upload (ticket from the API, POST to the bucket).
    const chooser = page.waitForEvent('filechooser');
    await page.locator('#edit-photos-add').click();
    await (await chooser).setFiles(photo);
    await page.locator('#edit-photos-photo-0').waitFor({ state: 'visible' });
    await showsImage(page, '#edit-photos-photo-0');
    await screenshot(page, 'crowdfund-photo-form');

    await page.locator('#edit-save').click();
    await page.getByText('草稿已保存').waitFor({ state: 'visible' });

    const resident = await devLogin('demo-resident');
    const mine = await call('GET', '/crowdfunds?mine=true&limit=50', { token: resident });
    const saved = mine.body.items.find((c: { title: string }) => c.title === title);
    expect(saved.photoKeys).toEqual([expect.stringMatching(/^crowdfund\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]{22}\.png$/)]);

    // 编辑 the draft again (a fresh tab): while it loads the page says so, instead of an empty
    // form a person could start filling; then the form shows the draft.
    const again = await context.newPage();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await again.route(
      (url) => url.pathname.endsWith(`/crowdfunds/${saved.id}`),
      async (route) => {
        if (route.request().method() === 'GET') await held;
        await route.continue();
      },
    );
    await again.goto(`${stackEnv.webUrl}/#/packages/crowdfund/pages/edit/index?id=${saved.id}`);
    await again.locator('#edit-loading').waitFor({ state: 'visible' });
    expect(await again.locator('#edit-form').count()).toBe(0);
    release();
    await again.locator('#edit-form').waitFor({ state: 'visible' });
    await eventually(() => expect(again.locator('#edit-title input').inputValue()).resolves.toBe(title));
    await again.close();

    await page.goto(`${stackEnv.webUrl}/#/packages/crowdfund/pages/detail/index?id=${saved.id}`);
    await page.locator('#crowdfund-title').waitFor({ state: 'visible' });
    const cover = await showsImage(page, '#crowdfund-cover');
    expect(cover.width).toBe(120);
    expect(cover.src.startsWith(stackEnv.s3Endpoint)).toBe(true);
    await screenshot(page, 'crowdfund-photo-detail');
    await context.close();
  }, 120_000);
});
