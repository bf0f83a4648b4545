import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'red-station';
export const TOKEN_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
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
    .sign(key(secret));
}

/**
 * The user id inside a valid token, or null for an invalid, forged or expired one. A token
 * without `exp` is refused too: jose only checks `exp` when present, and a token that never
 * expires would outlive every logout and secret rotation window.
 */
export async function verifyToken(token: string, secret: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
    return typeof payload.sub === 'string' && payload.sub ? payload.sub : null;
  } catch {
    return null;
  }
}
