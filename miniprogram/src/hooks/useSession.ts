import { useEffect, useState } from 'react';
import { getSession, subscribeSession, type Session } from '../auth/session';

/** The current login session; re-renders on login and logout. */
export function useSession(): Session | null {
  const [session, setSession] = useState<Session | null>(() => getSession());
  useEffect(() => {
    setSession(getSession());
    return subscribeSession(setSession);
  }, []);
  return session;
}
