// MLflow's basic-auth API (MLflow 3.17.2's shapes), which the server answers when it runs with
// --app-name basic-auth: users under /ajax-api/2.0/mlflow/users/..., per-user grants under
// /ajax-api/3.0/mlflow/users/permissions/... Without it users/current answers ENDPOINT_NOT_FOUND.

import { ApiError, query, request } from "./api";
import type { PermissionRow, ResourceType } from "./lib/access";

export type CurrentUser = { id: number; username: string; is_admin: boolean };
export type User = CurrentUser & { roles?: { id: number; name: string; workspace?: string }[] };

const V2 = "ajax-api/2.0/mlflow/users/";
const V3 = "ajax-api/3.0/mlflow/users/";

export const authApi = {
  /** The signed-in user, or undefined when the server runs without authentication. */
  currentUser: async (): Promise<CurrentUser | undefined> => {
    try {
      return (await request<{ user: CurrentUser }>("GET", V2 + "current")).user;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    }
  },
  currentPermissions: () => request<{ is_admin: boolean; permissions?: PermissionRow[] }>("GET", V3 + "current/permissions"),

  listUsers: () => request<{ users?: User[] }>("GET", V2 + "list"),
  createUser: (username: string, password: string) => request<{ user: User }>("POST", V2 + "create", { username, password }),
  /** An administrator sets anyone's password; one's own needs the current one too (MLflow's rule). */
  updatePassword: (username: string, password: string, currentPassword?: string) =>
    request<object>("PATCH", V2 + "update-password", { username, password, current_password: currentPassword }),
  updateAdmin: (username: string, isAdmin: boolean) => request<object>("PATCH", V2 + "update-admin", { username, is_admin: isAdmin }),
  deleteUser: (username: string) => request<object>("DELETE", V2 + "delete", { username }),

  listPermissions: (username: string) =>
    request<{ is_admin: boolean; permissions?: PermissionRow[] }>("GET", V3 + "permissions/list" + query({ username })),
  grant: (username: string, resourceType: ResourceType, resourceId: string, permission: string) =>
    request<object>("POST", V3 + "permissions/grant", { username, resource_type: resourceType, resource_id: resourceId, permission }),
  revoke: (username: string, resourceType: string, resourceId: string) =>
    request<object>("POST", V3 + "permissions/revoke", { username, resource_type: resourceType, resource_id: resourceId }),
  /** The permission the user holds on the resource, as the server would judge a request on it. */
  getPermission: (username: string, resourceType: ResourceType, resourceId: string) =>
    request<{ allowed: boolean; permission: string }>(
      "GET",
      V3 + "permissions/get" + query({ username, resource_type: resourceType, resource_id: resourceId }),
    ),
};
