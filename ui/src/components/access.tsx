import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { ApiError } from "../api";
import { authApi } from "../authApi";
import {
  defaultPermission,
  EVERYTHING,
  mayCreate,
  onExperiment,
  onModel,
  onRuns,
  onVersions,
  RESOURCE_TYPES,
  type Access,
  type Capabilities,
  type ResourceType,
} from "../lib/access";
import { ErrorBanner, Loading } from "./common";

// The signed-in user and what they may do, loaded once before any page (so the browser asks for
// the credentials once, on users/current) and again after an action that creates a grant.

type AccessState = { access?: Access; refresh: () => void };

export const AccessContext = createContext<AccessState>({ refresh: () => undefined });

async function loadAccess(): Promise<Access | undefined> {
  const user = await authApi.currentUser();
  if (!user) return undefined;
  if (user.is_admin) return { username: user.username, admin: true, rows: [], byDefault: "MANAGE" };
  const [mine, ...baselines] = await Promise.all([
    authApi.currentPermissions(),
    ...RESOURCE_TYPES.map((t) => authApi.getPermission(user.username, t, "*").then((r) => r.permission, () => undefined)),
  ]);
  const rows = mine.permissions ?? [];
  const answered: Partial<Record<ResourceType, string>> = {};
  RESOURCE_TYPES.forEach((t, i) => (answered[t] = baselines[i]));
  return { username: user.username, admin: mine.is_admin, rows, byDefault: defaultPermission(rows, answered) };
}

export function AccessProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ access?: Access; error?: unknown; loaded: boolean }>({ loaded: false });
  const refresh = useCallback(() => {
    loadAccess().then(
      (access) => setState({ access, loaded: true }),
      (error) => setState((s) => ({ access: s.access, error, loaded: true })),
    );
  }, []);
  useEffect(refresh, [refresh]);
  if (!state.loaded) return <Loading what="your account" />;
  // Sign-in refused or cancelled: every page would fail the same way (and ask again).
  if (state.error instanceof ApiError && state.error.status === 401)
    return <ErrorBanner error={new ApiError(401, "UNAUTHENTICATED", "Not signed in. Reload the page to sign in again.")} />;
  return (
    <AccessContext.Provider value={{ access: state.access, refresh }}>
      {state.error ? <ErrorBanner error={state.error} /> : null}
      {children}
    </AccessContext.Provider>
  );
}

/** The signed-in user (undefined when the server runs without authentication) and a reload. */
export function useAccess(): AccessState {
  return useContext(AccessContext);
}

/** What the user may do on each kind of resource; everything when the server has no authentication. */
export function useCan() {
  const { access } = useAccess();
  const on = (f: (a: Access, id: string) => Capabilities) => (id: string) => (access ? f(access, id) : EVERYTHING);
  return {
    experiment: on(onExperiment),
    runs: on(onRuns),
    model: on(onModel),
    versions: on(onVersions),
    create: (type: ResourceType) => (access ? mayCreate(access, type) : true),
  };
}

/** The signed-in user in the header, marked when an administrator. */
export function SignedInUser() {
  const { access } = useAccess();
  if (!access) return null;
  return (
    <span className="user" data-testid="signed-in-user" title="signed in">
      {access.username}
      {access.admin ? <span className="badge admin">admin</span> : null}
    </span>
  );
}
