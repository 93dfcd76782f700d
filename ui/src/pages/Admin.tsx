import { useState } from "react";
import { api } from "../api";
import { authApi, type User } from "../authApi";
import { useAccess } from "../components/access";
import { Empty, ErrorBanner, Loading, useLoad } from "../components/common";
import { GRANTABLE, RESOURCE_TYPES, type PermissionRow, type ResourceType } from "../lib/access";
import { updateQuery, type Route } from "../lib/route";

const TYPE_LABEL: Record<string, string> = { experiment: "experiment", registered_model: "registered model" };

/** A grant of the user's own role, which grant and revoke write (MLflow's __user_<id>__ role). */
export function isDirectGrant(row: PermissionRow): boolean {
  return !row.role_name || /^__user_\d+__$/.test(row.role_name);
}

/** Users and their permissions, for administrators: #/admin, #/admin?user=<name> with that user's grants open. */
export function AdminPage({ route }: { route: Route }) {
  const { access } = useAccess();
  if (!access) return <Empty>This server runs without authentication: there are no users to manage.</Empty>;
  if (!access.admin) return <Empty>Only administrators manage users and permissions.</Empty>;
  return <Users me={access.username} open={route.query.get("user") ?? undefined} />;
}

function Users({ me, open }: { me: string; open?: string }) {
  const { data, error, loading, reload } = useLoad(() => authApi.listUsers(), []);
  const [actionError, setActionError] = useState<unknown>();
  const [resetting, setResetting] = useState<string>();
  const act = (p: Promise<unknown>) => p.then(() => (setActionError(undefined), reload()), setActionError);
  const users = [...(data?.users ?? [])].sort((a, b) => a.username.localeCompare(b.username));
  return (
    <div className="page admin">
      <h1>Users</h1>
      <CreateUser onCreate={(u, p) => act(authApi.createUser(u, p))} />
      <ErrorBanner error={error ?? actionError} />
      {loading && !data ? <Loading what="users" /> : null}
      {users.length ? (
        <table className="grid users">
          <thead>
            <tr><th>User</th><th>Admin</th><th /></tr>
          </thead>
          <tbody>
            {users.map((u) => [
              <tr key={u.username} className={open === u.username ? "open" : ""}>
                <td>{u.username}{u.username === me ? <span className="badge">you</span> : null}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={"admin " + u.username}
                    checked={u.is_admin}
                    disabled={u.username === me}
                    onChange={(e) => act(authApi.updateAdmin(u.username, e.target.checked))}
                  />
                </td>
                <td className="actions">
                  <button className="link" onClick={() => updateQuery({ user: open === u.username ? undefined : u.username })}>permissions</button>
                  <button className="link" onClick={() => setResetting(resetting === u.username ? undefined : u.username)}>reset password</button>
                  {u.username !== me ? (
                    <button className="link" onClick={() => window.confirm(`Delete user ${u.username}?`) && act(authApi.deleteUser(u.username))}>delete</button>
                  ) : null}
                </td>
              </tr>,
              resetting === u.username ? (
                <tr key={u.username + "-password"}>
                  <td colSpan={3}>
                    <ResetPassword user={u} self={u.username === me} onDone={() => setResetting(undefined)} />
                  </td>
                </tr>
              ) : null,
            ])}
          </tbody>
        </table>
      ) : null}
      {open ? <UserPermissions key={open} username={open} /> : null}
    </div>
  );
}

function CreateUser({ onCreate }: { onCreate: (username: string, password: string) => Promise<unknown> }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (username.trim() && password) onCreate(username.trim(), password).then(() => (setUsername(""), setPassword("")));
      }}
    >
      <input aria-label="new username" placeholder="username" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
      <input aria-label="new user password" placeholder="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <button type="submit">Create user</button>
    </form>
  );
}

/** An administrator sets another user's password; their own needs the current one (MLflow's rule). */
function ResetPassword({ user, self, onDone }: { user: User; self: boolean; onDone: () => void }) {
  const [password, setPassword] = useState("");
  const [current, setCurrent] = useState("");
  const [error, setError] = useState<unknown>();
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (password) authApi.updatePassword(user.username, password, self ? current : undefined).then(onDone, setError);
      }}
    >
      {self ? <input aria-label="current password" placeholder="current password" type="password" value={current} onChange={(e) => setCurrent(e.target.value)} /> : null}
      <input aria-label={"new password for " + user.username} placeholder="new password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <button type="submit">Set password</button>
      <ErrorBanner error={error} />
    </form>
  );
}

function UserPermissions({ username }: { username: string }) {
  const { data, error, loading, reload } = useLoad(() => authApi.listPermissions(username), [username]);
  const [actionError, setActionError] = useState<unknown>();
  const act = (p: Promise<unknown>) => p.then(() => (setActionError(undefined), reload()), setActionError);
  const rows = data?.permissions ?? [];
  const direct = (type: string, id: string) => rows.some((r) => isDirectGrant(r) && r.resource_type === type && r.resource_pattern === id);
  // One grant per resource and user: a new permission replaces the one there.
  const grant = async (type: ResourceType, id: string, permission: string) => {
    if (direct(type, id)) await authApi.revoke(username, type, id);
    await authApi.grant(username, type, id, permission);
  };
  return (
    <section className="permissions">
      <h2>Permissions of {username}</h2>
      {data?.is_admin ? <p className="muted">An administrator: every permission on everything, whatever the grants.</p> : null}
      <ErrorBanner error={error ?? actionError} />
      {loading && !data ? <Loading what="permissions" /> : null}
      {data && !rows.length ? <Empty>No grants: the server's default permission applies everywhere.</Empty> : null}
      {rows.length ? (
        <table className="grid permissions">
          <thead>
            <tr><th>Resource</th><th>ID or name</th><th>Permission</th><th>Through</th><th /></tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>{TYPE_LABEL[r.resource_type] ?? r.resource_type}</td>
                <td><code>{r.resource_pattern}</code></td>
                <td>{r.permission}</td>
                <td className="muted">{isDirectGrant(r) ? "own grant" : "role " + r.role_name}</td>
                <td className="actions">
                  {isDirectGrant(r) ? (
                    <button className="link" aria-label={`revoke ${r.resource_type} ${r.resource_pattern}`} onClick={() => act(authApi.revoke(username, r.resource_type, r.resource_pattern))}>revoke</button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <GrantForm username={username} onGrant={(t, id, p) => act(grant(t, id, p))} />
    </section>
  );
}

function GrantForm({ username, onGrant }: { username: string; onGrant: (type: ResourceType, id: string, permission: string) => Promise<unknown> }) {
  const [type, setType] = useState<ResourceType>("experiment");
  const [id, setId] = useState("");
  const [permission, setPermission] = useState("READ");
  const [effective, setEffective] = useState<string>();
  const { data: names } = useLoad(async () => {
    const [experiments, models] = await Promise.all([api.searchExperiments({ max_results: 1000 }), api.searchModels("")]);
    return {
      experiment: (experiments.experiments ?? []).map((e) => ({ value: e.experiment_id, label: e.name })),
      registered_model: (models.registered_models ?? []).map((m) => ({ value: m.name, label: m.name })),
    };
  }, []);
  const check = () => authApi.getPermission(username, type, id.trim()).then((r) => setEffective(r.permission), (e) => setEffective(String(e.message ?? e)));
  return (
    <form className="row grant" onSubmit={(e) => (e.preventDefault(), id.trim() && onGrant(type, id.trim(), permission).then(() => setEffective(undefined)))}>
      <select aria-label="resource type" value={type} onChange={(e) => (setType(e.target.value as ResourceType), setEffective(undefined))}>
        {RESOURCE_TYPES.map((t) => <option key={t} value={t}>{TYPE_LABEL[t]}</option>)}
      </select>
      <input aria-label="resource" list={"resources-" + type} placeholder={type === "experiment" ? "experiment ID or *" : "model name or *"} value={id} onChange={(e) => (setId(e.target.value), setEffective(undefined))} />
      <datalist id={"resources-" + type}>
        {(names?.[type] ?? []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </datalist>
      <select aria-label="permission" value={permission} onChange={(e) => setPermission(e.target.value)}>
        {GRANTABLE.map((p) => <option key={p}>{p}</option>)}
      </select>
      <button type="submit">Grant</button>
      <button type="button" className="secondary" disabled={!id.trim()} onClick={check}>Check</button>
      {effective ? <span data-testid="effective-permission">effective: {effective}</span> : null}
    </form>
  );
}
