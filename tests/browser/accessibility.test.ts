/**
 * Accessibility (issue #12): axe-core (WCAG 2.x A and AA) on every page listed in
 * app.config.ts, opened by the account each page needs with the demo data (and a booking of
 * the resident's own), in normal mode and in care mode 关怀模式. Any serious or critical
 * violation fails, with the page, the rule and the offending elements in the message.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { call, devLogin } from '../support/http';
import { nthWeekdayAfterToday } from '../support/dates';
import { appPages, appRoutes, openPage, signIn, type DemoAccount } from '../support/app-pages';
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

async function seriousViolations(context: BrowserContext, path: string): Promise<string[]> {
  const page = await openPage(context, path);
  try {
    await page.addScriptTag({ path: AXE });
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
  } finally {
    await page.close();
  }
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
      const pages = appPages({ booking, activity });
      const problems: string[] = [];
      for (const as of [...new Set(pages.map((p) => p.as))] as DemoAccount[]) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
        try {
          await signIn(context, as, care);
          for (const p of pages.filter((x) => x.as === as)) {
            problems.push(...(await seriousViolations(context, p.path)));
          }
        } finally {
          await context.close();
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
