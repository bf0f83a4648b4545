import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { accessToken, clearAccessTokenCache, getUnlimitedWxaCode } from '../../functions/src/wechat/wxacode';
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeWechat, wxaCodeText } from '../fakes/wechat-server';

let wechat: Awaited<ReturnType<typeof startFakeWechat>>;
beforeAll(async () => {
  wechat = await startFakeWechat();
});
afterAll(() => wechat.stop());
beforeEach(() => clearAccessTokenCache());

const creds = () => ({ appId: FAKE_APP_ID, appSecret: FAKE_APP_SECRET, apiBase: wechat.url });
const req = { scene: 'ZbpRoCUP_6YRHrlQ6kj-8A', page: 'pages/scan/index', checkPath: false, envVersion: 'develop' as const };

function decode(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data;
}

describe('WeChat wxacode.getUnlimited client', () => {
  it('fetches an access token with the documented query, then the code image for the scene and page', async () => {
    const before = wechat.codes.tokenRequests;
    const png = await getUnlimitedWxaCode(creds(), req);
    expect(decode(png)).toBe(wxaCodeText('pages/scan/index', 'ZbpRoCUP_6YRHrlQ6kj-8A'));
    expect(wechat.codes.tokenRequests).toBe(before + 1);
    const tokenCall = wechat.requests.find((u) => u.pathname === '/cgi-bin/token')!;
    expect(Object.fromEntries(tokenCall.searchParams)).toEqual({ grant_type: 'client_credential', appid: FAKE_APP_ID, secret: FAKE_APP_SECRET });
    expect(wechat.codes.codeRequests.at(-1)).toEqual({ scene: req.scene, page: 'pages/scan/index', check_path: false, env_version: 'develop' });
  });

  it('caches the access token until shortly before it expires', async () => {
    const before = wechat.codes.tokenRequests;
    const t1 = await accessToken(creds());
    await getUnlimitedWxaCode(creds(), req);
    await getUnlimitedWxaCode(creds(), req);
    expect(await accessToken(creds())).toBe(t1);
    expect(wechat.codes.tokenRequests).toBe(before + 1);
    // 7200 s later (minus the 5-minute early refresh) a new one is fetched.
    const later = await accessToken(creds(), Date.now() + 7000 * 1000);
    expect(later).not.toBe(t1);
    expect(wechat.codes.tokenRequests).toBe(before + 2);
  });

  it('fetches a new token once when WeChat says the cached one is invalid (40001), then succeeds', async () => {
    await accessToken(creds());
    wechat.codes.revokeTokens();
    const before = wechat.codes.tokenRequests;
    const png = await getUnlimitedWxaCode(creds(), req);
    expect(decode(png)).toContain('scene=ZbpRoCUP_6YRHrlQ6kj-8A');
    expect(wechat.codes.tokenRequests).toBe(before + 1);
  });

  it('maps a refused scene to 502 with a Chinese message', async () => {
    await expect(getUnlimitedWxaCode(creds(), { ...req, scene: 'bad-scene' })).rejects.toMatchObject({ status: 502, message: '微信服务暂时不可用，请稍后再试' });
  });

  it('refuses without credentials and a wrong secret is not a success', async () => {
    const before = wechat.requests.length;
    await expect(getUnlimitedWxaCode({ ...creds(), appSecret: '' }, req)).rejects.toMatchObject({ status: 502 });
    expect(wechat.requests.length).toBe(before);
    await expect(getUnlimitedWxaCode({ ...creds(), appSecret: 'wrong' }, req)).rejects.toMatchObject({ status: 502 });
  });
});
