import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'red-station';
export const TOKEN_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The HS256 key of a secret, imported once per container: given the secret's bytes, jose
 * imports them into WebCrypto again on every sign and verify (every request verifies).
 */
function key(secret: string): Promise<CryptoKey> {
  let imported = keys.get(secret);
  if (!imported) {
    imported = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    imported.catch(() => keys.delete(secret));
    keys.set(secret, imported);
  }
  return imported;
}

/** A 7-day HS256 JWT whose subject is the user id. Roles are not in it: they are read fresh. */
export async function signToken(userId: string, secret: string, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TOKEN_LIFETIME_SECONDS)
    .sign(await key(secret));
}

/**
 * The user id inside a valid token, or null for an invalid, forged or expired one. A token
 * without `exp` is refused too: jose only checks `exp` when present, and a token that never
 * expires would outlive every logout and secret rotation window.
 */
export async function verifyToken(token: string, secret: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, await key(secret), { issuer: ISSUER, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
    return typeof payload.sub === 'string' && payload.sub ? payload.sub : null;
  } catch {
    return null;
  }
}
