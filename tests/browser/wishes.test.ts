/**
 * 微心愿 in the H5 mini-program (issue 10): a party member finds a wish on the wall of their
 * community, claims it, opens 我认领的 and delivers it with a note and a photo; the
 * beneficiary opens 我的心愿 and confirms receipt. The community, building and wish are this
 * test's own (the wish posted over HTTP by the beneficiary, screened by the community's admin).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { communityItem } from '../../functions/src/org/storage';
import { approveWish } from '../../functions/src/wishes/domain';
import { loginAsOpenid, openApp, screenshot, useBrowser } from '../support/browser';
import { call } from '../support/http';
import { stackEnv } from '../support/env';
import { principal } from '../support/principals';
import { useStackTable } from '../support/ddb';
import { pngBytes } from '../support/uploads';

const browser = useBrowser(useStackTable);
const run = Date.now().toString(36);
const COMMUNITY = `cm-wib-${run}`;
const BUILDING = `bd-wib-${run}`;

async function devLogin(openid: string): Promise<{ token: string; id: string }> {
  const res = await call('POST', '/auth/dev-login', { body: { openid } });
  return { token: res.body.token, id: res.body.user.id };
}

describe('micro-wishes in the H5 mini-program', () => {
  it('a member claims and delivers a wish; the beneficiary confirms', async () => {
    const put = (item: Record<string, unknown>) => ddb().send(new PutCommand({ TableName: tableName(), Item: item }));
    // A whole community item (the public community list shows it): the org domain's own item builder.
    await put(communityItem({ id: COMMUNITY, streetId: 'st-wib', streetName: '心愿街道', name: `心愿社区${run}`, address: '圆梦路 1 号', gridCount: 1, buildingCount: 1 }));
    await put({ ...keys.building(BUILDING), ...keys.communityChild(COMMUNITY, 'BUILDING', BUILDING), entity: 'Building', id: BUILDING, communityId: COMMUNITY, gridId: `gd-wib-${run}`, estate: '圆梦小区', name: '6 栋' });

    const beneficiaryOpenid = `wib-ben-${run}`;
    const memberOpenid = `wib-mem-${run}`;
    const ben = await devLogin(beneficiaryOpenid);
    const mem = await devLogin(memberOpenid);
    // The member's confirmed membership, as the members domain leaves it on the profile.
    await ddb().send(new UpdateCommand({ TableName: tableName(), Key: keys.user(mem.id), UpdateExpression: 'SET #r.#m = :t', ExpressionAttributeNames: { '#r': 'roles', '#m': 'member' }, ExpressionAttributeValues: { ':t': true } }));

    const title = `一台老年收音机 ${run}`;
    const posted = await call('POST', '/wishes', {
      token: ben.token,
      body: { communityId: COMMUNITY, buildingId: BUILDING, kind: 'goods', title, reason: '独居在家，想每天听听戏曲和新闻', value: 8000, beneficiary: { name: '周桂芳', phone: '13655556666', address: '2 单元 101 室' } },
    });
    expect(posted.status).toBe(201);
    const id: string = posted.body.id;
    await approveWish(id, undefined, principal({ adminCommunityIds: [COMMUNITY] }, '社区书记'));

    // The member: the wall of the community → the wish → 我来认领.
    const { page, context } = await openApp(browser());
    await loginAsOpenid(page, memberOpenid);
    await page.goto(`${stackEnv.webUrl}/#/packages/wishes/pages/index/index?communityId=${COMMUNITY}`);
    await page.locator(`#wish-${id}`).waitFor({ state: 'visible' });
    await expect(page.locator(`#wish-${id}`).innerText()).resolves.toContain('圆梦小区 6 栋');
    await expect(page.locator('#wishes-list').innerText()).resolves.not.toContain('周桂芳');
    await screenshot(page, 'wishes-1-wall');
    await page.locator(`#wish-${id}`).click();
    await page.locator('#wish-claim-button').waitFor({ state: 'visible' });
    await page.locator('#wish-claim-button').click();
    await page.locator('.taro-model__confirm').waitFor({ state: 'visible' });
    await page.locator('.taro-model__confirm').click();
    await expect(page.locator('#wish-status').getByText('已认领').waitFor()).resolves.toBeUndefined();
    // Once the claim is theirs, the member sees whom to bring it to.
    await expect(page.locator('#wish-beneficiary').innerText()).resolves.toContain('13655556666');

    // 我认领的 → the wish → 登记送达 with a note and a photo.
    await page.goto(`${stackEnv.webUrl}/#/packages/wishes/pages/mine/index`);
    await page.locator(`#my-claim-${id}`).waitFor({ state: 'visible' });
    await page.locator(`#my-claim-${id}`).click();
    await page.locator('#wish-deliver-form').waitFor({ state: 'visible' });
    await page.locator('#wish-deliver-note textarea').fill('收音机已送到周阿姨家，教会了调台');
    const photo = join(tmpdir(), `rs-wish-${run}.png`);
    writeFileSync(photo, pngBytes(96));
    const chooser = page.waitForEvent('filechooser');
    await page.locator('#wish-deliver-photos-add').click();
    await (await chooser).setFiles(photo);
    await page.locator('#wish-deliver-photos-photo-0').waitFor({ state: 'visible' });
    await page.locator('#wish-deliver-button').click();
    await page.locator('#wish-status', { hasText: '已送达' }).waitFor();
    await page.locator('#wish-delivery').waitFor({ state: 'visible' });
    await screenshot(page, 'wishes-2-delivered');
    await context.close();

    // The beneficiary: 我的心愿 → 我发布的 → 确认已收到.
    const b = await openApp(browser());
    await loginAsOpenid(b.page, beneficiaryOpenid);
    await b.page.goto(`${stackEnv.webUrl}/#/packages/wishes/pages/mine/index`);
    await b.page.locator(`#my-wish-${id}`).waitFor({ state: 'visible' });
    await expect(b.page.locator(`#my-wish-${id}-status`).innerText()).resolves.toBe('已送达');
    await b.page.locator(`#my-wish-${id}`).click();
    await b.page.locator('#wish-confirm-button').waitFor({ state: 'visible' });
    await b.page.locator('#wish-confirm-button').click();
    await b.page.locator('.taro-model__confirm').waitFor({ state: 'visible' });
    await b.page.locator('.taro-model__confirm').click();
    await b.page.locator('#wish-status', { hasText: '已确认' }).waitFor();
    await screenshot(b.page, 'wishes-3-confirmed');
    await b.context.close();

    const after = await call('GET', `/wishes/${id}`);
    expect(after.body).toMatchObject({ status: 'confirmed', confirmedBy: 'beneficiary', delivery: { note: '收音机已送到周阿姨家，教会了调台' } });
  });
});
