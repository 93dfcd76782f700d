// What the signed-in user may do, worked out in the browser from the grants the server lists for
// them (users/current/permissions), so a page can hide the actions the server would refuse. The
// server decides every request anyway; this only spares the user buttons that answer 403.
//
// The rules are those of MLflow's basic-auth app with workspaces off (as Cairn serves it): an
// administrator may do everything, and so may a holder of the workspace-admin grant
// (workspace, *, MANAGE); otherwise the grants that apply to a resource (its id or "*") fold to the
// strongest of them, a DENY among them vetoing; the server's default permission is the floor of a
// positive grant and what a resource without any grant gets.

export const PERMISSIONS = ["READ", "USE", "EDIT", "MANAGE", "NO_PERMISSIONS", "DENY"] as const;
export type PermissionName = (typeof PERMISSIONS)[number];

/** What a grant on one experiment or registered model may be (MLflow refuses NO_PERMISSIONS there). */
export const GRANTABLE: PermissionName[] = ["READ", "USE", "EDIT", "MANAGE", "DENY"];

export type ResourceType = "experiment" | "registered_model";
export const RESOURCE_TYPES: ResourceType[] = ["experiment", "registered_model"];

/** One row of users/current/permissions or users/permissions/list: a grant of one of the user's roles. */
export type PermissionRow = {
  role_id?: number;
  role_name?: string;
  workspace?: string;
  resource_type: string;
  resource_pattern: string;
  permission: string;
};

export type Capabilities = { read: boolean; use: boolean; update: boolean; delete: boolean; manage: boolean };

const PRIORITY: Record<PermissionName, number> = { DENY: -1, NO_PERMISSIONS: 0, READ: 1, USE: 2, EDIT: 3, MANAGE: 4 };

export function capabilities(p: PermissionName): Capabilities {
  const n = PRIORITY[p];
  return { read: n >= 1, use: n >= 2, update: n >= 3, delete: n >= 4, manage: n >= 4 };
}

export const EVERYTHING: Capabilities = capabilities("MANAGE");

function known(p: string): p is PermissionName {
  return (PERMISSIONS as readonly string[]).includes(p);
}

/** The grants that apply to (type, id), folded: undefined when none applies. */
export function fold(rows: PermissionRow[], type: string, id: string): PermissionName | undefined {
  let best: PermissionName | undefined;
  for (const r of rows) {
    if (r.resource_type !== type || (r.resource_pattern !== "*" && r.resource_pattern !== id)) continue;
    if (!known(r.permission)) continue;
    if (r.permission === "DENY") return "DENY";
    if (!best || PRIORITY[r.permission] > PRIORITY[best]) best = r.permission;
  }
  return best;
}

/** A grant with the default as its floor; DENY and NO_PERMISSIONS stay as they are. */
export function withDefault(granted: PermissionName | undefined, byDefault: PermissionName): PermissionName {
  if (!granted) return byDefault;
  if (granted === "DENY" || granted === "NO_PERMISSIONS") return granted;
  return PRIORITY[granted] >= PRIORITY[byDefault] ? granted : byDefault;
}

export function isWorkspaceAdmin(rows: PermissionRow[]): boolean {
  return rows.some((r) => r.resource_type === "workspace" && r.resource_pattern === "*" && r.permission === "MANAGE");
}

/**
 * The server's default permission, which no API states: users/permissions/get on a type's "*"
 * answers it exactly when the user holds no wildcard grant of that type (else that grant over the
 * default). {@code baselines} are those answers; a type without one was not answered. When no
 * answer is usable, READ (absence of a grant read as read-only); when every type carries a
 * wildcard grant, NO_PERMISSIONS, which only makes the floor of a weaker grant stricter than the
 * server's.
 */
export function defaultPermission(rows: PermissionRow[], baselines: Partial<Record<ResourceType, string>>): PermissionName {
  const answered = RESOURCE_TYPES.filter((t) => baselines[t] !== undefined && known(baselines[t]!));
  if (!answered.length) return "READ";
  const plain = answered.find((t) => !rows.some((r) => r.resource_type === t && r.resource_pattern === "*"));
  return plain ? (baselines[plain] as PermissionName) : "NO_PERMISSIONS";
}

/** The signed-in user, their grants and the default: all the pages need to hide what they may not do. */
export type Access = { username: string; admin: boolean; rows: PermissionRow[]; byDefault: PermissionName };

type Key = [type: string, id: string];

/** The first key holding a grant decides, over the default; no grant at any key is the default. */
export function governing(access: Access, keys: Key[]): PermissionName {
  if (access.admin || isWorkspaceAdmin(access.rows)) return "MANAGE";
  for (const [type, id] of keys) {
    const p = fold(access.rows, type, id);
    if (p) return withDefault(p, access.byDefault);
  }
  return access.byDefault;
}

/** On an experiment: its rename, tags, delete and restore. */
export function onExperiment(access: Access, experimentId: string): Capabilities {
  return capabilities(governing(access, [["experiment", experimentId]]));
}

/**
 * On the runs of an experiment: the experiment must be readable, then a wildcard run grant, if
 * the user has one, decides, else the experiment's own permission.
 */
export function onRuns(access: Access, experimentId: string): Capabilities {
  if (!onExperiment(access, experimentId).read) return capabilities("NO_PERMISSIONS");
  return capabilities(governing(access, [["run", "*"], ["experiment", experimentId]]));
}

/** On a registered model: its description, tags and aliases. */
export function onModel(access: Access, name: string): Capabilities {
  return capabilities(governing(access, [["registered_model", name]]));
}

/** On the versions of a registered model (stage, description): as for runs, a version tier over the model's. */
export function onVersions(access: Access, name: string): Capabilities {
  if (!onModel(access, name).read) return capabilities("NO_PERMISSIONS");
  return capabilities(governing(access, [["registered_model_version", "*"], ["registered_model", name]]));
}

/** Whether the user may create a resource of the type: anyone may, unless a wildcard DENY says no. */
export function mayCreate(access: Access, type: ResourceType): boolean {
  return governing(access, [[type, "*"]]) !== "DENY";
}
