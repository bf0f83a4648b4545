import { code2Session } from '../../functions/src/wechat/code2session';
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeWechat, type FakeWechat } from '../fakes/wechat-server';

let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
});
afterAll(() => wechat.stop());

const creds = () => ({ appId: FAKE_APP_ID, appSecret: FAKE_APP_SECRET, apiBase: wechat.url });

describe('WeChat code2Session client', () => {
  it('sends the documented query and returns the openid without the session key', async () => {
    const session = await code2Session(creds(), 'union-abc');
    expect(session).toEqual({ openid: 'o-union-abc', unionid: 'un-union-abc' });
    await expect(code2Session(creds(), 'union-abc.2')).resolves.toMatchObject({ openid: 'o-union-abc' });
    expect(JSON.stringify(session)).not.toContain('SK-');
    const sent = wechat.requests.at(-2)!;
    expect(sent.pathname).toBe('/sns/jscode2session');
    expect(Object.fromEntries(sent.searchParams)).toEqual({
      appid: FAKE_APP_ID,
      secret: FAKE_APP_SECRET,
      js_code: 'union-abc',
      grant_type: 'authorization_code',
    });
  });

  it.each([
    ['invalid-1', 401, 'WECHAT_CODE_INVALID'],
    ['limited-1', 429, 'WECHAT_RATE_LIMITED'],
    ['busy-1', 503, 'WECHAT_BUSY'],
    ['risky-1', 502, 'WECHAT_FAILED'],
    ['garbage-1', 502, 'WECHAT_FAILED'],
  ])('maps the answer to code %s to HTTP %i %s', async (code, status, errorCode) => {
    await expect(code2Session(creds(), code)).rejects.toMatchObject({ status, code: errorCode });
  });

  it('treats a reused code as a failure (WeChat codes are single-use)', async () => {
    await code2Session(creds(), 'once-1');
    await expect(code2Session(creds(), 'once-1')).rejects.toMatchObject({ status: 502 });
  });

  it('fails with 502 and a Chinese message when WeChat cannot be reached', async () => {
    await expect(code2Session({ ...creds(), apiBase: 'http://127.0.0.1:9' }, 'x')).rejects.toMatchObject({
      status: 502,
      message: '微信服务暂时不可用，请稍后再试',
    });
  });

  it('refuses to call WeChat without configured credentials', async () => {
    const before = wechat.requests.length;
    await expect(code2Session({ ...creds(), appSecret: '' }, 'x')).rejects.toMatchObject({ status: 502 });
    expect(wechat.requests.length).toBe(before);
  });

  it('a wrong secret is not a success', async () => {
    await expect(code2Session({ ...creds(), appSecret: 'wrong' }, 'y')).rejects.toMatchObject({ status: 502 });
  });
});
