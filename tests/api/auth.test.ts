import { readFileSync } from 'node:fs';
import { decodeJwt, SignJWT } from 'jose';
import { call, devLogin } from '../support/http';
import { stackEnv } from '../support/env';

describe('POST /auth/login (WeChat code2Session through the fake WeChat server)', () => {
  it('logs in a new WeChat user as a resident and returns a token and the user', async () => {
    const code = `ok-${Date.now()}`;
    const res = await call('POST', '/auth/login', { body: { code } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ nickname: expect.stringMatching(/^微信用户/), roles: { resident: true, member: false } });
    expect(decodeJwt(res.body.token).sub).toBe(res.body.user.id);

    const me = await call('GET', '/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(res.body.user.id);
  });

  it('the same WeChat user logging in again (with a new code) is the same user', async () => {
    const user = `returning${Date.now()}`;
    const a = await call('POST', '/auth/login', { body: { code: `${user}.1` } });
    const b = await call('POST', '/auth/login', { body: { code: `${user}.2` } });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.user.id).toBe(a.body.user.id);
  });

  it('a code used twice is refused, as WeChat refuses it', async () => {
    const code = `twice${Date.now()}.1`;
    expect((await call('POST', '/auth/login', { body: { code } })).status).toBe(200);
    const again = await call('POST', '/auth/login', { body: { code } });
    expect([again.status, again.body.error.code]).toEqual([502, 'WECHAT_FAILED']);
  });

  it('never returns or logs the session_key', async () => {
    const code = `ok-secretive-${Date.now()}`;
    const res = await call('POST', '/auth/login', { body: { code } });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain(`SK-${code}`);
    expect(JSON.stringify(res.body)).not.toMatch(/session_?key/i);
    await new Promise((r) => setTimeout(r, 200));
    expect(readFileSync(stackEnv.apiLogFile, 'utf8')).not.toContain(`SK-${code}`);
  });

  it.each([
    ['invalid-x', 401, 'WECHAT_CODE_INVALID'],
    ['limited-x', 429, 'WECHAT_RATE_LIMITED'],
    ['busy-x', 503, 'WECHAT_BUSY'],
    ['risky-x', 502, 'WECHAT_FAILED'],
  ])('maps WeChat’s answer for %s to %i %s with a Chinese message', async (code, status, errorCode) => {
    const res = await call('POST', '/auth/login', { body: { code } });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(errorCode);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('refuses a missing code with 400 and the field path', async () => {
    const res = await call('POST', '/auth/login', { body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('code');
    expect(res.body.error.fields[0].message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('POST /auth/dev-login (local stage)', () => {
  it('logs in as a demo account with its Chinese name and roles', async () => {
    const res = await call('POST', '/auth/dev-login', { body: { openid: 'demo-member' } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: 'u-demo-member', nickname: '李建国', roles: { member: true } });
  });

  it('creates a plain resident for an unknown openid', async () => {
    const res = await call('POST', '/auth/dev-login', { body: { openid: `newcomer-${Date.now()}` } });
    expect(res.status).toBe(200);
    expect(res.body.user.roles).toEqual({ resident: true, member: false, staffStationIds: [], adminCommunityIds: [] });
  });
});

describe('GET /me', () => {
  it.each([
    ['demo-resident', '王秀兰', ['resident'], [], []],
    ['demo-member', '李建国', ['resident', 'member'], [], []],
    ['demo-staff', '张丽', ['resident', 'staff'], [{ id: 'sn-xingfu-centre', name: '幸福社区党群服务中心' }], []],
    ['demo-admin', '陈志强', ['resident', 'member', 'admin'], [], [{ id: 'cm-xingfu', name: '幸福社区' }]],
  ])('shows %s (%s) their roles and named scopes', async (openid, nickname, roleNames, staffStations, adminCommunities) => {
    const me = await call('GET', '/me', { token: await devLogin(openid) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { nickname }, roleNames, staffStations, adminCommunities });
  });

  it('answers 401 without a token, with a bad token, and with a token signed by another key', async () => {
    expect((await call('GET', '/me')).body.error.code).toBe('UNAUTHENTICATED');
    const garbage = await call('GET', '/me', { token: 'garbage' });
    expect([garbage.status, garbage.body.error.code]).toEqual([401, 'TOKEN_INVALID']);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-demo-admin')
      .setIssuer('red-station')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-servers-secret-but-long-enough-000'));
    const res = await call('GET', '/me', { token: forged });
    expect([res.status, res.body.error.message]).toEqual([401, '登录已失效，请重新登录']);
  });
});
