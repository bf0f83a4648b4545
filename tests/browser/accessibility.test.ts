/**
 * Accessibility (issue #12): axe-core (WCAG 2.x A and AA) on every page listed in
 * app.config.ts, opened by the account each page needs with the demo data (and a booking of
 * the resident's own), in normal mode and in care mode 关怀模式. Any serious or critical
 * violation fails, with the page, the rule and the offending elements in the message.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { call, devLogin } from '../support/http';
import { nthWeekdayAfterToday } from '../support/dates';
import { appPages, appRoutes, expectCareMode, openPage, signIn, switchCareMode, type DemoAccount } from '../support/app-pages';
import { staffActivity } from '../support/activities';

jest.setTimeout(600_000);

const AXE = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

let browser: Browser;
let resident: string;
let booking = '';
/** A published activity of the demo centre (an address, in 3 days): its detail and organiser pages have data. */
let activity = '';
let staff = '';

/** A booking of demo-resident's (多功能会议室, awaiting approval), made over the API and cancelled after. */
async function bookForResident(): Promise<string> {
  for (let n = 2; n <= 9; n++) {
    for (const start of ['10:00', '15:00']) {
      const end = `${Number(start.slice(0, 2)) + 1}:00`;
      const res = await call('POST', '/bookings', {
        token: resident,
        body: { roomId: 'rm-centre-hall', date: nthWeekdayAfterToday(n), start, end, purpose: '老年合唱排练', attendees: 8 },
      });
      if (res.status === 201) return res.body.id;
    }
  }
  throw new Error('could not book a slot of rm-centre-hall for demo-resident');
}

beforeAll(async () => {
  browser = await launchBrowser();
  resident = await devLogin('demo-resident');
  booking = await bookForResident();
  staff = await devLogin('demo-staff');
  activity = (await staffActivity(staff, { title: '无障碍检查讲座' })).id;
});
afterAll(async () => {
  if (booking) await call('POST', `/bookings/${booking}/cancel`, { token: resident, body: {} });
  if (activity) await call('POST', `/activities/${activity}/cancel`, { token: staff, body: { reason: '检查结束' } });
  await browser?.close();
});

/** axe-core's serious and critical violations on the open page, one message each. */
async function seriousViolations(page: Page, path: string): Promise<string[]> {
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${path} — ${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n').slice(1, 2).join(' ').trim()}`).join('\n')}`);
}

type Mode = 'normal' | 'care';
let scanned: Promise<Record<Mode, string[]>> | undefined;

/**
 * Every page, checked in both modes from one load: opened in the mode the account's last switch
 * left (normal for the first page), checked, switched to the other mode with the 关怀模式 switch
 * on 我的 (the open page follows without a reload), checked again. So every page is checked in
 * both modes, half of them opened fresh in care mode (as a resident who turned it on finds them)
 * and half switched while open. Run once for both tests below.
 */
function scanAll(): Promise<Record<Mode, string[]>> {
  scanned ??= (async () => {
    const pages = appPages({ booking, activity });
    const problems: Record<Mode, string[]> = { normal: [], care: [] };
    const scanAccount = async (as: DemoAccount) => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      try {
        const me = await signIn(context, as);
        let care = false;
        for (const p of pages.filter((x) => x.as === as)) {
          const page = await openPage(context, p.path);
          try {
            await expectCareMode(page, care);
            await page.addScriptTag({ path: AXE });
            problems[care ? 'care' : 'normal'].push(...(await seriousViolations(page, p.path)));
            care = !care;
            await switchCareMode(me, care, page);
            problems[care ? 'care' : 'normal'].push(...(await seriousViolations(page, p.path)));
          } finally {
            await page.close();
          }
        }
      } finally {
        await context.close();
      }
    };
    // Two accounts at a time (each in its own context, so their care-mode switches don't meet):
    // while one page waits for its data, the other is checked — CI has two cores.
    const accounts = [...new Set(pages.map((p) => p.as))] as DemoAccount[];
    const lane = async () => {
      for (let as = accounts.shift(); as; as = accounts.shift()) await scanAccount(as);
    };
    await Promise.all([lane(), lane()]);
    return problems;
  })();
  return scanned;
}

describe('axe-core on every page of app.config.ts', () => {
  it('reads the page list from app.config.ts (main package and subpackages)', () => {
    const routes = appRoutes();
    expect(routes).toContain('pages/index/index');
    expect(routes).toContain('packages/staff/pages/index/index');
    expect(routes.length).toBeGreaterThan(20);
  });

  for (const care of [false, true]) {
    it(`finds no serious or critical violation on any page in ${care ? '关怀模式' : 'normal mode'}`, async () => {
      const problems = await scanAll();
      expect(problems[care ? 'care' : 'normal']).toEqual([]);
    });
  }
});
