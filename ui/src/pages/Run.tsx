import { useCallback, useMemo, useState } from "react";
import { api, ApiError, type Run } from "../api";
import { useAccess, useCan } from "../components/access";
import { Empty, ErrorBanner, KvTable, Loading, MarkdownEditor, pairs, TagEditor, useInterval, useLoad } from "../components/common";
import { ChartControls, chartSettings, RunsMetricChart } from "../components/MetricsPanel";
import { formatDuration, formatNumber, formatTime, runDuration, runName, tagOf } from "../lib/format";
import { formatHash, updateQuery, type Route } from "../lib/route";
import { ArtifactBrowser } from "./Artifacts";
import { RunTraces } from "./Traces";

const NOTE = "mlflow.note.content";

async function loadRun(id: string) {
  const { run } = await api.getRun(id);
  const children = await api.searchRuns({
    experiment_ids: [run.info.experiment_id],
    filter: `tags.mlflow.parentRunId = '${id}'`,
    max_results: 1000,
  });
  return { run, children: children.runs ?? [] };
}

export function RunPage({ route }: { route: Route }) {
  const runId = route.parts[3];
  const tab = route.query.get("tab") ?? "overview";
  const { data, error, loading, reload } = useLoad(() => loadRun(runId), [runId]);
  useInterval(useCallback(reload, []), 5000, data?.run.info.status === "RUNNING");
  if (error && !data) return <ErrorBanner error={error} />;
  if (loading && !data) return <Loading what="run" />;
  if (!data) return null;
  const { run, children } = data;
  return (
    <div className="page">
      <div className="crumbs">
        <a href={formatHash(["runs"], { exp: run.info.experiment_id })}>Experiment {run.info.experiment_id}</a> ›
      </div>
      <h1>
        {runName(run)} <span className={"status " + run.info.status}>{run.info.status}</span>
        {run.info.lifecycle_stage === "deleted" ? <span className="badge">deleted</span> : null}
      </h1>
      <div className="tabs">
        {["overview", "charts", "artifacts"].map((t) => (
          <button key={t} className={tab === t ? "on" : ""} onClick={() => updateQuery({ tab: t === "overview" ? undefined : t, path: undefined })}>
            {t[0].toUpperCase() + t.slice(1)}
          </button>
        ))}
      </div>
      <ErrorBanner error={error} />
      {tab === "overview" ? <Overview run={run} children={children} reload={reload} /> : null}
      {tab === "charts" ? <RunCharts run={run} query={route.query} /> : null}
      {tab === "artifacts" ? <ArtifactBrowser runId={run.info.run_id} path={route.query.get("path") ?? ""} /> : null}
    </div>
  );
}

function Overview({ run, children, reload }: { run: Run; children: Run[]; reload: () => void }) {
  const tags = run.data.tags ?? [];
  const parent = tagOf(tags, "mlflow.parentRunId");
  const link = (id: string) => formatHash(["experiments", run.info.experiment_id, "runs", id]);
  const info: [string, React.ReactNode][] = [
    ["Run ID", <code>{run.info.run_id}</code>],
    ["Status", run.info.status],
    ["Started", formatTime(run.info.start_time)],
    ["Ended", formatTime(run.info.end_time)],
    ["Duration", formatDuration(runDuration(run))],
    ["User", run.info.user_id],
    ["Source", [tagOf(tags, "mlflow.source.name"), tagOf(tags, "mlflow.source.git.commit")?.slice(0, 10)].filter(Boolean).join(" @ ")],
    ["Artifact URI", <code>{run.info.artifact_uri}</code>],
    ["Parent run", parent ? <a href={link(parent)}>{parent}</a> : ""],
    ["Child runs", children.length ? children.map((c, i) => <span key={c.info.run_id}>{i ? ", " : ""}<a href={link(c.info.run_id)}>{runName(c)}</a></span>) : ""],
  ];
  const params = [...(run.data.params ?? [])].sort((a, b) => a.key.localeCompare(b.key));
  const metrics = [...(run.data.metrics ?? [])].sort((a, b) => a.key.localeCompare(b.key));
  const can = useCan();
  const may = can.runs(run.info.experiment_id);
  const datasets = run.inputs?.dataset_inputs ?? [];
  const models = run.outputs?.model_outputs ?? [];
  return (
    <div className="overview">
      <section>
        <KvTable rows={info} />
      </section>
      <section>
        <h2>Description</h2>
        <MarkdownEditor readOnly={!may.update} text={tagOf(tags, NOTE) ?? ""} onSave={(t) => api.setTag(run.info.run_id, NOTE, t).then(reload)} />
      </section>
      <section>
        <h2>Parameters ({params.length})</h2>
        <KvTable rows={pairs(params)} empty="No parameters." />
      </section>
      <section>
        <h2>Metrics ({metrics.length})</h2>
        {metrics.length ? (
          <table className="kv">
            <tbody>
              {metrics.map((m) => (
                <tr key={m.key}>
                  <th>
                    <a href={formatHash(["experiments", run.info.experiment_id, "runs", run.info.run_id], { tab: "charts", metric: m.key })}>{m.key}</a>
                  </th>
                  <td>{formatNumber(m.value)}</td>
                  <td className="muted">step {m.step}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No metrics.</Empty>
        )}
      </section>
      <section>
        <h2>Tags</h2>
        <TagEditor readOnly={!may.update} tags={tags} onSet={(k, v) => api.setTag(run.info.run_id, k, v).then(reload)} onDelete={(k) => api.deleteTag(run.info.run_id, k).then(reload)} />
      </section>
      <section>
        <h2>Datasets ({datasets.length})</h2>
        {datasets.length ? (
          <table className="grid">
            <thead>
              <tr><th>Name</th><th>Digest</th><th>Source</th><th>Context</th></tr>
            </thead>
            <tbody>
              {datasets.map((d, i) => (
                <tr key={i}>
                  <td>{d.dataset.name}</td>
                  <td><code>{d.dataset.digest}</code></td>
                  <td>{d.dataset.source_type}</td>
                  <td>{tagOf(d.tags, "mlflow.data.context")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No datasets.</Empty>
        )}
      </section>
      {can.create("registered_model") ? (
        <section>
          <h2>Register a model</h2>
          <RegisterModel run={run} />
        </section>
      ) : null}
      <section>
        <h2>Logged models ({models.length})</h2>
        {models.length ? (
          <ul>
            {models.map((m) => (
              <li key={m.model_id}>
                <a href={formatHash(["experiments", run.info.experiment_id, "models", m.model_id])}>{m.model_id}</a>{" "}
                <span className="muted">step {m.step}</span>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>No logged models.</Empty>
        )}
      </section>
      <section>
        <h2>Traces</h2>
        <RunTraces runId={run.info.run_id} experimentId={run.info.experiment_id} />
      </section>
    </div>
  );
}

/** Registers one of the run's logged models (or an artifact folder) as a new model version. */
function RegisterModel({ run }: { run: Run }) {
  const models = run.outputs?.model_outputs ?? [];
  const [name, setName] = useState("");
  const [source, setSource] = useState(models.length ? "models:/" + models[0].model_id : "");
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();
  const { refresh } = useAccess();
  const submit = async () => {
    try {
      await api.createModel(name).catch((e: ApiError) => {
        if (e.code !== "RESOURCE_ALREADY_EXISTS") throw e;
      });
      const src = source.startsWith("models:/") ? source : `runs:/${run.info.run_id}/${source.replace(/^\/+/, "")}`;
      const modelId = source.startsWith("models:/") ? source.slice("models:/".length) : undefined;
      const { model_version } = await api.createVersion(name, src, run.info.run_id, modelId);
      setDone(model_version.version);
      setError(undefined);
      refresh(); // a new model's creator is granted MANAGE on it
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="row" onSubmit={(e) => (e.preventDefault(), name && source && submit())}>
      <ErrorBanner error={error} />
      <input aria-label="model name" placeholder="model name" value={name} onChange={(e) => setName(e.target.value)} />
      <select aria-label="model source" value={models.some((m) => "models:/" + m.model_id === source) ? source : ""} onChange={(e) => setSource(e.target.value)}>
        {models.map((m) => (
          <option key={m.model_id} value={"models:/" + m.model_id}>logged model {m.model_id}</option>
        ))}
        <option value="">artifact folder…</option>
      </select>
      {!source.startsWith("models:/") ? (
        <input aria-label="artifact folder" placeholder="artifact folder, e.g. model" value={source} onChange={(e) => setSource(e.target.value)} />
      ) : null}
      <button type="submit">Register</button>
      {done ? (
        <span>
          Registered <a href={formatHash(["models", name, "versions", done])}>{name} version {done}</a>
        </span>
      ) : null}
    </form>
  );
}

function RunCharts({ run, query }: { run: Run; query: URLSearchParams }) {
  const settings = chartSettings(query);
  const only = query.get("metric");
  const runs = useMemo(() => [{ id: run.info.run_id, label: runName(run), start: run.info.start_time, running: run.info.status === "RUNNING" }], [run]);
  const metrics = (run.data.metrics ?? []).map((m) => m.key).filter((k) => !only || k === only).sort();
  return (
    <div>
      <ChartControls settings={settings} groupKeys={[]} />
      {only ? (
        <button className="link" onClick={() => updateQuery({ metric: undefined })}>Show all metrics</button>
      ) : null}
      {!metrics.length ? <Empty>This run has no metrics.</Empty> : null}
      <div className="charts">
        {metrics.map((m) => (
          <RunsMetricChart key={m} metric={m} runs={runs} settings={settings} />
        ))}
      </div>
    </div>
  );
}
