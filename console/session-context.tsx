// The logged-in person (tenant, role) as the pages see it.
import { createContext } from 'react';
import type { SessionUser } from './api/session';

export const SessionContext = createContext<{ user: SessionUser | null }>({ user: null });

/** Whether the person may resolve cases: a province's clerk or admin (the API decides again). */
export function canResolve(user: SessionUser | null): boolean {
  return !!user && user.tenant.kind === 'PROVINCE' && user.role !== 'VIEWER';
}
