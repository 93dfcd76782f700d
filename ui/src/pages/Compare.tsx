import { useMemo, useState } from "react";
import { api, artifactUrl, type Run } from "../api";
import { Empty, ErrorBanner, Loading, useLoad } from "../components/common";
import { ChartsGrid } from "../components/ChartsGrid";
import { ChartControls, chartSettings } from "../components/MetricsPanel";
import { stickyRunColors } from "../lib/colors";
import { keysOf } from "../lib/completion";
import { cellValue, formatNumber, runName } from "../lib/format";
import { formatHash, updateQuery, type Route } from "../lib/route";
import { toNumber } from "../lib/series";
import { loggedImages, type LoggedImage } from "../lib/images";

async function loadRuns(ids: string[]): Promise<Run[]> {
  return Promise.all(ids.map((id) => api.getRun(id).then((r) => r.run)));
}

/** Values that differ between the runs (a missing value counts as a value). */
export function differs(values: (string | number | undefined)[]): boolean {
  return new Set(values.map((v) => (v === undefined ? "\u0000" : String(v)))).size > 1;
}

export function ComparePage({ route }: { route: Route }) {
  const ids = (route.query.get("runs") ?? "").split(",").filter(Boolean);
  const { data: runs, error, loading } = useLoad(() => loadRuns(ids), [ids.join(",")]);
  const onlyDiff = route.query.get("diff") === "1";
  const settings = chartSettings(route.query);
  const keys = useMemo(() => keysOf(runs ?? []), [runs]);
  const colors = useMemo(() => stickyRunColors((runs ?? []).map((r) => r.info.run_id)), [runs]);
  const chartRuns = useMemo(
    () => (runs ?? []).map((r) => ({ id: r.info.run_id, label: runName(r), start: r.info.start_time, running: r.info.status === "RUNNING", color: colors.get(r.info.run_id) })),
    [runs, colors],
  );
  if (!ids.length) return <Empty>Select runs in a runs table and press Compare.</Empty>;
  if (error) return <ErrorBanner error={error} />;
  if (loading || !runs) return <Loading what="runs" />;
  const table = (kind: "params" | "metrics", list: string[]) => {
    const rows = list.map((k) => ({ k, values: runs.map((r) => cellValue(r, `${kind}.${k}`)) })).filter((r) => !onlyDiff || differs(r.values));
    return (
      <table className="grid compare">
        <thead>
          <tr>
            <th>{kind === "params" ? "Parameter" : "Metric (latest)"}</th>
            {runs.map((r) => (
              <th key={r.info.run_id} style={{ borderBottom: `3px solid ${colors.get(r.info.run_id)}` }}>
                <a href={formatHash(["experiments", r.info.experiment_id, "runs", r.info.run_id])}>{runName(r)}</a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ k, values }) => (
            <tr key={k} className={differs(values) ? "diff" : ""}>
              <th>{k}</th>
              {values.map((v, i) => (
                <td key={i}>{formatNumber(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    );
  };
  const numeric = [...keys.metrics.map((k) => "metrics." + k), ...keys.params.map((k) => "params." + k)];
  return (
    <div className="page">
      <h1>Comparing {runs.length} runs</h1>
      <label className="check">
        <input type="checkbox" aria-label="only differences" checked={onlyDiff} onChange={(e) => updateQuery({ diff: e.target.checked ? "1" : undefined })} /> only
        differences
      </label>
      <h2>Parameters</h2>
      {table("params", keys.params)}
      <h2>Metrics</h2>
      {table("metrics", keys.metrics)}
      <h2>Scatter</h2>
      <Scatter runs={runs} keys={numeric} query={route.query} colors={colors} />
      <h2>Parallel coordinates</h2>
      <Parallel runs={runs} keys={numeric} query={route.query} colors={colors} />
      <ImagesSideBySide runs={runs} colors={colors} />
      <h2>Charts</h2>
      <ChartControls settings={settings} groupKeys={[]} />
      <ChartsGrid metrics={keys.metrics} runs={chartRuns} settings={settings} layoutKey="cairn.charts.compare" query={route.query} />
    </div>
  );
}

function numberOf(run: Run, key: string): number | null {
  const v = cellValue(run, key);
  return v === undefined ? null : toNumber(v);
}

function scale(values: number[], lo: number, hi: number): (v: number) => number {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return (v) => (max === min ? (lo + hi) / 2 : lo + ((v - min) / (max - min)) * (hi - lo));
}

/** The smallest and largest value written at their places on an axis. */
function Extent({ values, at, anchor }: { values: number[]; at: (v: number) => [number, number]; anchor: "start" | "middle" | "end" }) {
  if (!values.length) return null;
  const ends = Array.from(new Set([Math.min(...values), Math.max(...values)]));
  return (
    <>
      {ends.map((v) => {
        const [x, y] = at(v);
        return (
          <text key={v} x={x} y={y} textAnchor={anchor} className="axis-tick">
            {formatNumber(v)}
          </text>
        );
      })}
    </>
  );
}

/** Whether a key has at least two different numeric values among the runs (worth an axis). */
export function varies(runs: Run[], key: string): boolean {
  const values = new Set<number>();
  for (const r of runs) {
    const v = numberOf(r, key);
    if (v !== null && Number.isFinite(v)) values.add(v);
    if (values.size > 1) return true;
  }
  return false;
}

/** Default axes: keys whose values differ between the runs (params first), never a constant. */
export function defaultAxes(runs: Run[], keys: string[]): string[] {
  const moving = keys.filter((k) => varies(runs, k));
  return [...moving.filter((k) => k.startsWith("params.")), ...moving.filter((k) => !k.startsWith("params."))];
}

function Scatter({ runs, keys, query, colors }: { runs: Run[]; keys: string[]; query: URLSearchParams; colors: Map<string, string> }) {
  const moving = useMemo(() => defaultAxes(runs, keys), [runs, keys]);
  const x = query.get("sx") ?? moving[0] ?? keys[0] ?? "";
  const y = query.get("sy") ?? moving.find((k) => k !== x && k.startsWith("metrics.")) ?? moving.find((k) => k !== x) ?? keys[0] ?? "";
  const points = runs.map((r, i) => ({ r, i, x: numberOf(r, x), y: numberOf(r, y) })).filter((p) => p.x !== null && p.y !== null) as { r: Run; i: number; x: number; y: number }[];
  const W = 560;
  const H = 320;
  const L = 90; // room for the y values on the left
  const sx = scale(points.map((p) => p.x), L + 10, W - 20);
  const sy = scale(points.map((p) => p.y), H - 40, 20);
  const select = (name: string, value: string, param: string) => (
    <select aria-label={name} value={value} onChange={(e) => updateQuery({ [param]: e.target.value })}>
      {keys.map((k) => <option key={k}>{k}</option>)}
    </select>
  );
  return (
    <div>
      <div className="row controls">
        x {select("scatter x", x, "sx")} y {select("scatter y", y, "sy")}
      </div>
      {points.length ? (
        <svg className="scatter" width={W} height={H} role="img" aria-label={`scatter of ${y} against ${x}`}>
          <line x1={L} y1={H - 30} x2={W - 10} y2={H - 30} className="axis" />
          <line x1={L} y1={10} x2={L} y2={H - 30} className="axis" />
          <text x={W / 2} y={H - 8} className="axis-label">{x}</text>
          <text x={10} y={14} className="axis-label">{y}</text>
          <Extent values={points.map((p) => p.x)} at={(v) => [sx(v), H - 18]} anchor="middle" />
          <Extent values={points.map((p) => p.y)} at={(v) => [L - 4, sy(v) + 4]} anchor="end" />
          {points.map((p) => (
            <circle key={p.r.info.run_id} cx={sx(p.x)} cy={sy(p.y)} r={6} fill={colors.get(p.r.info.run_id)}>
              <title>{`${runName(p.r)}: ${x}=${formatNumber(p.x)}, ${y}=${formatNumber(p.y)}`}</title>
            </circle>
          ))}
        </svg>
      ) : (
        <Empty>No run has numeric values for both keys.</Empty>
      )}
    </div>
  );
}

function Parallel({ runs, keys, query, colors }: { runs: Run[]; keys: string[]; query: URLSearchParams; colors: Map<string, string> }) {
  const [adding, setAdding] = useState("");
  const moving = useMemo(() => defaultAxes(runs, keys), [runs, keys]);
  const axes = (query.get("pc") ?? (moving.length >= 2 ? moving : keys).slice(0, 4).join(",")).split(",").filter((k) => keys.includes(k));
  const W = Math.max(400, axes.length * 160);
  const H = 300;
  const xs = axes.map((_, i) => 60 + (i * (W - 120)) / Math.max(1, axes.length - 1));
  const scales = axes.map((a) => scale(runs.map((r) => numberOf(r, a)).filter((v): v is number => v !== null), H - 30, 30));
  return (
    <div>
      <div className="row controls">
        {axes.map((a) => (
          <button key={a} className="secondary" onClick={() => updateQuery({ pc: axes.filter((x) => x !== a).join(",") })}>{a} ✕</button>
        ))}
        <select aria-label="add axis" value={adding} onChange={(e) => (setAdding(""), updateQuery({ pc: [...axes, e.target.value].join(",") }))}>
          <option value="">add axis…</option>
          {keys.filter((k) => !axes.includes(k)).map((k) => <option key={k}>{k}</option>)}
        </select>
      </div>
      {axes.length >= 2 ? (
        <svg className="parallel" width={W} height={H} role="img" aria-label="parallel coordinates">
          {axes.map((a, i) => (
            <g key={a}>
              <line x1={xs[i]} y1={25} x2={xs[i]} y2={H - 25} className="axis" />
              <text x={xs[i]} y={14} textAnchor="middle" className="axis-label">{a}</text>
              <Extent
                values={runs.map((r) => numberOf(r, a)).filter((v): v is number => v !== null)}
                at={(v) => [xs[i] + 4, scales[i](v) + 4]}
                anchor="start"
              />
            </g>
          ))}
          {runs.map((r) => {
            const pts = axes.map((a, i) => {
              const v = numberOf(r, a);
              return v === null ? null : `${xs[i]},${scales[i](v)}`;
            });
            if (pts.some((p) => p === null)) return null;
            return <polyline key={r.info.run_id} points={pts.join(" ")} fill="none" stroke={colors.get(r.info.run_id)} strokeWidth={2}><title>{runName(r)}</title></polyline>;
          })}
        </svg>
      ) : (
        <Empty>Choose at least two axes.</Empty>
      )}
    </div>
  );
}

/** The images the runs logged with log_image, side by side per key, at one step chosen with a slider. */
function ImagesSideBySide({ runs, colors }: { runs: Run[]; colors: Map<string, string> }) {
  const { data } = useLoad(
    () =>
      Promise.all(
        runs.map((r) =>
          api
            .listArtifacts(r.info.run_id, "images")
            .then((res) => loggedImages((res.files ?? []).map((f) => f.path)))
            .catch(() => new Map<string, LoggedImage[]>()),
        ),
      ),
    [runs.map((r) => r.info.run_id).join(",")],
  );
  const keys = useMemo(() => Array.from(new Set((data ?? []).flatMap((m) => [...m.keys()]))).sort(), [data]);
  if (!data || !keys.length) return null;
  return (
    <>
      <h2>Images</h2>
      {keys.map((k) => (
        <ImageRow key={k} name={k} runs={runs} colors={colors} images={data.map((m) => m.get(k) ?? [])} />
      ))}
    </>
  );
}

function ImageRow({ name, runs, colors, images }: { name: string; runs: Run[]; colors: Map<string, string>; images: LoggedImage[][] }) {
  const steps = useMemo(() => Array.from(new Set(images.flat().map((i) => i.step))).sort((a, b) => a - b), [images]);
  const [at, setAt] = useState(steps.length - 1);
  const step = steps[Math.min(at, steps.length - 1)];
  return (
    <div className="image-row" data-image-key={name}>
      <div className="row controls">
        <b>{name}</b> <span className="muted" data-testid="compare-image-step">step {step}</span>
        {steps.length > 1 ? (
          <input type="range" aria-label={"step of " + name} min={0} max={steps.length - 1} step={1} value={at} onChange={(e) => setAt(Number(e.target.value))} />
        ) : null}
      </div>
      <div className="images-side-by-side">
        {runs.map((r, i) => {
          // the run's image at this step, or its latest one before it
          const image = [...images[i]].reverse().find((x) => x.step <= step);
          return (
            <figure key={r.info.run_id}>
              <figcaption>
                <i className="run-dot" style={{ background: colors.get(r.info.run_id) }} />
                {runName(r)} {image && image.step !== step ? <span className="muted">(step {image.step})</span> : null}
              </figcaption>
              {image ? <img className="image-preview" alt={`${name} of ${runName(r)} at step ${image.step}`} src={artifactUrl(r.info.run_id, image.path)} /> : <span className="muted">no image yet</span>}
            </figure>
          );
        })}
      </div>
    </div>
  );
}
