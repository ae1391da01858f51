import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { AuthStatus, SignedIn } from '../../electron/shared/types';
import { call, setSession } from './api/client';

interface SessionState {
  status: AuthStatus | null;
  /** Store a new session (after any sign-in call) and reload the status. */
  signedIn: (s: SignedIn) => Promise<void>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const Ctx = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const refresh = useCallback(async () => {
    const s = await call('auth.status', {});
    if (s.role === 'anonymous') setSession(null); // an expired session, or the server restarted
    setStatus(s);
  }, []);
  useEffect(() => {
    refresh().catch(() => setStatus({ needsSetup: false, role: 'anonymous', person: null }));
  }, [refresh]);
  const signedIn = useCallback(
    async (s: SignedIn) => {
      setSession(s.session);
      await refresh();
    },
    [refresh],
  );
  const signOut = useCallback(async () => {
    await call('auth.signOut', {}).catch(() => undefined);
    setSession(null);
    await refresh();
  }, [refresh]);
  return <Ctx.Provider value={{ status, signedIn, signOut, refresh }}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
