import { call, devLogin } from '../support/http';

// The local stage's templates (serverless.yml params.local.subscribeTemplates).
describe('POST /me/subscriptions: the templates accepted at a 订阅 ask', () => {
  it('records accepted templates (a credit each)', async () => {
    const token = await devLogin(`api-sub-${Date.now().toString(36)}`);
    const res = await call('POST', '/me/subscriptions', { token, body: { accepted: ['tmpl-booking-result', 'tmpl-crowdfund'] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: ['tmpl-booking-result', 'tmpl-crowdfund'] });
    // Accepting nothing (the person tapped 取消) is fine too.
    expect((await call('POST', '/me/subscriptions', { token, body: { accepted: [] } })).status).toBe(200);
  });

  it('an unknown template id is a 400 naming the field, in Chinese', async () => {
    const token = await devLogin(`api-sub-${Date.now().toString(36)}`);
    const res = await call('POST', '/me/subscriptions', { token, body: { accepted: ['tmpl-crowdfund', 'tmpl-nope'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'accepted.1', message: '未知的订阅消息模板' }]);
  });

  it('bounded input: at most 3 ids, each ≤ 128 characters, no other fields; login required', async () => {
    const token = await devLogin(`api-sub-${Date.now().toString(36)}`);
    const four = await call('POST', '/me/subscriptions', { token, body: { accepted: ['tmpl-booking-new', 'tmpl-booking-result', 'tmpl-crowdfund', 'tmpl-crowdfund'] } });
    expect(four.status).toBe(400);
    expect(four.body.error.fields[0]).toMatchObject({ path: 'accepted', message: '一次最多订阅 3 个模板' });
    const longId = await call('POST', '/me/subscriptions', { token, body: { accepted: ['x'.repeat(129)] } });
    expect(longId.status).toBe(400);
    expect(longId.body.error.fields[0]).toMatchObject({ path: 'accepted.0', message: '模板 ID 过长' });
    expect((await call('POST', '/me/subscriptions', { token, body: { accepted: [], extra: 1 } })).status).toBe(400);
    expect((await call('POST', '/me/subscriptions', { body: { accepted: [] } })).status).toBe(401);
  });
});

describe('GET /subscriptions/asks: what each tap asks to subscribe to', () => {
  it('lists, per need, the configured templates carrying its kinds (≤ 3), without a login', async () => {
    const res = await call('GET', '/subscriptions/asks');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ booking: ['tmpl-booking-result'], pledge: ['tmpl-crowdfund'], request: [] });
  });
});
