import { api, loggedModelFileUrl } from "../api";
import { Empty, ErrorBanner, KvTable, Loading, pairs, useLoad } from "../components/common";
import { formatBytes, formatNumber, formatTime } from "../lib/format";
import { formatHash, type Route } from "../lib/route";
import { MlModelSummary } from "./Artifacts";

/** A logged model (MLflow 3): its facts, params, metrics, tags, files and MLmodel summary. */
export function LoggedModelPage({ route }: { route: Route }) {
  const id = route.parts[3];
  const { data, error, loading } = useLoad(async () => {
    const { model } = await api.getLoggedModel(id);
    const files = (await api.listLoggedModelArtifacts(id, "")).files ?? [];
    const mlmodel = files.some((f) => f.path === "MLmodel") ? await (await fetch(loggedModelFileUrl(id, "MLmodel"))).text() : undefined;
    return { model, files, mlmodel };
  }, [id]);
  if (error) return <ErrorBanner error={error} />;
  if (loading && !data) return <Loading what="logged model" />;
  if (!data) return null;
  const { info, data: values } = data.model;
  const facts: [string, React.ReactNode][] = [
    ["Model ID", <code>{info.model_id}</code>],
    ["Status", info.status],
    ["Created", formatTime(info.creation_timestamp_ms)],
    ["Model type", info.model_type],
    ["Source run", info.source_run_id ? <a href={formatHash(["experiments", info.experiment_id, "runs", info.source_run_id])}>{info.source_run_id}</a> : ""],
    ["Artifact URI", <code>{info.artifact_uri}</code>],
  ];
  return (
    <div className="page">
      <div className="crumbs">
        <a href={formatHash(["runs"], { exp: info.experiment_id })}>Experiment {info.experiment_id}</a> ›
      </div>
      <h1>Logged model {info.name}</h1>
      <KvTable rows={facts} className="logged-model" />
      <h2>Parameters</h2>
      <KvTable rows={pairs(values?.params)} empty="No parameters." />
      <h2>Metrics</h2>
      {values?.metrics?.length ? (
        <table className="kv"><tbody>{values.metrics.map((m, i) => <tr key={i}><th>{m.key}</th><td>{formatNumber(m.value)}</td><td className="muted">step {m.step}</td></tr>)}</tbody></table>
      ) : <Empty>No metrics.</Empty>}
      <h2>Tags</h2>
      <KvTable rows={pairs(info.tags)} empty="No tags." />
      <h2>Files</h2>
      <ul className="folder">
        {data.files.map((f) => (
          <li key={f.path}>
            {f.is_dir ? `${f.path}/` : <a href={loggedModelFileUrl(id, f.path)} download>{f.path}</a>} <span className="muted">{formatBytes(f.file_size)}</span>
          </li>
        ))}
      </ul>
      {data.mlmodel ? <MlModelSummary text={data.mlmodel} /> : null}
    </div>
  );
}
