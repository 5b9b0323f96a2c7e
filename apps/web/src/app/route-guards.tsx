import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './auth-context.tsx';
import { landingPath } from './navigation.ts';
import { PageLoading, ForbiddenPage } from './page-states.tsx';

export const CHANGE_PASSWORD_PATH = '/change-password';

/** Signed-out visitors go to the login page; a pending password change comes before anything else. */
export function RequireSignedIn({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'signed-out') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search, reason: state.reason }} />;
  }
  if (state.me.user.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  return <>{children}</>;
}

/** A page's own permission; without it the menu never offers the page, and typing its address shows 403. */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { state } = useAuth();
  if (state.status !== 'signed-in') return null;
  if (!state.me.permissions.includes(permission)) return <ForbiddenPage />;
  return <>{children}</>;
}

export function LandingRedirect() {
  const { state } = useAuth();
  if (state.status !== 'signed-in') return null;
  return <Navigate to={landingPath(state.me.permissions)} replace />;
}

/** The login page is for signed-out visitors only. */
export function RequireSignedOut({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'signed-in') return <Navigate to="/" replace />;
  return <>{children}</>;
}
