/**
 * Issue #13 item 12, 线下核实: the admin reviewing a member application in 工作台 → 党员与报到
 * → 党员认证 sees the masked number, taps 查看完整号码, confirms, and sees the full number
 * (tappable to call). The check is recorded: the applicant finds it under 谁查看了我的电话.
 */
import { allRevealsOfMember } from '../../functions/src/members/storage';
import { useStackTable } from '../support/ddb';
import { byId, useBrowser, loginAs, loadUntil, openApp, screenshot } from '../support/browser';
import { stackEnv } from '../support/env';
import { call, devLogin } from '../support/http';

jest.setTimeout(180_000);

const browserOf = useBrowser(useStackTable);

describe('线下核实: the admin sees an applicant’s full number, audited', () => {
  it('admin opens the application, taps 查看完整号码 and sees the number; the applicant sees who checked', async () => {
    const openid = `browser-verify-${Date.now()}`;
    const token = await devLogin(openid);
    const userId: string = (await call('GET', '/me', { token })).body.user.id;
    const phone = `139${String(Date.now() % 1e8).padStart(8, '0')}`;
    expect((await call('POST', '/members/apply', { token, body: { communityId: 'cm-xingfu', name: '核实测试', branch: '市政府机关党支部', phone } })).status).toBe(201);

    // demo-admin: 我的 → 工作台 → 党员与报到 → 党员认证.
    const { page, context } = await openApp(browserOf(), '/pages/me/index');
    await loginAs(page, 'demo-admin');
    await page.locator(byId('workbench-entry')).click();
    await page.locator(byId('workbench-members')).click();
    await page.locator(byId('staff-members-tab-applications')).click();
    const item = page.locator(byId(`application-${userId}`));
    // Older applications come first: 加载更多 until this one is on the list.
    await loadUntil(page, 'staff-applications-more', item);
    await expect(item.innerText()).resolves.toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    await expect(item.innerText()).resolves.not.toContain(phone);

    await page.locator(byId(`application-${userId}-show-phone`)).click();
    await page.locator('.taro-model__confirm').waitFor({ state: 'visible' });
    await expect(page.locator('.taro-modal__content').innerText()).resolves.toContain('核实测试');
    await page.locator('.taro-model__confirm').click();
    const shown = page.locator(byId(`application-${userId}-phone`));
    await shown.waitFor({ state: 'visible' });
    await expect(shown.innerText()).resolves.toContain(phone);
    await screenshot(page, 'member-verify-phone-admin');

    // Recorded in the applicant's audit (who, whom, when, why).
    const audit = await allRevealsOfMember(userId);
    expect(audit).toEqual([expect.objectContaining({ viewerId: 'u-demo-admin', memberId: userId, purpose: 'verify' })]);

    // The admin confirms; the applicant sees the check in 党员中心 → 谁查看了我的电话.
    await page.locator(byId(`application-${userId}-confirm`)).click();
    await item.waitFor({ state: 'detached' });
    await context.close();

    const session = (await call('POST', '/auth/dev-login', { body: { openid } })).body;
    const member = await openApp(browserOf());
    await member.page.locator(byId('page-index')).waitFor();
    await member.page.evaluate(
      ([s, o]) => {
        localStorage.setItem('rs.session', JSON.stringify({ data: s }));
        localStorage.setItem('rs.demoOpenid', JSON.stringify({ data: o }));
      },
      [session, openid] as const,
    );
    await member.page.goto(`${stackEnv.webUrl}/#/packages/member/pages/index/index`);
    await member.page.reload();
    const log = member.page.locator(byId('member-reveal-u-demo-admin'));
    await log.waitFor({ state: 'visible' });
    await expect(log.innerText()).resolves.toContain('社区管理员核实身份时查看');
    await screenshot(member.page, 'member-verify-phone-applicant');
    await member.context.close();
  });
});
