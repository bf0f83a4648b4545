import { SignJWT, decodeJwt } from 'jose';
import { signToken, verifyToken, TOKEN_LIFETIME_SECONDS } from '../../functions/src/auth/tokens';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

describe('tokens', () => {
  it('carries the user id as subject and expires after seven days', async () => {
    const token = await signToken('u-1', SECRET);
    const claims = decodeJwt(token);
    expect(claims.sub).toBe('u-1');
    expect(claims.exp! - claims.iat!).toBe(7 * 24 * 3600);
    expect(TOKEN_LIFETIME_SECONDS).toBe(604800);
    await expect(verifyToken(token, SECRET)).resolves.toBe('u-1');
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signToken('u-1', 'another-secret-that-is-also-long-enough-xx');
    await expect(verifyToken(token, SECRET)).resolves.toBeNull();
  });

  it('refuses an expired token', async () => {
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    const token = await signToken('u-1', SECRET, eightDaysAgo);
    await expect(verifyToken(token, SECRET)).resolves.toBeNull();
  });

  it('refuses an unsigned token and garbage', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'u-1', iss: 'red-station', exp: 9999999999 })).toString('base64url');
    await expect(verifyToken(`${header}.${payload}.`, SECRET)).resolves.toBeNull();
    await expect(verifyToken('not-a-token', SECRET)).resolves.toBeNull();
  });

  it('refuses a token from another issuer', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setIssuer('someone-else').setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    await expect(verifyToken(token, SECRET)).resolves.toBeNull();
  });

  it('refuses a correctly signed token without an expiry (exp)', async () => {
    const forever = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setIssuer('red-station').setIssuedAt().sign(new TextEncoder().encode(SECRET));
    await expect(verifyToken(forever, SECRET)).resolves.toBeNull();
  });
});
