/** Browser helpers of the 诉求 tests: a phone page logged in as a test person, and waiting for a status. */
import type { Browser, Page } from 'playwright-core';
import { loginAsOpenid } from './browser';
import type { Person } from './requests';

export async function pageAs(b: Browser, p: Person): Promise<Page> {
  const context = await b.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await loginAsOpenid(page, p.openid);
  return page;
}

/** Waits until the request detail page shows `label` as its status. */
export const requestStatus = (page: Page, label: string) => page.locator('#request-status', { hasText: label }).waitFor({ state: 'visible' });

/** Confirms the open Taro modal (showModal), after checking it says `contains`. */
export async function confirmModal(page: Page, contains: string): Promise<void> {
  await page.locator('.taro-model__confirm').waitFor({ state: 'visible' });
  await page.locator('.taro-modal__content', { hasText: contains }).waitFor({ state: 'visible' });
  await page.locator('.taro-model__confirm').click();
  await page.locator('.taro-model__confirm').waitFor({ state: 'hidden' });
}
