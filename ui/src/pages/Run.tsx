import { useCallback, useMemo, useState } from "react";
import { api, ApiError, artifactUrl, type Metric, type Run } from "../api";
import { useAccess, useCan } from "../components/access";
import { Empty, ErrorBanner, KvTable, Loading, MarkdownEditor, TagEditor, useInterval, useLoad } from "../components/common";
import { useDocumentTitle, useExperiments } from "../components/experiment";
import { ChartsGrid, matchesSearch, sectionOf } from "../components/ChartsGrid";
import { stickyRunColors } from "../lib/colors";
import { loggedImages, type LoggedImage } from "../lib/images";
import { ChartControls, chartSettings, RunsMetricChart } from "../components/MetricsPanel";
import { formatDuration, formatTime, runDuration, runName, tagOf } from "../lib/format";
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
  const experiment = useExperiments(data ? [data.run.info.experiment_id] : [])?.[0];
  useDocumentTitle(data ? `${runName(data.run)} · ${experiment?.name ?? "Experiment " + data.run.info.experiment_id}` : undefined);
  if (error && !data) return <ErrorBanner error={error} />;
  if (loading && !data) return <Loading what="run" />;
  if (!data) return null;
  const { run, children } = data;
  return (
    <div className="page">
      <div className="crumbs">
        <a href="#/">Experiments</a> › <a href={formatHash(["runs"], { exp: run.info.experiment_id })}>{experiment?.name ?? `Experiment ${run.info.experiment_id}`}</a> ›
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
  ];
  // Only the rows that say something: no empty parent or child rows.
  if (parent) info.push(["Parent run", <a href={link(parent)}>{parent}</a>]);
  if (children.length) info.push(["Child runs", children.map((c, i) => <span key={c.info.run_id}>{i ? ", " : ""}<a href={link(c.info.run_id)}>{runName(c)}</a></span>)]);
  const [find, setFind] = useState("");
  const match = (k: string) => matchesSearch(k, find);
  const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key, undefined, { numeric: true });
  const params = [...(run.data.params ?? [])].sort(byKey);
  const allMetrics = [...(run.data.metrics ?? [])].sort(byKey);
  const metrics = allMetrics.filter((m) => sectionOf(m.key) !== "system");
  const system = allMetrics.filter((m) => sectionOf(m.key) === "system");
  const can = useCan();
  const may = can.runs(run.info.experiment_id);
  const datasets = run.inputs?.dataset_inputs ?? [];
  const models = run.outputs?.model_outputs ?? [];
  const metricTable = (list: Metric[], what: string) => {
    const shown = list.filter((m) => match(m.key));
    return shown.length ? (
      <table className="kv values" data-testid={what}>
        <tbody>
          {shown.map((m) => (
            <tr key={m.key}>
              <th>
                <a href={formatHash(["experiments", run.info.experiment_id, "runs", run.info.run_id], { tab: "charts", metric: m.key })}>{m.key}</a>
              </th>
              <td>
                <FullValue value={m.value} />
              </td>
              <td className="muted">step {m.step}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <Empty>{list.length ? `No ${what} match “${find}”.` : `No ${what}.`}</Empty>
    );
  };
  const shownParams = params.filter((p) => match(p.key) || (find && p.value.toLowerCase().includes(find.toLowerCase())));
  return (
    <div className="overview two-columns">
      <div className="column">
        <section>
          <KvTable rows={info} />
        </section>
        <section>
          <h2>Description</h2>
          <MarkdownEditor readOnly={!may.update} text={tagOf(tags, NOTE) ?? ""} onSave={(t) => api.setTag(run.info.run_id, NOTE, t).then(reload)} />
        </section>
        <div className="row controls">
          <input aria-label="search params and metrics" className="search" placeholder="search parameters and metrics" value={find} onChange={(e) => setFind(e.target.value)} />
        </div>
        <section>
          <h2>
            Parameters ({find ? `${shownParams.length} of ${params.length}` : params.length})
          </h2>
          {shownParams.length ? (
            <table className="kv values" data-testid="parameters">
              <tbody>
                {shownParams.map((p) => (
                  <tr key={p.key}>
                    <th>{p.key}</th>
                    <td>
                      <FullValue value={p.value} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>{params.length ? `No parameters match “${find}”.` : "No parameters."}</Empty>
          )}
        </section>
        <section>
          <h2>Metrics ({metrics.length})</h2>
          {metricTable(metrics, "metrics")}
        </section>
        {system.length ? (
          <section>
            <h2>System metrics ({system.length})</h2>
            {metricTable(system, "system metrics")}
          </section>
        ) : null}
      </div>
      <div className="column">
        <LoggedImages run={run} />
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
        {can.create("registered_model") ? (
          <section>
            <h2>Register a model</h2>
            <RegisterModel run={run} />
          </section>
        ) : null}
      </div>
    </div>
  );
}

/** A value at full precision (as logged), with a button that copies it. */
function FullValue({ value }: { value: number | string }) {
  const text = String(value);
  const [copied, setCopied] = useState(false);
  return (
    <span className="full-value">
      <span className="value">{text}</span>
      <button
        className="link copy"
        title="copy"
        aria-label={"copy " + text}
        onClick={() =>
          navigator.clipboard?.writeText(text).then(
            () => (setCopied(true), setTimeout(() => setCopied(false), 1200)),
            () => undefined,
          )
        }
      >
        {copied ? "✓" : "⧉"}
      </button>
    </span>
  );
}

/** The images logged with log_image: one viewer per key, a slider over its steps. */
function LoggedImages({ run }: { run: Run }) {
  const { data } = useLoad(() => api.listArtifacts(run.info.run_id, "images").then((r) => loggedImages((r.files ?? []).map((f) => f.path))).catch(() => new Map<string, LoggedImage[]>()), [run.info.run_id]);
  if (!data?.size) return null;
  return (
    <section>
      <h2>Images ({data.size})</h2>
      {[...data.entries()].map(([key, list]) => (
        <ImageSteps key={key} runId={run.info.run_id} name={key} images={list} />
      ))}
    </section>
  );
}

function ImageSteps({ runId, name, images }: { runId: string; name: string; images: LoggedImage[] }) {
  const [at, setAt] = useState(images.length - 1);
  const image = images[Math.min(at, images.length - 1)];
  return (
    <figure className="image-steps" data-image-key={name}>
      <figcaption>
        <b>{name}</b> <span className="muted" data-testid="image-step">step {image.step}</span>{" "}
        <span className="muted">{formatTime(image.timestamp)}</span>
      </figcaption>
      <img className="image-preview" alt={`${name} at step ${image.step}`} src={artifactUrl(runId, image.path)} />
      {images.length > 1 ? (
        <input type="range" aria-label={"step of " + name} min={0} max={images.length - 1} step={1} value={at} onChange={(e) => setAt(Number(e.target.value))} />
      ) : null}
    </figure>
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
  const runs = useMemo(() => [{ id: run.info.run_id, label: runName(run), start: run.info.start_time, running: run.info.status === "RUNNING", color: stickyRunColors([run.info.run_id]).get(run.info.run_id) }], [run]);
  const metrics = (run.data.metrics ?? []).map((m) => m.key).filter((k) => !only || k === only).sort();
  return (
    <div>
      <ChartControls settings={settings} groupKeys={[]} />
      {only ? (
        <button className="link" onClick={() => updateQuery({ metric: undefined })}>Show all metrics</button>
      ) : null}
      {!metrics.length ? <Empty>This run has no metrics.</Empty> : null}
      {only ? (
        <div className="charts">
          {metrics.map((m) => (
            <RunsMetricChart key={m} metric={m} runs={runs} settings={settings} />
          ))}
        </div>
      ) : (
        <ChartsGrid metrics={metrics} runs={runs} settings={settings} layoutKey={"cairn.charts." + run.info.experiment_id} query={query} />
      )}
    </div>
  );
}
