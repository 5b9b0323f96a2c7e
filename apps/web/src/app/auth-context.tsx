import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Me, UserSummary } from '@lingyan/shared';
import { api, ApiError, setAuthProblemListener, setCsrfToken } from './api-client.ts';

export type AuthState = { status: 'loading' } | { status: 'signed-out'; reason?: 'logout' | 'expired' } | { status: 'signed-in'; me: Me };

type LoginResult = { user: UserSummary; csrfToken: string };

type AuthContextValue = {
  state: AuthState;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  /** Reloads /me (after a password change, or when the session may have changed). */
  refresh: () => Promise<Me | null>;
};

const AuthContext = createContext<AuthContextValue | null>(null);

/** While a password change is pending the server may refuse /me too; the login answer is then all we have. */
function meFromLogin(result: LoginResult): Me {
  return { user: result.user, assignments: [], scope: [], permissions: [], csrfToken: result.csrfToken };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const stateRef = useRef(state);
  stateRef.current = state;

  const loadMe = useCallback(async (fallback?: LoginResult): Promise<Me | null> => {
    try {
      const me = await api<Me>('/auth/me');
      if (me.csrfToken) setCsrfToken(me.csrfToken);
      setState({ status: 'signed-in', me });
      return me;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'AUTH_PASSWORD_CHANGE_REQUIRED') {
        const current = stateRef.current;
        const base = fallback ? meFromLogin(fallback) : current.status === 'signed-in' ? current.me : null;
        const me: Me = base
          ? { ...base, user: { ...base.user, mustChangePassword: true } }
          : meFromLogin({
              user: { id: '', username: '', displayName: '', locale: null, mustChangePassword: true },
              csrfToken: '',
            });
        setState({ status: 'signed-in', me });
        return me;
      }
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(null);
        setState({ status: 'signed-out' });
        return null;
      }
      throw error;
    }
  }, []);

  useEffect(() => {
    setAuthProblemListener((problem) => {
      const current = stateRef.current;
      if (current.status !== 'signed-in') return;
      if (problem === 'signed-out') {
        setCsrfToken(null);
        setState({ status: 'signed-out', reason: 'expired' });
      } else if (!current.me.user.mustChangePassword) {
        setState({ status: 'signed-in', me: { ...current.me, user: { ...current.me.user, mustChangePassword: true } } });
      }
    });
    loadMe().catch(() => setState({ status: 'signed-out' }));
    return () => setAuthProblemListener(null);
  }, [loadMe]);

  const login = useCallback(
    async (username: string, password: string): Promise<Me> => {
      const result = await api<LoginResult>('/auth/login', { method: 'POST', body: { username, password } });
      setCsrfToken(result.csrfToken);
      const me = await loadMe(result);
      if (!me) throw new ApiError(401, 'AUTH_REQUIRED', 'not signed in after login');
      return me;
    },
    [loadMe],
  );

  const logout = useCallback(async () => {
    try {
      await api('/auth/logout', { method: 'POST' });
    } finally {
      setCsrfToken(null);
      setState({ status: 'signed-out', reason: 'logout' });
    }
  }, []);

  const value = useMemo(() => ({ state, login, logout, refresh: () => loadMe() }), [state, login, logout, loadMe]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user's /me; only for components rendered inside the signed-in part of the app. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useMe while not signed in');
  return state.me;
}

export function usePermission(permission: string): boolean {
  return useMe().permissions.includes(permission);
}
