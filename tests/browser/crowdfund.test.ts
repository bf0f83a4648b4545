/**
 * Crowdfunding through the H5 UI: demo-resident pledges money and labour to the demo
 * crowdfund and sees the progress move; demo-admin confirms the money in the staff page;
 * the public ledger shows the income. Amounts are read from the API first, so the test
 * passes against a database earlier runs left pledges in.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loadUntil, loginAs, openApp, screenshot } from '../support/browser';
import { call, devLogin } from '../support/http';
import { formatYuan } from '../../miniprogram/src/utils/crowdfund';

const CF = 'cf-xingfu-playground';
const MONEY = 'ln-1';
const LABOUR = 'ln-3';

interface Line {
  id: string;
  pledged: number;
  target?: number;
  remaining?: number;
}
interface MinePledge {
  id: string;
  crowdfundId: string;
  lineId: string;
  status: string;
  value: number;
  createdAt: string;
}

let browser: Browser;
let resident: string;
let moneyPledgeId = '';
let voucher = '';

async function lines(): Promise<Record<string, Line>> {
  const res = await call('GET', `/crowdfunds/${CF}`);
  expect(res.status).toBe(200);
  return Object.fromEntries((res.body.lines as Line[]).map((l) => [l.id, l]));
}

async function myPledges(): Promise<MinePledge[]> {
  const res = await call('GET', '/pledges/mine', { token: resident });
  expect(res.status).toBe(200);
  return (res.body.items as MinePledge[]).filter((p) => p.crowdfundId === CF);
}

/** The pledge sheet: type into a Taro Input (a taro-input-core wrapping an <input>). */
async function pledge(page: Page, lineId: string, inputId: string, value: string): Promise<void> {
  await page.locator(`#line-${lineId}-pledge`).click();
  await page.locator('#pledge-sheet').waitFor({ state: 'visible' });
  await page.locator(`#${inputId} input`).fill(value);
  await page.locator('#pledge-submit').click();
  await page.locator('#pledge-sheet').waitFor({ state: 'detached' });
}

beforeAll(async () => {
  browser = await launchBrowser();
  resident = await devLogin('demo-resident');
  // Earlier runs: withdraw the resident's unconfirmed pledges here so the labour line keeps room.
  for (const p of await myPledges()) {
    if (p.status === 'pledged') expect((await call('POST', `/pledges/${p.id}/withdraw`, { token: resident })).status).toBe(200);
  }
}, 60_000);
afterAll(() => browser?.close());

describe('crowdfunding in the H5 mini-program', () => {
  it('demo-resident pledges ¥50 and 2 hours to the demo crowdfund and sees both lines move', async () => {
    const before = await lines();
    expect(before[LABOUR].remaining).toBeGreaterThanOrEqual(2);
    const { page, context } = await openApp(browser);
    await loginAs(page, 'demo-resident');
    await page.locator('.weui-tabbar__item').nth(2).click();
    await page.locator(`#crowdfund-card-${CF}`).waitFor({ state: 'visible' });
    await screenshot(page, 'crowdfund-list');
    await page.locator(`#crowdfund-card-${CF}`).click();

    const moneyText = page.locator(`#line-${MONEY}-progress-text`);
    const labourText = page.locator(`#line-${LABOUR}-progress-text`);
    await expect(moneyText.innerText()).resolves.toBe(`${formatYuan(before[MONEY].pledged)} / ${formatYuan(before[MONEY].target!)}`);

    await pledge(page, MONEY, 'pledge-amount', '50');
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.textContent === want,
      [`#line-${MONEY}-progress-text`, `${formatYuan(before[MONEY].pledged + 5000)} / ${formatYuan(before[MONEY].target!)}`] as const,
    );

    await expect(labourText.innerText()).resolves.toBe(`${before[LABOUR].pledged} / ${before[LABOUR].target} 小时`);
    await pledge(page, LABOUR, 'pledge-hours', '2');
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.textContent === want,
      [`#line-${LABOUR}-progress-text`, `${before[LABOUR].pledged + 2} / ${before[LABOUR].target} 小时`] as const,
    );
    await screenshot(page, 'crowdfund-detail-after-pledges');

    // The server agrees: exactly one new pledge per line (no double submit).
    const after = await lines();
    expect(after[MONEY].pledged).toBe(before[MONEY].pledged + 5000);
    expect(after[LABOUR].pledged).toBe(before[LABOUR].pledged + 2);
    const live = (await myPledges()).filter((p) => p.status === 'pledged');
    expect(live.map((p) => [p.lineId, p.value]).sort()).toEqual([
      [MONEY, 5000],
      [LABOUR, 2],
    ]);
    moneyPledgeId = live.find((p) => p.lineId === MONEY)!.id;
    await context.close();
  }, 90_000);

  it('demo-admin confirms the money pledge in the staff page', async () => {
    expect(moneyPledgeId).not.toBe('');
    const { page, context } = await openApp(browser);
    await loginAs(page, 'demo-admin');
    await page.locator('#workbench-entry').click();
    await page.locator('#workbench-crowdfund-manage').click();
    await page.locator(`#manage-crowdfund-${CF}`).click();
    await page.locator(`#manage-pledge-${moneyPledgeId}`).waitFor({ state: 'visible' });
    await expect(page.locator(`#manage-pledge-${moneyPledgeId}`).innerText()).resolves.toContain('王秀兰');
    await page.locator(`#manage-fulfil-${moneyPledgeId}`).click();
    await page.locator('#fulfil-sheet').waitFor({ state: 'visible' });
    await page.locator('#fulfil-method-bank_transfer').click();
    voucher = `TR${Date.now()}`;
    await page.locator('#fulfil-reference input').fill(voucher);
    await screenshot(page, 'crowdfund-admin-fulfil');
    await page.locator('#fulfil-submit').click();
    await page.locator(`#manage-pledge-${moneyPledgeId}`).waitFor({ state: 'detached' });

    const mine = await myPledges();
    expect(mine.find((p) => p.id === moneyPledgeId)?.status).toBe('fulfilled');
    await context.close();
  }, 90_000);

  it('the public ledger shows the income entry, named as the backer chose and without the voucher number (no login)', async () => {
    type Entry = { id: string; kind: string; pledgeId?: string; amount: number };
    let entry: Entry | undefined;
    let ledger = await call('GET', `/crowdfunds/${CF}/ledger?limit=50`);
    const first = ledger;
    for (;;) {
      entry = (ledger.body.entries as Entry[]).find((e) => e.kind === 'income' && e.pledgeId === moneyPledgeId);
      if (entry || !ledger.body.nextCursor) break;
      ledger = await call('GET', `/crowdfunds/${CF}/ledger?limit=50&cursor=${ledger.body.nextCursor}`);
    }
    expect(entry?.amount).toBe(5000);

    const { page, context } = await openApp(browser, `/packages/crowdfund/pages/ledger/index?id=${CF}`);
    const row = page.locator(`#ledger-entry-${entry!.id}`);
    await page.locator('#ledger-totals').waitFor({ state: 'visible' });
    // Older pages load on 加载更多 until the entry is there.
    await loadUntil(page, 'ledger-more', row);
    const text = await row.innerText();
    expect(text).toContain('+¥50.00');
    expect(text).toContain('王秀兰');
    expect(text).toContain('银行转账');
    // #13 item 19: the payment voucher number is never public.
    expect(voucher).not.toBe('');
    expect(await page.locator('body').innerText()).not.toContain(voucher);
    expect(JSON.stringify(first.body)).not.toContain(voucher);
    await expect(page.locator('#ledger-total-income').innerText()).resolves.toBe(formatYuan(first.body.totals.income));
    await expect(page.locator('#ledger-balance').innerText()).resolves.toBe(formatYuan(first.body.totals.balance));
    await screenshot(page, 'crowdfund-ledger');
    await context.close();
  }, 90_000);

  it('a crowdfund with 25 backers shows the count and the newest 10; 查看全部支持者 pages through all of them, named as each chose', async () => {
    const admin = await devLogin('demo-admin');
    const created = await call('POST', '/crowdfunds', {
      token: admin,
      body: {
        communityId: 'cm-xingfu',
        title: `楼道绿植众筹 ${Date.now().toString(36)}`,
        story: '为楼道添置绿植，邻居们一起出一点钱。',
        deadline: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
        lines: [{ kind: 'money', title: '绿植资金', target: 1_000_000 }],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await call('POST', `/crowdfunds/${id}/submit`, { token: admin });
    expect((await call('POST', `/crowdfunds/${id}/approve`, { token: admin, body: {} })).status).toBe(200);
    const named = await devLogin(`cf-bs-${Date.now()}-named`);
    const shy = await devLogin(`cf-bs-${Date.now()}-quiet`);
    const shyName = (await call('GET', '/me', { token: shy })).body.user.nickname as string;
    const N = 25;
    for (let i = 0; i < N; i++) {
      const anonymous = i % 5 === 0;
      const r = await call('POST', `/crowdfunds/${id}/pledges`, {
        token: anonymous ? shy : named,
        body: { lineId: 'ln-1', amount: 100 + i, anonymous, clientToken: `browser-bk-${id}-${i}` },
      });
      expect(r.status).toBe(201);
    }

    const { page, context } = await openApp(browser, `/packages/crowdfund/pages/detail/index?id=${id}`);
    await page.locator('#crowdfund-backer-count').waitFor({ state: 'visible' });
    await expect(page.locator('#crowdfund-backer-count').innerText()).resolves.toBe(`支持者（${N}）`);
    await expect(page.locator('#crowdfund-backers [id^="backer-"]').count()).resolves.toBe(10);
    await page.locator('#crowdfund-backers-all-link').click();
    await page.locator('#crowdfund-backers-all [id^="backer-"]').first().waitFor({ state: 'visible' });
    // 加载更多 until all are in (scrolling to the button can itself load the next page: reaching the bottom).
    await loadUntil(page, 'crowdfund-backers-more');
    await page.waitForFunction(() => document.querySelectorAll('#crowdfund-backers-all [id^="backer-"]').length === 25);
    const all = await page.locator('#crowdfund-backers-all').innerText();
    expect(all).toContain('没有更多了');
    expect(all.match(/匿名居民/g)).toHaveLength(N / 5);
    expect(all).not.toContain(shyName);
    await screenshot(page, 'crowdfund-all-backers');
    await context.close();
  }, 120_000);
});
