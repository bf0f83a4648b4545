/**
 * 关怀模式 (issue #12) in the H5 build on a 360 px wide phone:
 * - the switch on 我的 turns care mode on at once on every open page (no reload) and is
 *   remembered on the device;
 * - on the main journeys' pages no text is below the care minimum (16 px; body text 18 px),
 *   buttons are at least 48 px tall, and nothing sticks out sideways; in normal mode no text is
 *   below 14 px. Screenshots of each page in both modes go to the test artifacts
 *   (`.test-artifacts/screenshots/care-*.png`).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, loginAs, screenshot } from '../support/browser';
import { expectCareMode, openPage, signIn, switchCareMode, type DemoAccount } from '../support/app-pages';
import { stackEnv } from '../support/env';
import { DEMO_CODES } from '../../functions/src/demo/data';

jest.setTimeout(300_000);

const NORMAL_MIN_PX = 14;
const CARE_MIN_PX = 16;
const CARE_BODY_PX = 18;
const CARE_TAP_PX = 48;

const buildingCode = DEMO_CODES.find((c) => c.kind === 'building' && c.targetId === 'bd-xingfu-1')!.token;

/** The journeys residents over 60 walk: find a station and book, scan a building code, crowdfunds, 我的. */
const JOURNEY: Array<{ name: string; path: string; as: DemoAccount }> = [
  { name: 'home', path: '/pages/index/index', as: 'demo-resident' },
  { name: 'community', path: '/pages/community/index?id=cm-xingfu', as: 'demo-resident' },
  { name: 'booking-tab', path: '/pages/booking/index', as: 'demo-resident' },
  { name: 'station', path: '/pages/station/index?id=sn-xingfu-centre', as: 'demo-resident' },
  { name: 'room', path: '/pages/room/index?id=rm-centre-reading', as: 'demo-resident' },
  { name: 'my-bookings', path: '/pages/bookings/index', as: 'demo-resident' },
  { name: 'building', path: `/pages/building/index?id=bd-xingfu-1&code=${buildingCode}`, as: 'demo-resident' },
  { name: 'crowdfund-tab', path: '/pages/crowdfund/index', as: 'demo-resident' },
  { name: 'crowdfund-detail', path: '/packages/crowdfund/pages/detail/index?id=cf-xingfu-playground', as: 'demo-resident' },
  { name: 'crowdfund-ledger', path: '/packages/crowdfund/pages/ledger/index?id=cf-xingfu-playground', as: 'demo-resident' },
  { name: 'me', path: '/pages/me/index', as: 'demo-resident' },
  { name: 'member-center', path: '/packages/member/pages/index/index', as: 'demo-member' },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

function phone(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

interface Measured {
  smallText: string[];
  smallBody: string[];
  smallTargets: string[];
  overflow: string[];
}

/**
 * Rendered sizes of what is visible on the page: the font size each text is drawn at (its
 * computed size times the zoom of care mode), button heights, and elements reaching past the
 * right edge of the screen (outside deliberately side-scrolling strips).
 */
function measure(page: Page, limits: { min: number; body: number; tap: number }): Promise<Measured> {
  return page.evaluate(({ min, body, tap }) => {
    const out = { smallText: [] as string[], smallBody: [] as string[], smallTargets: [] as string[], overflow: [] as string[] };
    const root = document.querySelector('.taro_page:not([style*="display: none"]) .page') ?? document.querySelector('.page');
    if (!root) throw new Error('no .page on screen');
    const label = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 20)}"`;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const drawnPx = (el: Element) => parseFloat(getComputedStyle(el).fontSize) * ((el as unknown as { currentCSSZoom?: number }).currentCSSZoom ?? 1);
    const scrollsSideways = (el: Element) => {
      for (let p: Element | null = el.parentElement; p && p !== root; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll') return true;
      }
      return false;
    };
    const width = document.documentElement.clientWidth;
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (!visible(el)) continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (ownText && drawnPx(el) < min - 0.05) out.smallText.push(`${label(el)}: ${drawnPx(el).toFixed(1)} px`);
      if (el.matches('.ui-cell__title, .section__title, .ui-button__text') && drawnPx(el) < body - 0.05) out.smallBody.push(`${label(el)}: ${drawnPx(el).toFixed(1)} px`);
      if (el.matches('.ui-button') && el.getBoundingClientRect().height < tap - 0.5) out.smallTargets.push(`${label(el)}: ${el.getBoundingClientRect().height.toFixed(1)} px`);
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && !scrollsSideways(el)) out.overflow.push(`${label(el)}: right edge ${r.right.toFixed(0)} > ${width}`);
    }
    if (document.documentElement.scrollWidth > width + 1) out.overflow.push(`document is ${document.documentElement.scrollWidth} px wide`);
    return out;
  }, limits);
}

type Mode = 'normal' | 'care';
let measured: Promise<Record<Mode, string[]>> | undefined;

/**
 * Every journey page measured in both modes from one load: opened in the mode the account's last
 * switch left (normal for the first page), measured, switched to the other mode with the switch
 * on 我的 (the open page follows without a reload), measured again. Half the pages are thus
 * opened fresh in care mode and half switched while open. Run once for both tests below.
 */
function measureJourney(): Promise<Record<Mode, string[]>> {
  measured ??= (async () => {
    const problems: Record<Mode, string[]> = { normal: [], care: [] };
    const check = async (page: Page, name: string, care: boolean) => {
      const mode: Mode = care ? 'care' : 'normal';
      await screenshot(page, `care-${name}-${mode}`);
      const m = await measure(page, care ? { min: CARE_MIN_PX, body: CARE_BODY_PX, tap: CARE_TAP_PX } : { min: NORMAL_MIN_PX, body: NORMAL_MIN_PX, tap: 0 });
      for (const [what, list] of Object.entries(m)) for (const line of list.slice(0, 8)) problems[mode].push(`${name} ${what}: ${line}`);
    };
    for (const as of [...new Set(JOURNEY.map((p) => p.as))]) {
      const context = await phone();
      try {
        const me = await signIn(context, as);
        let care = false;
        for (const j of JOURNEY.filter((x) => x.as === as)) {
          const page = await openPage(context, j.path);
          await expectCareMode(page, care);
          await check(page, j.name, care);
          care = !care;
          await switchCareMode(me, care, page);
          await check(page, j.name, care);
          await page.close();
        }
      } finally {
        await context.close();
      }
    }
    return problems;
  })();
  return measured;
}

describe('关怀模式 care mode', () => {
  it('the switch on 我的 applies care mode at once to the open pages, and the device remembers it', async () => {
    const context = await phone();
    const page = await context.newPage();
    await loginAs(page, 'demo-resident');
    // Open 首页 first (it stays mounted under the tab bar), then come back to 我的.
    await page.locator('.weui-tabbar__item').nth(0).click();
    await page.locator('#page-index').waitFor({ state: 'visible' });
    await page.locator('.weui-tabbar__item').nth(3).click();
    await expect(page.locator('#care-mode-state').innerText()).resolves.toBe('未开启');
    await expect(page.locator('#page-me').getAttribute('class')).resolves.not.toContain('rs-care');
    await expect(page.locator('#care-mode-switch').getAttribute('aria-checked')).resolves.toBe('false');

    await page.locator('#care-mode-switch').click();
    await expect(page.locator('#care-mode-state').innerText()).resolves.toBe('已开启');
    await expect(page.locator('#care-mode-switch').getAttribute('aria-checked')).resolves.toBe('true');
    await expect(page.locator('#page-me').getAttribute('class')).resolves.toContain('rs-care');
    // 首页 was open already: it changed without a reload, as did the tab bar (on <html>).
    await expect(page.locator('#page-index').getAttribute('class')).resolves.toContain('rs-care');
    await expect(page.locator('html').getAttribute('class')).resolves.toContain('rs-care');
    const tabLabel = await page.locator('.weui-tabbar__label').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(tabLabel).toBeGreaterThanOrEqual(CARE_BODY_PX);

    // A subpackage page opened later, and the app opened again, are in care mode too.
    await page.goto(`${stackEnv.webUrl}/#/packages/crowdfund/pages/mine/index`);
    await page.locator('#page-crowdfund-mine.rs-care').waitFor({ state: 'visible' });
    await page.reload();
    await page.locator('#page-crowdfund-mine.rs-care').waitFor({ state: 'visible' });

    // And off again.
    await page.goto(`${stackEnv.webUrl}/#/pages/me/index`);
    await page.locator('#care-mode-switch').click();
    await expect(page.locator('#care-mode-state').innerText()).resolves.toBe('未开启');
    await expect(page.locator('#page-me').getAttribute('class')).resolves.not.toContain('rs-care');
    await context.close();
  });

  for (const care of [false, true]) {
    it(`on a 360 px phone in ${care ? '关怀模式' : 'normal mode'}: no text below ${care ? CARE_MIN_PX : NORMAL_MIN_PX} px${care ? ', big buttons' : ''}, nothing overflows sideways`, async () => {
      const problems = await measureJourney();
      expect(problems[care ? 'care' : 'normal']).toEqual([]);
    });
  }
});
