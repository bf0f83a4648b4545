/**
 * 二维码管理 pages its list (issue 14): a community with more codes than a page shows the
 * first page and a 加载更多 at the foot that brings the rest, each once.
 */
import { ensureCode } from '../../functions/src/codes/domain';
import { useStackTable } from '../support/ddb';
import { byId, useBrowser, loginAs, loadUntil } from '../support/browser';

jest.setTimeout(180_000);

const browserOf = useBrowser(useStackTable);

it('二维码管理 shows a page of codes, then 加载更多 brings the rest', async () => {
  // Room codes sorting after every demo room: the demo codes stay on the first page for other tests.
  const run = Date.now().toString(36);
  const rooms = Array.from({ length: 22 }, (_, i) => `rm-zz-${run}-${String(i).padStart(2, '0')}`);
  for (const id of rooms) await ensureCode('room', id, 'cm-xingfu', `分页测试 ${id}`);
  const page = await browserOf().newPage();
  await loginAs(page, 'demo-admin');
  await page.locator(byId('workbench-entry')).click();
  await page.locator(byId('workbench-codes')).click();
  await page.locator(byId('code-cm-xingfu')).waitFor({ state: 'visible' });
  const more = page.locator(byId('staff-codes-more'));
  await more.waitFor({ state: 'visible' });
  await expect(page.locator(byId(`code-${rooms[21]}`)).count()).resolves.toBe(0);
  await loadUntil(page, 'staff-codes-more');
  for (const id of [rooms[0], rooms[21]]) await expect(page.locator(byId(`code-${id}`)).count()).resolves.toBe(1);
  await expect(page.locator(byId('code-bd-xingfu-1')).count()).resolves.toBe(1);
  await page.close();
});
