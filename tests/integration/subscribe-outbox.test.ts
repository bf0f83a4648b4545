import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { upsertUserByOpenid } from '../../functions/src/auth/domain';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { reloadConfig } from '../../functions/src/lib/config';
import { newMessage } from '../../functions/src/messages/domain';
import { MAX_ATTEMPTS, retryDelayMs, sendDueSubscribeMessages } from '../../functions/src/messages/outbox';
import { addSubscribeCredits, deliverOnce, outboxDone, subscribeCredits } from '../../functions/src/messages/storage';
import { clearAccessTokenCache } from '../../functions/src/wechat/access-token';
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeWechat } from '../fakes/wechat-server';
import { useStackTable } from '../support/ddb';

const TEMPLATE = 'tmpl-booking-result';
let wechat: Awaited<ReturnType<typeof startFakeWechat>>;
beforeAll(async () => {
  useStackTable();
  process.env.SUBSCRIBE_TEMPLATES = JSON.stringify([
    {
      id: TEMPLATE,
      kinds: ['booking_approved'],
      keywords: [
        { name: 'thing1', type: 'thing', from: 'title' },
        { name: 'thing2', type: 'thing', from: 'body' },
        { name: 'time3', type: 'time', from: 'createdAt' },
      ],
    },
  ]);
  reloadConfig();
  wechat = await startFakeWechat();
});
afterAll(async () => {
  delete process.env.SUBSCRIBE_TEMPLATES;
  reloadConfig();
  await wechat.stop();
});
beforeEach(async () => {
  clearAccessTokenCache();
  await ddb().send(new DeleteCommand({ TableName: tableName(), Key: keys.wechatAccessToken(FAKE_APP_ID) }));
});

const creds = () => ({ appId: FAKE_APP_ID, appSecret: FAKE_APP_SECRET, apiBase: wechat.url });

/**
 * Each test lives in its own day of 2020: its messages are due then, long before anything
 * the API tests put in the shared outbox today, and the sender runs "at" that day.
 */
let day = Math.floor(Math.random() * 300);
function clock() {
  const base = Date.UTC(2020, 0, 1) + day++ * 86_400_000 + Math.floor(Math.random() * 3_600_000);
  let t = base + 60_000;
  return { at: (s = 0) => new Date(base + s * 1000), now: () => t, advance: (ms: number) => (t += ms) };
}

async function resident() {
  return upsertUserByOpenid(`o-outbox-${randomUUID()}`);
}

/** An approved-booking message for `userId`: written with its outbox item, as every event does. */
async function approvedMessage(userId: string, at: Date) {
  const m = newMessage(userId, { kind: 'booking_approved', title: '预约已通过', body: '幸福里社区党群服务中心·多功能厅，2020-01-02 14:00–16:00，请按时前往并扫房间二维码签到', link: '/pages/bookings/detail?id=bk-1' }, at);
  expect(await deliverOnce(m)).toBe(true);
  return { ...m, key: `${m.id}#${TEMPLATE}` };
}
const sentTo = (openid: string) => wechat.subscribe.sent.filter((s) => s.touser === openid);

describe('subscription messages: one send per credit, through the outbox', () => {
  it('a message of a kind with a template is sent once, its fields cut to the keyword limits, and uses the credit', async () => {
    const c = clock();
    const u = await resident();
    await addSubscribeCredits(u.id, [TEMPLATE]);
    const m = await approvedMessage(u.id, c.at());
    await sendDueSubscribeMessages(creds(), c.now);
    expect(sentTo(u.openid)).toEqual([
      { touser: u.openid, template_id: TEMPLATE, page: 'pages/bookings/detail?id=bk-1', data: { thing1: { value: '预约已通过' }, thing2: { value: expect.stringMatching(/^幸福里社区党群服务中心·多功能厅，20.*…$/) }, time3: { value: expect.stringMatching(/^2020年\d\d月\d\d日 \d\d:\d\d$/) } } },
    ]);
    expect([...sentTo(u.openid)[0].data.thing2.value]).toHaveLength(20);
    expect(await subscribeCredits(u.id, TEMPLATE)).toBe(0);
    expect(await outboxDone('sent', m.key)).toMatchObject({ status: 'sent', userId: u.id });
    // A second run finds nothing left to send.
    await sendDueSubscribeMessages(creds(), c.now);
    expect(sentTo(u.openid)).toHaveLength(1);
  });

  it('without a credit nothing is sent: the item is skipped, the message stays in the inbox', async () => {
    const c = clock();
    const u = await resident();
    const m = await approvedMessage(u.id, c.at());
    await sendDueSubscribeMessages(creds(), c.now);
    expect(sentTo(u.openid)).toHaveLength(0);
    expect(await outboxDone('skipped', m.key)).toMatchObject({ status: 'skipped' });
  });

  it('exactly one send per credit when runs overlap: 2 credits, 5 messages, 4 concurrent runs', async () => {
    const c = clock();
    const u = await resident();
    await addSubscribeCredits(u.id, [TEMPLATE]);
    await addSubscribeCredits(u.id, [TEMPLATE]);
    const ms = [];
    for (let i = 0; i < 5; i++) ms.push(await approvedMessage(u.id, c.at(i)));
    await Promise.all([1, 2, 3, 4].map(() => sendDueSubscribeMessages(creds(), c.now)));
    expect(sentTo(u.openid)).toHaveLength(2);
    expect(await subscribeCredits(u.id, TEMPLATE)).toBe(0);
    const ends = await Promise.all(ms.map(async (m) => ((await outboxDone('sent', m.key)) ? 'sent' : (await outboxDone('skipped', m.key)) ? 'skipped' : 'pending')));
    expect(ends.sort()).toEqual(['sent', 'sent', 'skipped', 'skipped', 'skipped']);
  });

  it('43101 (the user refused): credits set to 0, not retried', async () => {
    const c = clock();
    const u = await resident();
    await addSubscribeCredits(u.id, [TEMPLATE]);
    await addSubscribeCredits(u.id, [TEMPLATE]);
    wechat.subscribe.refuse(u.openid);
    const m = await approvedMessage(u.id, c.at());
    const calls = wechat.subscribe.calls;
    await sendDueSubscribeMessages(creds(), c.now);
    expect(await outboxDone('refused', m.key)).toMatchObject({ status: 'refused', lastError: expect.stringContaining('43101') });
    expect(await subscribeCredits(u.id, TEMPLATE)).toBe(0);
    c.advance(3_600_000);
    await sendDueSubscribeMessages(creds(), c.now);
    expect(wechat.subscribe.calls).toBe(calls + 1);
  });

  it('40001 (token no longer valid): the shared token is refreshed and the send retried once', async () => {
    const c = clock();
    const u = await resident();
    await addSubscribeCredits(u.id, [TEMPLATE]);
    await approvedMessage(u.id, c.at());
    // A token cached in the table and in this container, then revoked at WeChat's end.
    const { accessToken } = await import('../../functions/src/wechat/access-token');
    const old = await accessToken(creds());
    wechat.codes.revokeTokens();
    const tokens = wechat.codes.stableTokenRequests;
    await sendDueSubscribeMessages(creds(), c.now);
    expect(sentTo(u.openid)).toHaveLength(1);
    expect(wechat.codes.stableTokenRequests).toBe(tokens + 1);
    expect(await accessToken(creds())).not.toBe(old);
  });

  it('42001 (token expired): refreshed and the send retried once; a token refused twice in a row is not retried again at once', async () => {
    const c = clock();
    const u = await resident();
    await addSubscribeCredits(u.id, [TEMPLATE]);
    const m = await approvedMessage(u.id, c.at());
    wechat.subscribe.failNext(42001, 1);
    const calls = wechat.subscribe.calls;
    const tokens = wechat.codes.stableTokenRequests;
    await sendDueSubscribeMessages(creds(), c.now);
    expect(wechat.subscribe.calls).toBe(calls + 2);
    expect(wechat.codes.stableTokenRequests).toBeGreaterThan(tokens);
    expect(sentTo(u.openid)).toHaveLength(1);
    expect(await outboxDone('sent', m.key)).toMatchObject({ status: 'sent' });

    // Refused again after the refresh: one retry only; the item waits for its backoff, the credit kept.
    await addSubscribeCredits(u.id, [TEMPLATE]);
    const again = await approvedMessage(u.id, c.at(1));
    wechat.subscribe.failNext(40001, 2);
    await sendDueSubscribeMessages(creds(), c.now);
    expect(wechat.subscribe.calls).toBe(calls + 4);
    expect(sentTo(u.openid)).toHaveLength(1);
    expect(await outboxDone('sent', again.key)).toBeUndefined();
    expect(await subscribeCredits(u.id, TEMPLATE)).toBe(1);
    // Its backoff over, it goes out (and leaves nothing pending for the next test).
    c.advance(retryDelayMs(1) + 1000);
    await sendDueSubscribeMessages(creds(), c.now);
    expect(sentTo(u.openid)).toHaveLength(2);
    expect(await outboxDone('sent', again.key)).toMatchObject({ status: 'sent' });
  });

  it('other errors are retried with backoff, the credit kept; after 5 failed tries the item is failed and kept', async () => {
    const c = clock();
    const u = await resident();
    await addSubscribeCredits(u.id, [TEMPLATE]);
    const m = await approvedMessage(u.id, c.at());
    wechat.subscribe.failNext(-1, MAX_ATTEMPTS);
    const calls = wechat.subscribe.calls;
    await sendDueSubscribeMessages(creds(), c.now);
    expect(wechat.subscribe.calls).toBe(calls + 1);
    expect(await subscribeCredits(u.id, TEMPLATE)).toBe(1);
    // Not due again before its backoff.
    c.advance(retryDelayMs(1) - 1000);
    await sendDueSubscribeMessages(creds(), c.now);
    expect(wechat.subscribe.calls).toBe(calls + 1);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      c.advance(retryDelayMs(attempt) + 1000);
      await sendDueSubscribeMessages(creds(), c.now);
      expect(wechat.subscribe.calls).toBe(calls + 1 + attempt);
    }
    expect(await outboxDone('failed', m.key)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastError: expect.stringContaining('-1') });
    expect(await subscribeCredits(u.id, TEMPLATE)).toBe(1);
    c.advance(3_600_000);
    await sendDueSubscribeMessages(creds(), c.now);
    expect(wechat.subscribe.calls).toBe(calls + MAX_ATTEMPTS);
    expect(sentTo(u.openid)).toHaveLength(0);
  });
});
