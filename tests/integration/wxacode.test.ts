import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { getUnlimitedWxaCode } from '../../functions/src/wechat/wxacode';
import { accessToken, clearAccessTokenCache } from '../../functions/src/wechat/access-token';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeWechat, wxaCodeText } from '../fakes/wechat-server';
import { useStackTable } from '../support/ddb';

let wechat: Awaited<ReturnType<typeof startFakeWechat>>;
beforeAll(async () => {
  useStackTable();
  wechat = await startFakeWechat();
});
afterAll(() => wechat.stop());
beforeEach(async () => {
  // Every test starts as a fleet of fresh containers with no shared token yet.
  clearAccessTokenCache();
  await ddb().send(new DeleteCommand({ TableName: tableName(), Key: keys.wechatAccessToken(FAKE_APP_ID) }));
});

const creds = () => ({ appId: FAKE_APP_ID, appSecret: FAKE_APP_SECRET, apiBase: wechat.url });
const req = { scene: 'ZbpRoCUP_6YRHrlQ6kj-8A', page: 'pages/scan/index', checkPath: false, envVersion: 'develop' as const };
const stored = async () => (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.wechatAccessToken(FAKE_APP_ID), ConsistentRead: true }))).Item;

function decode(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data;
}

describe('WeChat access token: the stable token, cached once in the table for every container', () => {
  it('fetches it from POST /cgi-bin/stable_token (never the per-call /cgi-bin/token) and stores it with its expiry', async () => {
    const [legacy, before] = [wechat.codes.tokenRequests, wechat.codes.stableTokenRequests];
    const token = await accessToken(creds());
    expect(wechat.codes.stableTokenRequests).toBe(before + 1);
    expect(wechat.codes.tokenRequests).toBe(legacy);
    expect(wechat.codes.forcedRefreshes).toBe(0);
    const item = await stored();
    expect(item).toMatchObject({ token, version: 1 });
    expect(item!.expiresAt - Date.now()).toBeGreaterThan(7100 * 1000);
    expect(item!.refreshAt).toBe(item!.expiresAt - 5 * 60 * 1000);
    expect(item).not.toHaveProperty('leaseUntil');
  });

  it('twenty cold containers at once: one refresh, one token for all', async () => {
    const before = wechat.codes.stableTokenRequests;
    // Each call misses its (cleared) memory and races the others on the shared item.
    const tokens = await Promise.all(
      Array.from({ length: 20 }, async () => {
        clearAccessTokenCache();
        return accessToken(creds());
      }),
    );
    expect(new Set(tokens).size).toBe(1);
    expect(wechat.codes.stableTokenRequests).toBe(before + 1);
  });

  it('a new container reads the shared token instead of fetching its own', async () => {
    const first = await accessToken(creds());
    const before = wechat.codes.stableTokenRequests;
    clearAccessTokenCache();
    expect(await accessToken(creds())).toBe(first);
    expect(wechat.codes.stableTokenRequests).toBe(before);
  });

  it('refreshes once when the refresh time comes, while others keep the still-valid token', async () => {
    const first = await accessToken(creds());
    // WeChat's side: the token is in its last five minutes, so the endpoint issues a new one.
    wechat.codes.stable.expireAt(Date.now() + 4 * 60 * 1000);
    const later = () => Date.now() + (7200 - 4 * 60) * 1000;
    const before = wechat.codes.stableTokenRequests;
    const tokens = await Promise.all(
      Array.from({ length: 10 }, async () => {
        clearAccessTokenCache();
        return accessToken(creds(), { now: later });
      }),
    );
    expect(wechat.codes.stableTokenRequests).toBe(before + 1);
    const fresh = (await stored())!.token;
    expect(fresh).not.toBe(first);
    expect(tokens.every((t) => t === fresh || t === first)).toBe(true);
    expect((await stored())!.version).toBe(2);
  });

  it('replaces a token WeChat refuses (40001) once for everyone, then the code request succeeds', async () => {
    const first = await accessToken(creds());
    wechat.codes.revokeTokens();
    const png = await getUnlimitedWxaCode(creds(), req);
    expect(decode(png)).toContain('scene=ZbpRoCUP_6YRHrlQ6kj-8A');
    const replaced = (await stored())!.token;
    expect(replaced).not.toBe(first);
    // Another container that still held the refused token gets the replacement, without a new fetch.
    const before = wechat.codes.stableTokenRequests;
    clearAccessTokenCache();
    expect(await accessToken(creds(), { rejected: first })).toBe(replaced);
    expect(wechat.codes.stableTokenRequests).toBe(before);
  });

  it('forces a refresh only when the endpoint hands back the very token WeChat refused', async () => {
    const first = await accessToken(creds());
    const before = wechat.codes.forcedRefreshes;
    const next = await accessToken(creds(), { rejected: first });
    expect(next).not.toBe(first);
    expect(wechat.codes.forcedRefreshes).toBe(before + 1);
  });
});

describe('WeChat wxacode.getUnlimited client', () => {
  it('asks for the code image with the shared token, for the scene and page', async () => {
    const png = await getUnlimitedWxaCode(creds(), req);
    expect(decode(png)).toBe(wxaCodeText('pages/scan/index', 'ZbpRoCUP_6YRHrlQ6kj-8A'));
    expect(wechat.codes.codeRequests.at(-1)).toEqual({ scene: req.scene, page: 'pages/scan/index', check_path: false, env_version: 'develop' });
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
