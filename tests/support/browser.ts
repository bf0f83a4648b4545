import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { stackEnv } from './env';

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A phone-sized page of the H5 app (fresh storage: logged out). */
export async function openApp(browser: Browser, hashPath = '/pages/index/index'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(`${stackEnv.webUrl}/#${hashPath}`);
  return { context, page };
}

/** Opens 我的, logs in through the demo-account sheet and waits for the nickname. */
export async function loginAs(page: Page, openid: string): Promise<void> {
  await page.goto(`${stackEnv.webUrl}/#/pages/me/index`);
  await page.locator('#login-button').click();
  await page.locator(`#demo-account-${openid}`).click();
  await page.locator('#me-nickname').waitFor({ state: 'visible' });
}

/**
 * Logs a page in as any openid (not only the login sheet's demo accounts): the dev login's
 * session, stored the way the app stores it (Taro H5 storage), then the page reloaded.
 */
export async function loginAsOpenid(page: Page, openid: string): Promise<void> {
  const res = await fetch(`${stackEnv.apiUrl}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) });
  if (res.status !== 200) throw new Error(`dev-login ${openid} failed: ${res.status}`);
  const session = (await res.json()) as { token: string; user: unknown };
  await page.goto(`${stackEnv.webUrl}/#/pages/me/index`);
  await page.evaluate((value) => localStorage.setItem('rs.session', JSON.stringify({ data: value })), { token: session.token, user: session.user });
  await page.reload();
  await page.locator('#me-nickname').waitFor({ state: 'visible' });
}

/** Saves a screenshot into the test artifacts (handy when a browser test fails in CI). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(process.env.RS_ARTIFACTS ?? '.test-artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  // An artifact, not a check: a page that never stops moving is photographed anyway.
  await settled(page, 5000).catch(() => undefined);
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/**
 * Waits until nothing on the page moves (instead of sleeping through Taro's animations): every
 * page of Taro's H5 router is either hidden or shown and stationed (the slide-in of 0.3 s is
 * over; a page opened fresh is stationed at once), and no finite animation or transition
 * (toast, picker) still runs. Endless ones (spinners) don't count.
 */
export async function settled(page: Page, timeout?: number): Promise<void> {
  await page.waitForFunction(() => {
    const pages = [...document.querySelectorAll('.taro_router > .taro_page')];
    const still = pages.every((p) => p.classList.contains('taro_page_shade') || p.classList.contains('taro_page_stationed'));
    return still && document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);
  }, undefined, { timeout });
}

/** A Chromium for the whole file: launched in `beforeAll` (with the stack's table), closed in `afterAll`. */
export function useBrowser(setup: () => void = () => undefined): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    setup();
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  return () => browser!;
}

/** A selector for an element id that may hold characters CSS would need escaped. */
export const byId = (id: string) => `[id="${id}"]`;

/**
 * Taps a paged list's 加载更多 (`moreId`) once. Scrolling the button into view can itself load
 * the next page (the page's reach-bottom does what a person's scroll does), which replaces the
 * button while the tap is on its way: a tap that finds the button gone is not an error.
 */
export async function tapMore(page: Page, moreId: string): Promise<void> {
  const more = page.locator(byId(moreId));
  for (let attempt = 0; ; attempt++) {
    try {
      await more.click({ timeout: 5000 });
      return;
    } catch (e) {
      if (!(await more.isVisible())) return;
      if (attempt === 2) throw e;
    }
  }
}

/**
 * Pages a list until `wanted` shows (when given) or the list ends (`<moreId>-end`, 没有更多了),
 * tapping 加载更多 like a person; fails when neither happens within `maxPages` pages.
 */
export async function loadUntil(page: Page, moreId: string, wanted?: Locator, maxPages = 60): Promise<void> {
  const end = page.locator(byId(`${moreId}-end`));
  for (let i = 0; i < maxPages; i++) {
    const more = page.locator(byId(moreId));
    const any = wanted ? wanted.first().or(more).or(end) : more.or(end);
    await any.first().waitFor({ state: 'visible' });
    if (wanted && (await wanted.first().isVisible())) return;
    if (!(await more.isVisible())) {
      if (!wanted) return;
      throw new Error(`the list ended (${moreId}) without showing what the test waits for`);
    }
    await tapMore(page, moreId);
    // Wait for the page to arrive: the button leaves its loading state or the list ends.
    await page.waitForFunction(
      ([id]) => {
        const el = document.getElementById(id);
        return !el || !/加载中/.test(el.textContent ?? '');
      },
      [moreId],
    );
  }
  throw new Error(`${moreId}: still more pages after ${maxPages}`);
}

/**
 * The community `communityId` in a paged community list (首页, the 预约 tab's chips): other
 * suites add communities, so it may sit on a later page; loads more until it shows.
 */
export async function showCommunity(page: Page, communityId: string): Promise<Locator> {
  const wanted = page.locator(byId(`community-${communityId}`));
  await loadUntil(page, 'communities-more', wanted);
  return wanted;
}

/**
 * Retries an assertion until it passes, then fails with its last error after `timeout` ms. For
 * one-shot reads (innerText, getAttribute, inputValue, count…) of what the page may still be
 * changing: data arriving, a list reloading after an action, a page shown again with its old data.
 * Only for what must become true: a negative check passes at once, before anything settles.
 */
export async function eventually(assertion: () => Promise<unknown>, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
