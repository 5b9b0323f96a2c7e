import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { OrgNode } from '@lingyan/shared';
import type { OrgRef } from '../modules/orgs/org-tree-select.tsx';
import { getOrg } from '../modules/orgs/orgs.api.ts';

type OrgContextValue = {
  /** The node the pages work on, chosen in the header; null until the scope is known. */
  current: OrgRef | null;
  select: (node: OrgRef | null) => void;
  /** Called by the header picker once the caller's scope roots are known. */
  scopeLoaded: (roots: OrgNode[]) => void;
};

const OrgContext = createContext<OrgContextValue | null>(null);

function storageKey(userId: string): string {
  return `lingyan.org.${userId}`;
}

function readStored(userId: string): OrgRef | null {
  try {
    const raw = window.localStorage.getItem(storageKey(userId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<OrgRef>;
    if (typeof value.id === 'string' && typeof value.name === 'string' && typeof value.kind === 'string') return value as OrgRef;
  } catch {
    // A broken or blocked entry: start from the scope root.
  }
  return null;
}

/**
 * Holds the chosen org node for one user. It is remembered per user in this browser; the server
 * checks scope on every call, so a remembered node that left the scope simply fails to load and
 * the user picks again.
 */
export function OrgProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [current, setCurrent] = useState<OrgRef | null>(() => readStored(userId));

  const select = useCallback(
    (node: OrgRef | null) => {
      setCurrent(node);
      try {
        if (node) window.localStorage.setItem(storageKey(userId), JSON.stringify(node));
        else window.localStorage.removeItem(storageKey(userId));
      } catch {
        // Not remembered; fine for this page.
      }
    },
    [userId],
  );

  const scopeLoaded = useCallback(
    (roots: OrgNode[]) => {
      const first = roots[0];
      const fallback: OrgRef | null = first ? { id: first.id, name: first.name, kind: first.kind } : null;
      const remembered = readStored(userId);
      if (!remembered || roots.some((root) => root.id === remembered.id)) {
        setCurrent((existing) => existing ?? fallback);
        return;
      }
      // A remembered node below the roots: keep it only while the server still lets us see it.
      getOrg(remembered.id).then(
        (node) => setCurrent({ id: node.id, name: node.name, kind: node.kind }),
        () => select(fallback),
      );
    },
    [userId, select],
  );

  const value = useMemo(() => ({ current, select, scopeLoaded }), [current, select, scopeLoaded]);
  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}

export function useCurrentOrg(): OrgContextValue {
  const value = useContext(OrgContext);
  if (!value) throw new Error('useCurrentOrg outside OrgProvider');
  return value;
}
