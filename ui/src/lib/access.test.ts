import { describe, expect, it } from "vitest";
import { defaultPermission, fold, mayCreate, onExperiment, onModel, onRuns, onVersions, withDefault, type Access, type PermissionRow } from "./access";

const grant = (resource_type: string, resource_pattern: string, permission: string): PermissionRow => ({
  role_name: "__user_2__",
  workspace: "default",
  resource_type,
  resource_pattern,
  permission,
});

const user = (rows: PermissionRow[], byDefault: Access["byDefault"] = "READ"): Access => ({ username: "bob", admin: false, rows, byDefault });

describe("access", () => {
  it("folds the grants on a resource to the strongest, a DENY vetoing", () => {
    const rows = [grant("experiment", "1", "READ"), grant("experiment", "*", "EDIT"), grant("experiment", "2", "DENY")];
    expect(fold(rows, "experiment", "1")).toBe("EDIT");
    expect(fold(rows, "experiment", "2")).toBe("DENY");
    expect(fold(rows, "registered_model", "1")).toBeUndefined();
  });

  it("floors a positive grant with the default and keeps DENY", () => {
    expect(withDefault("READ", "EDIT")).toBe("EDIT");
    expect(withDefault("MANAGE", "READ")).toBe("MANAGE");
    expect(withDefault("DENY", "MANAGE")).toBe("DENY");
    expect(withDefault(undefined, "USE")).toBe("USE");
  });

  it("reads only for a READ user without grants, everything for an admin", () => {
    const reader = onExperiment(user([]), "1");
    expect(reader).toEqual({ read: true, use: false, update: false, delete: false, manage: false });
    expect(onExperiment({ ...user([]), admin: true }, "1").delete).toBe(true);
    expect(onExperiment(user([grant("workspace", "*", "MANAGE")]), "1").manage).toBe(true);
  });

  it("lets a grant on one experiment edit that experiment only", () => {
    const a = user([grant("experiment", "7", "EDIT")]);
    expect(onExperiment(a, "7").update).toBe(true);
    expect(onExperiment(a, "7").delete).toBe(false);
    expect(onExperiment(a, "8").update).toBe(false);
    expect(onModel(user([grant("registered_model", "m", "MANAGE")]), "m").delete).toBe(true);
  });

  it("judges runs by a run-tier grant over their experiment's, never without reading the experiment", () => {
    expect(onRuns(user([grant("experiment", "1", "MANAGE")]), "1").delete).toBe(true);
    expect(onRuns(user([grant("experiment", "1", "MANAGE"), grant("run", "*", "READ")]), "1").update).toBe(false);
    expect(onRuns(user([grant("experiment", "1", "DENY"), grant("run", "*", "MANAGE")]), "1").read).toBe(false);
    expect(onVersions(user([grant("registered_model", "m", "EDIT")]), "m").update).toBe(true);
  });

  it("lets anyone create unless a wildcard DENY says no", () => {
    expect(mayCreate(user([], "NO_PERMISSIONS"), "experiment")).toBe(true);
    expect(mayCreate(user([grant("registered_model", "*", "DENY")]), "registered_model")).toBe(false);
  });

  it("takes the default from a wildcard answer the user's own wildcard grants do not colour", () => {
    expect(defaultPermission([], { experiment: "EDIT", registered_model: "EDIT" })).toBe("EDIT");
    expect(defaultPermission([grant("experiment", "*", "MANAGE")], { experiment: "MANAGE", registered_model: "USE" })).toBe("USE");
    expect(defaultPermission([grant("experiment", "*", "MANAGE"), grant("registered_model", "*", "EDIT")], { experiment: "MANAGE", registered_model: "EDIT" })).toBe("NO_PERMISSIONS");
    expect(defaultPermission([], {})).toBe("READ");
  });
});
