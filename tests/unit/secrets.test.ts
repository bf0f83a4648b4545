import { reloadConfig } from '../../functions/src/lib/config';
import { forgetSecrets, jwtSecret, wechatConfigured, wechatCredentials } from '../../functions/src/lib/secrets';
import { startFakeSsm, type FakeSsm } from '../fakes/ssm-server';

const NAMES = ['STAGE', 'JWT_SECRET', 'JWT_SECRET_PARAM', 'WECHAT_APP_ID', 'WECHAT_APP_SECRET', 'WECHAT_APP_SECRET_PARAM', 'SSM_ENDPOINT'];
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
let ssm: FakeSsm;

function environment(vars: Record<string, string>): void {
  for (const n of NAMES) delete process.env[n];
  Object.assign(process.env, vars);
  reloadConfig();
  forgetSecrets();
}

beforeAll(async () => {
  ssm = await startFakeSsm();
  ssm.parameters.set('/red-station/prod/jwt-secret', { value: 'jwt-from-ssm-0123456789abcdef0123456789', secure: true });
  ssm.parameters.set('/red-station/prod/wechat-app-secret', { value: 'wechat-secret-from-ssm', secure: true });
});
afterAll(async () => {
  environment(Object.fromEntries(Object.entries(saved).filter((e): e is [string, string] => e[1] !== undefined)));
  await ssm.stop();
});

describe('secrets in AWS come from SSM Parameter Store', () => {
  const prod = () => ({
    STAGE: 'prod',
    SSM_ENDPOINT: ssm.url,
    JWT_SECRET_PARAM: '/red-station/prod/jwt-secret',
    WECHAT_APP_ID: 'wx-prod',
    WECHAT_APP_SECRET_PARAM: '/red-station/prod/wechat-app-secret',
  });

  it('reads the JWT secret decrypted, once per container, and keeps it', async () => {
    environment(prod());
    const before = ssm.requests.length;
    expect(await jwtSecret()).toBe('jwt-from-ssm-0123456789abcdef0123456789');
    await Promise.all([jwtSecret(), jwtSecret(), jwtSecret()]);
    const calls = ssm.requests.slice(before);
    expect(calls).toEqual([{ target: 'AmazonSSM.GetParameter', name: '/red-station/prod/jwt-secret', withDecryption: true }]);
  });

  it('reads the WeChat AppSecret only when asked for it', async () => {
    environment(prod());
    const before = ssm.requests.length;
    expect(wechatConfigured()).toBe(true);
    expect(ssm.requests.length).toBe(before);
    expect(await wechatCredentials()).toEqual({ appId: 'wx-prod', appSecret: 'wechat-secret-from-ssm', apiBase: 'https://api.weixin.qq.com' });
    expect(ssm.requests.slice(before).map((r) => r.name)).toEqual(['/red-station/prod/wechat-app-secret']);
  });

  it('fails a missing parameter, and tries again on the next request', async () => {
    environment({ ...prod(), JWT_SECRET_PARAM: '/red-station/prod/not-yet' });
    await expect(jwtSecret()).rejects.toMatchObject({ name: 'ParameterNotFound' });
    ssm.parameters.set('/red-station/prod/not-yet', { value: 'created-after-the-first-try-0123456789', secure: true });
    expect(await jwtSecret()).toBe('created-after-the-first-try-0123456789');
  });

  it('refuses a JWT secret shorter than 32 characters', async () => {
    ssm.parameters.set('/red-station/prod/short', { value: 'short', secure: true });
    environment({ ...prod(), JWT_SECRET_PARAM: '/red-station/prod/short' });
    await expect(jwtSecret()).rejects.toThrow(/at least 32 characters/);
  });

  it('has no development default outside local', async () => {
    environment({ STAGE: 'prod' });
    await expect(jwtSecret()).rejects.toThrow(/at least 32 characters/);
    expect(wechatConfigured()).toBe(false);
  });
});

describe('secrets on the local stage', () => {
  it('come from the environment, with a development JWT secret by default, and never from SSM', async () => {
    environment({ STAGE: 'local', SSM_ENDPOINT: ssm.url });
    const before = ssm.requests.length;
    expect((await jwtSecret()).length).toBeGreaterThanOrEqual(32);
    environment({ STAGE: 'local', JWT_SECRET: 'a-local-secret-of-at-least-32-characters', WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's1' });
    expect(await jwtSecret()).toBe('a-local-secret-of-at-least-32-characters');
    expect((await wechatCredentials()).appSecret).toBe('s1');
    expect(ssm.requests.length).toBe(before);
  });
});
