import { useState } from "react";
import { api, type ModelVersion } from "../api";
import { useCan } from "../components/access";
import { Empty, ErrorBanner, KvTable, Loading, MarkdownEditor, pairs, TagEditor, useLoad } from "../components/common";
import { formatTime } from "../lib/format";
import { formatHash, updateQuery, type Route } from "../lib/route";

const STAGES = ["None", "Staging", "Production", "Archived"];

export function ModelsPage({ route }: { route: Route }) {
  const search = route.query.get("q") ?? "";
  const filter = search ? `name ILIKE '%${search.replace(/'/g, "\\'")}%'` : "";
  const { data, error, loading } = useLoad(() => api.searchModels(filter), [filter]);
  const models = data?.registered_models ?? [];
  return (
    <div className="page">
      <h1>Registered models</h1>
      <input className="search" aria-label="search models" placeholder="Search models by name" defaultValue={search} onChange={(e) => updateQuery({ q: e.target.value })} />
      <ErrorBanner error={error} />
      {loading && !data ? <Loading what="models" /> : null}
      {data && !models.length ? <Empty>No registered models{search ? ` match “${search}”` : ""}.</Empty> : null}
      {models.length ? (
        <table className="grid models">
          <thead>
            <tr><th>Name</th><th>Latest version</th><th>Aliases</th><th>Last modified</th><th>Tags</th></tr>
          </thead>
          <tbody>
            {models.map((m) => {
              const latest = (m.latest_versions ?? []).reduce<ModelVersion | undefined>((a, v) => (!a || Number(v.version) > Number(a.version) ? v : a), undefined);
              return (
                <tr key={m.name}>
                  <td><a href={formatHash(["models", m.name])}>{m.name}</a></td>
                  <td>{latest ? <a href={formatHash(["models", m.name, "versions", latest.version])}>Version {latest.version}</a> : ""}</td>
                  <td>{(m.aliases ?? []).map((a) => `@${a.alias} → v${a.version}`).join(", ")}</td>
                  <td>{formatTime(m.last_updated_timestamp)}</td>
                  <td>{(m.tags ?? []).map((t) => `${t.key}=${t.value}`).join(", ")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

export function ModelPage({ route }: { route: Route }) {
  const name = route.parts[1];
  const { data, error, loading, reload } = useLoad(async () => ({ model: (await api.getModel(name)).registered_model, versions: (await api.searchVersions(name)).model_versions ?? [] }), [name]);
  const [alias, setAlias] = useState("");
  const [pick, setPick] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const act = (p: Promise<unknown>) => p.then(() => (setActionError(undefined), reload()), setActionError);
  const can = useCan();
  const may = can.model(name);
  const mayVersions = can.versions(name);
  if (error) return <ErrorBanner error={error} />;
  if (loading && !data) return <Loading what="model" />;
  if (!data) return null;
  const { model, versions } = data;
  const sorted = [...versions].sort((a, b) => Number(b.version) - Number(a.version));
  // The version the alias and stage controls act on: picked from the list (the latest at first).
  const picked = sorted.find((v) => v.version === pick) ?? sorted[0];
  return (
    <div className="page">
      <div className="crumbs"><a href="#/models">Registered models</a> ›</div>
      <h1>{model.name}</h1>
      <p className="muted">Created {formatTime(model.creation_timestamp)} · last modified {formatTime(model.last_updated_timestamp)}</p>
      <ErrorBanner error={actionError} />
      <section>
        <h2>Description</h2>
        <MarkdownEditor readOnly={!may.update} text={model.description ?? ""} onSave={(t) => api.updateModel(name, t).then(reload)} />
      </section>
      <section>
        <h2>Versions ({versions.length})</h2>
        {sorted.length ? (
          <table className="grid versions">
            <thead>
              <tr><th>Version</th><th>Registered</th><th>Aliases</th><th>Stage</th><th>Description</th><th>Tags</th><th>Source run</th><th>Logged model</th></tr>
            </thead>
            <tbody>
              {sorted.map((v) => (
                <tr key={v.version} className={v.version === picked?.version ? "picked" : ""}>
                  <td><a href={formatHash(["models", name, "versions", v.version])}>Version {v.version}</a></td>
                  <td>{formatTime(v.creation_timestamp)}</td>
                  <td>{(v.aliases ?? []).map((a) => (
                    <span key={a} className="badge">@{a} {may.delete ? <button className="link" aria-label={`remove alias ${a}`} onClick={() => act(api.deleteAlias(name, a))}>✕</button> : null}</span>
                  ))}</td>
                  <td className={v.current_stage && v.current_stage !== "None" ? "" : "muted"}>{v.current_stage ?? "None"}</td>
                  <td className="description" title={v.description}>{v.description?.split("\n")[0] ?? ""}</td>
                  <td>{(v.tags ?? []).map((t) => <span key={t.key} className="badge">{t.key}={t.value}</span>)}</td>
                  <td><RunLink runId={v.run_id} /></td>
                  <td>{loggedModelOf(v) ? <LoggedModelLink modelId={loggedModelOf(v)!} /> : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No versions yet.</Empty>
        )}
        {picked ? (
          <form className="row controls version-actions" onSubmit={(e) => (e.preventDefault(), alias && act(api.setAlias(name, alias, picked.version)).then(() => setAlias("")))}>
            <label>
              Version{" "}
              <select aria-label="version" value={picked.version} onChange={(e) => setPick(e.target.value)}>
                {sorted.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                    {v.aliases?.length ? ` (@${v.aliases.join(", @")})` : ""}
                  </option>
                ))}
              </select>
            </label>
            {may.update ? (
              <>
                <input aria-label="alias" placeholder="alias" list="known-aliases" value={alias} onChange={(e) => setAlias(e.target.value)} />
                <datalist id="known-aliases">
                  {(model.aliases ?? []).map((a) => <option key={a.alias} value={a.alias} />)}
                </datalist>
                <button type="submit" disabled={!alias}>Set alias</button>
              </>
            ) : null}
            <label className="muted" title="Stages are deprecated in MLflow; aliases replace them">
              stage{" "}
              <select aria-label={`stage of version ${picked.version}`} disabled={!mayVersions.update} value={picked.current_stage ?? "None"} onChange={(e) => act(api.transitionStage(name, picked.version, e.target.value))}>
                {STAGES.map((s) => <option key={s}>{s}</option>)}
              </select>
            </label>
          </form>
        ) : null}
      </section>
      <section>
        <h2>Tags</h2>
        <TagEditor readOnly={!may.update} tags={model.tags ?? []} onSet={(k, v) => api.setModelTag(name, k, v).then(reload)} onDelete={(k) => api.deleteModelTag(name, k).then(reload)} />
      </section>
    </div>
  );
}

/** The logged model a version was registered from: its model_id, or a models:/<id> source. */
export function loggedModelOf(v: ModelVersion): string | undefined {
  return v.model_id || /^models:\/(m-[0-9a-f]+)$/.exec(v.source ?? "")?.[1];
}

function LoggedModelLink({ modelId }: { modelId: string }) {
  const { data } = useLoad(async () => (await api.getLoggedModel(modelId)).model, [modelId]);
  return data ? <a href={formatHash(["experiments", data.info.experiment_id, "models", modelId])}>{data.info.name} ({modelId})</a> : <code>{modelId}</code>;
}

function RunLink({ runId }: { runId?: string }) {
  const { data } = useLoad(async () => (runId ? (await api.getRun(runId)).run : undefined), [runId]);
  if (!runId) return null;
  return data ? <a href={formatHash(["experiments", data.info.experiment_id, "runs", runId])}>{data.info.run_name || runId}</a> : <code>{runId.slice(0, 8)}</code>;
}

export function VersionPage({ route }: { route: Route }) {
  const [, name, , version] = route.parts;
  const { data, error, loading, reload } = useLoad(async () => (await api.getVersion(name, version)).model_version, [name, version]);
  const may = useCan().versions(name);
  if (error) return <ErrorBanner error={error} />;
  if (loading && !data) return <Loading what="model version" />;
  if (!data) return null;
  const facts: [string, React.ReactNode][] = [
    ["Stage", data.current_stage],
    ["Status", data.status],
    ["Registered", formatTime(data.creation_timestamp)],
    ["Source", <code>{data.source}</code>],
    ["Source run", <RunLink runId={data.run_id} />],
    ["Logged model", loggedModelOf(data) ? <LoggedModelLink modelId={loggedModelOf(data)!} /> : ""],
    ["Aliases", (data.aliases ?? []).map((a) => "@" + a).join(", ")],
  ];
  return (
    <div className="page">
      <div className="crumbs"><a href="#/models">Registered models</a> › <a href={formatHash(["models", name])}>{name}</a> ›</div>
      <h1>{name} version {version}</h1>
      <KvTable rows={facts} />
      <section>
        <h2>Description</h2>
        <MarkdownEditor readOnly={!may.update} text={data.description ?? ""} onSave={(t) => api.updateVersion(name, version, t).then(reload)} />
      </section>
      <section>
        <h2>Tags</h2>
        <KvTable rows={pairs(data.tags)} empty="No tags." />
      </section>
    </div>
  );
}
