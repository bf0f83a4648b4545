import Taro from '@tarojs/taro';
import type { LoginResponse } from '@shared/api/auth';

/** What POST /auth/login and /auth/dev-login return, kept in storage. */
export type Session = LoginResponse;

const SESSION_KEY = 'rs.session';
/** The demo openid last used on H5 (local stage), for silent re-login on 401. */
const DEMO_OPENID_KEY = 'rs.demoOpenid';
/** Set when the user logs out explicitly, so the weapp does not log in again by itself on launch. */
const LOGGED_OUT_KEY = 'rs.loggedOut';

type Listener = (session: Session | null) => void;

let current: Session | null | undefined; // undefined: not read from storage yet
const listeners = new Set<Listener>();

/** Said wherever a login is asked for after the stored one stopped working (garbage or expired). */
export const SESSION_EXPIRED_MESSAGE = '登录已过期，请重新登录';
/** Set when the session ended without the user asking; cleared by the next login or a logout. */
let expired = false;

function readStorage<T>(key: string): T | null {
  try {
    const value = Taro.getStorageSync(key);
    return value === '' || value === undefined || value === null ? null : (value as T);
  } catch {
    return null;
  }
}

function isSession(value: unknown): value is Session {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Session).token === 'string' &&
    typeof (value as Session).user === 'object'
  );
}

export function getSession(): Session | null {
  if (current === undefined) {
    const stored = readStorage<unknown>(SESSION_KEY);
    current = isSession(stored) ? stored : null;
    if (stored !== null && current === null) {
      // Something unreadable was kept as the login: drop it and say so (not a silent logout).
      expired = true;
      try {
        Taro.removeStorageSync(SESSION_KEY);
      } catch {
        // ignore
      }
    }
  }
  return current;
}

export function getToken(): string | null {
  return getSession()?.token ?? null;
}

export function setSession(session: Session): void {
  current = session;
  expired = false;
  try {
    Taro.setStorageSync(SESSION_KEY, session);
    Taro.removeStorageSync(LOGGED_OUT_KEY);
  } catch {
    // Storage full or unavailable: keep the session in memory only.
  }
  emit();
}

/** Forget the token (e.g. it was rejected). The demo openid is kept for silent re-login. */
export function clearSession(): void {
  current = null;
  try {
    Taro.removeStorageSync(SESSION_KEY);
  } catch {
    // ignore
  }
  emit();
}

/** The server refused the stored token (401): forget it, and tell the user why they must log in. */
export function expireSession(): void {
  expired = true;
  clearSession();
}

/** SESSION_EXPIRED_MESSAGE while the last session ended by itself and no one has logged in since. */
export function sessionNotice(): string | null {
  if (current === undefined) getSession();
  return expired ? SESSION_EXPIRED_MESSAGE : null;
}

/** Explicit logout (退出登录): forget the token and the demo account. */
export function logout(): void {
  expired = false;
  try {
    Taro.removeStorageSync(DEMO_OPENID_KEY);
    Taro.setStorageSync(LOGGED_OUT_KEY, true);
  } catch {
    // ignore
  }
  clearSession();
}

export function wasLoggedOut(): boolean {
  return readStorage<boolean>(LOGGED_OUT_KEY) === true;
}

export function getDemoOpenid(): string | null {
  const value = readStorage<unknown>(DEMO_OPENID_KEY);
  return typeof value === 'string' && value ? value : null;
}

export function setDemoOpenid(openid: string): void {
  try {
    Taro.setStorageSync(DEMO_OPENID_KEY, openid);
  } catch {
    // ignore
  }
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function emit(): void {
  const session = current ?? null;
  listeners.forEach((listener) => listener(session));
}

/** For tests: drop the in-memory copy so the next read goes to storage. */
export function resetSessionCache(): void {
  current = undefined;
}
