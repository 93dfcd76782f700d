import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, type Run } from "../api";
import { useCan } from "../components/access";
import { Empty, ErrorBanner, Loading, useInterval } from "../components/common";
import { useDocumentTitle, useExperiments } from "../components/experiment";
import { renderMarkdown } from "../lib/markdown";
import { ChartsGrid } from "../components/ChartsGrid";
import { ChartControls, chartSettings, type ChartRun } from "../components/MetricsPanel";
import { highlightRun, useHighlightedRun } from "../lib/highlight";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { stickyRunColors } from "../lib/colors";
import { complete, keysOf } from "../lib/completion";
import { download, toCsv } from "../lib/csv";
import { cellValue, formatDuration, formatNumber, formatTime, runDuration, runName, tagOf } from "../lib/format";
import { formatHash, navigate, updateQuery, type Route } from "../lib/route";
import { loadRuns, nestRows, runsView, type Row } from "./runsModel";

function FilterBox({ value, runs, error }: { value: string; runs: Run[]; error?: unknown }) {
  const [text, setText] = useState(value);
  const [cursor, setCursor] = useState(0);
  const [focus, setFocus] = useState(false);
  useEffect(() => setText(value), [value]);
  const { start, options } = useMemo(() => complete(text, cursor, runs), [text, cursor, runs]);
  const apply = (t: string) => updateQuery({ filter: t.trim() || undefined });
  return (
    <form className="filter" onSubmit={(e) => (e.preventDefault(), apply(text))}>
      <input
        aria-label="filter runs"
        className={"search" + (error ? " invalid" : "")}
        placeholder="metrics.rmse < 1 and params.model = 'tree'"
        value={text}
        onFocus={() => setFocus(true)}
        onBlur={() => setTimeout(() => setFocus(false), 150)}
        onChange={(e) => (setText(e.target.value), setCursor(e.target.selectionStart ?? e.target.value.length))}
      />
      <button type="submit">Search</button>
      {value ? <button type="button" className="secondary" onClick={() => apply("")}>Clear</button> : null}
      {focus && options.length ? (
        <ul className="completions" role="listbox">
          {options.map((o) => (
            <li key={o} role="option" aria-selected={false} onMouseDown={() => setText(text.slice(0, start) + o + text.slice(cursor))}>
              {o}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}

function ColumnPicker({ runs, columns }: { runs: Run[]; columns: string[] }) {
  const keys = useMemo(() => keysOf(runs), [runs]);
  const [find, setFind] = useState("");
  const set = (col: string, on: boolean) =>
    updateQuery({ cols: (on ? [...columns, col] : columns.filter((c) => c !== col)).join(",") || undefined });
  const groups: [string, string[]][] = [["metrics", keys.metrics], ["params", keys.params], ["tags", keys.tags.filter((t) => !t.startsWith("mlflow."))]];
  return (
    <details className="picker">
      <summary>Columns ({columns.length})</summary>
      <div className="picker-body">
        <input aria-label="find column" placeholder="find a key" value={find} onChange={(e) => setFind(e.target.value)} />
        {groups.map(([kind, list]) => (
          <fieldset key={kind}>
            <legend>{kind}</legend>
            {list
              .filter((k) => k.toLowerCase().includes(find.toLowerCase()))
              .slice(0, 200)
              .map((k) => {
                const col = `${kind}.${k}`;
                return (
                  <label key={col} className="check">
                    <input type="checkbox" aria-label={"column " + col} checked={columns.includes(col)} onChange={(e) => set(col, e.target.checked)} /> {k}
                  </label>
                );
              })}
          </fieldset>
        ))}
      </div>
    </details>
  );
}

export function RunsPage({ route }: { route: Route }) {
  const view = useMemo(() => runsView(route.query), [route.query]);
  const tab = route.query.get("tab") === "charts" ? "charts" : "table";
  const [runs, setRuns] = useState<Run[]>();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [tick, setTick] = useState(0);
  const can = useCan();
  const mayDelete = view.experiments.every((id) => can.runs(id).delete);
  // The keys offered for completion and columns outlive a filter that matched nothing or failed.
  const [known, setKnown] = useState<Run[]>([]);
  useEffect(() => {
    if (runs?.length) setKnown(runs);
  }, [runs]);
  const experiments = useExperiments(view.experiments);
  const title = experiments?.length ? experiments.map((e) => e.name).join(", ") : undefined;
  useDocumentTitle(title ?? (view.experiments.length ? `Experiment ${view.experiments.join(", ")}` : "Runs"));
  const key = JSON.stringify([view.experiments, view.filter, view.sort, view.lifecycle]);
  const painted = useRef(false);
  useEffect(() => {
    let cancelled = false;
    const started = performance.now();
    painted.current = false;
    setRuns(undefined);
    setDone(false);
    setError(undefined);
    loadRuns(
      view,
      (r, d) => {
        setRuns(r);
        setDone(d);
        if (!painted.current) {
          painted.current = true;
          requestAnimationFrame(() => ((window as unknown as { cairnRunsPaintMs?: number }).cairnRunsPaintMs = performance.now() - started));
        }
      },
      () => cancelled,
    ).catch((e) => !cancelled && (setError(e), setDone(true), setRuns((r) => r ?? [])));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);
  const running = useMemo(() => (runs ?? []).filter((r) => r.info.status === "RUNNING").map((r) => r.info.run_id), [runs]);
  const refreshRunning = useCallback(() => {
    if (!running.length) return;
    const ids = running.slice(0, 100);
    api
      .searchRuns({ experiment_ids: view.experiments, filter: `attributes.run_id IN (${ids.map((i) => `'${i}'`).join(",")})`, run_view_type: "ALL", max_results: 100 })
      .then((res) => {
        const fresh = new Map((res.runs ?? []).map((r) => [r.info.run_id, r]));
        setRuns((rs) => rs?.map((r) => fresh.get(r.info.run_id) ?? r));
      })
      .catch(() => undefined);
  }, [running, view.experiments]);
  useInterval(refreshRunning, 5000, running.length > 0);

  const rows = useMemo(() => nestRows(runs ?? [], view.nest, collapsed), [runs, view.nest, collapsed]);
  // One colour per run on this page: its table dot and its line in every chart.
  const colors = useMemo(() => stickyRunColors((runs ?? []).map((r) => r.info.run_id)), [runs]);
  const hiddenRuns = useMemo(() => new Set((route.query.get("hide") ?? "").split(",").filter(Boolean)), [route.query]);
  const highlighted = useHighlightedRun();
  const sortBy = (column: string) => {
    const desc = view.sort.column === column ? !view.sort.desc : true;
    updateQuery({ sort: `${column}:${desc ? "desc" : "asc"}` });
  };
  const sorted = (column: string) => (view.sort.column === column ? (view.sort.desc ? "desc" : "asc") : undefined);
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const columns: Column<Row>[] = [
    {
      key: "select",
      title: (
        <input
          type="checkbox"
          aria-label="select all"
          checked={!!runs?.length && selected.size === runs.length}
          onChange={(e) => setSelected(new Set(e.target.checked ? (runs ?? []).map((r) => r.info.run_id) : []))}
        />
      ),
      width: 32,
      render: (r) => <input type="checkbox" aria-label={"select " + runName(r.run)} checked={selected.has(r.run.info.run_id)} onChange={() => toggle(r.run.info.run_id)} />,
    },
    {
      key: "name",
      title: "Run name",
      width: 240,
      grow: true,
      sort: sorted("attributes.run_name"),
      onHeaderClick: () => sortBy("attributes.run_name"),
      render: (r) => (
        <span style={{ paddingLeft: r.depth * 16 }}>
          {r.children ? (
            <button
              className="link expander"
              aria-label={(collapsed.has(r.run.info.run_id) ? "expand " : "collapse ") + runName(r.run)}
              onClick={() => {
                const next = new Set(collapsed);
                if (next.has(r.run.info.run_id)) next.delete(r.run.info.run_id);
                else next.add(r.run.info.run_id);
                setCollapsed(next);
              }}
            >
              {collapsed.has(r.run.info.run_id) ? "▸" : "▾"}
            </button>
          ) : r.depth ? (
            "↳ "
          ) : null}
          <i className="run-dot" data-run-color={colors.get(r.run.info.run_id)} style={{ background: colors.get(r.run.info.run_id) }} />
          <a href={formatHash(["experiments", r.run.info.experiment_id, "runs", r.run.info.run_id])}>{runName(r.run)}</a>
          {r.children ? <span className="muted"> ({r.children})</span> : null}
        </span>
      ),
    },
    { key: "status", title: "Status", width: 90, sort: sorted("attributes.status"), onHeaderClick: () => sortBy("attributes.status"), render: (r) => <span className={"status " + r.run.info.status}>{r.run.info.status}</span> },
    { key: "start", title: "Created", width: 150, sort: sorted("attributes.start_time"), onHeaderClick: () => sortBy("attributes.start_time"), render: (r) => formatTime(r.run.info.start_time) },
    { key: "duration", title: "Duration", width: 90, render: (r) => formatDuration(runDuration(r.run)) },
    { key: "user", title: "User", width: 100, sort: sorted("attributes.user_id"), onHeaderClick: () => sortBy("attributes.user_id"), render: (r) => r.run.info.user_id },
    { key: "dataset", title: "Dataset", width: 130, grow: true, render: (r) => datasetsOf(r.run) },
    { key: "source", title: "Source", width: 120, grow: true, render: (r) => sourceOf(r.run) },
    { key: "models", title: "Models", width: 80, render: (r) => modelsOf(r.run) },
    ...view.columns.map(
      (c): Column<Row> => ({
        key: c,
        title: c,
        width: 130,
        grow: true,
        sort: sorted(c),
        onHeaderClick: () => sortBy(c),
        render: (r) => formatNumber(cellValue(r.run, c)),
      }),
    ),
  ];
  const act = (f: (id: string) => Promise<unknown>) =>
    Promise.all(Array.from(selected).map(f)).then(() => (setSelected(new Set()), setTick((t) => t + 1)), setError);
  const exportCsv = () => {
    const header = ["run_id", "run_name", "status", "start_time", "duration_ms", "user", ...view.columns];
    const body = rows.map((r) => [r.run.info.run_id, runName(r.run), r.run.info.status, formatTime(r.run.info.start_time), runDuration(r.run), r.run.info.user_id, ...view.columns.map((c) => cellValue(r.run, c))]);
    download(`runs-${view.experiments.join("_")}.csv`, toCsv([header, ...body]));
  };
  return (
    <div className="page">
      <div className="crumbs">
        <a href="#/">Experiments</a> ›
      </div>
      <h1 data-testid="experiment-title">
        {title ?? (experiments ? `Experiment ${view.experiments.join(", ")}` : "\u00a0")}{" "}
        <span className="muted">{view.experiments.length === 1 ? `#${view.experiments[0]}` : ""}</span>
      </h1>
      {experiments?.map((e) => {
        const note = tagOf(e.tags, "mlflow.note.content");
        return note ? (
          <details key={e.experiment_id} className="experiment-note" open>
            <summary>{experiments.length > 1 ? `Description of ${e.name}` : "Description"}</summary>
            <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(note) }} />
          </details>
        ) : null;
      })}
      <FilterBox value={view.filter} runs={known} error={error} />
      <div className="row controls">
        <div className="tabs">
          <button className={tab === "table" ? "on" : ""} onClick={() => updateQuery({ tab: undefined })}>Table</button>
          <button className={tab === "charts" ? "on" : ""} onClick={() => updateQuery({ tab: "charts" })}>Charts</button>
        </div>
        <select aria-label="lifecycle" value={view.lifecycle === "DELETED_ONLY" ? "deleted" : view.lifecycle === "ALL" ? "all" : "active"} onChange={(e) => updateQuery({ view: e.target.value === "active" ? undefined : e.target.value })}>
          <option value="active">active</option>
          <option value="deleted">deleted</option>
          <option value="all">all</option>
        </select>
        <label className="check">
          <input type="checkbox" checked={view.nest} onChange={(e) => updateQuery({ nest: e.target.checked ? undefined : "0" })} /> group nested runs
        </label>
        <ColumnPicker runs={known} columns={view.columns} />
        <button disabled={selected.size < 1} onClick={() => navigate(formatHash(["compare"], { runs: Array.from(selected).join(",") }))}>
          Compare ({selected.size})
        </button>
        {!mayDelete ? null : view.lifecycle === "DELETED_ONLY" ? (
          <button disabled={!selected.size} onClick={() => act(api.restoreRun)}>Restore</button>
        ) : (
          <button disabled={!selected.size} onClick={() => act(api.deleteRun)}>Delete</button>
        )}
        <button onClick={exportCsv} disabled={!rows.length}>Export CSV</button>
        <span className="muted" data-testid="run-count">
          {runs && !error ? `${runs.length} runs${done ? "" : " (loading more…)"}` : ""}
        </span>
      </div>
      <ErrorBanner error={error} />
      {!runs ? <Loading what="runs" /> : null}
      {runs && !runs.length && !error ? <Empty>No runs{view.filter ? " match this filter" : " in this experiment yet"}.</Empty> : null}
      {runs?.length && tab === "table" ? (
        <VirtualTable rows={rows} columns={columns} rowKey={(r) => r.run.info.run_id} widthsKey={"cairn.widths." + view.experiments.join(",")} height={Math.max(300, window.innerHeight - 260)} rowClass={(r) => (r.run.info.lifecycle_stage === "deleted" ? "deleted" : "") + (r.run.info.run_id === highlighted ? " highlighted" : "")} onRowHover={(r) => highlightRun(r?.run.info.run_id)} />
      ) : null}
      {runs?.length && tab === "charts" ? <RunsCharts runs={runs} selected={selected} query={route.query} colors={colors} hidden={hiddenRuns} highlighted={highlighted} layoutKey={"cairn.charts." + view.experiments.join(",")} /> : null}
    </div>
  );
}

function RunsCharts({
  runs,
  selected,
  query,
  colors,
  hidden,
  highlighted,
  layoutKey,
}: {
  runs: Run[];
  selected: Set<string>;
  query: URLSearchParams;
  colors: Map<string, string>;
  hidden: Set<string>;
  highlighted?: string;
  layoutKey: string;
}) {
  const settings = chartSettings(query);
  const keys = useMemo(() => keysOf(runs), [runs]);
  const groupKeys = useMemo(() => [...keys.params.map((k) => "params." + k), ...keys.tags.filter((t) => !t.startsWith("mlflow.")).map((k) => "tags." + k)], [keys]);
  const chosen = useMemo(() => {
    const pool = selected.size ? runs.filter((r) => selected.has(r.info.run_id)) : runs;
    return pool.slice(0, settings.groupBy ? 300 : 20);
  }, [runs, selected, settings.groupBy]);
  const chartRuns = useMemo(
    (): ChartRun[] =>
      chosen.map((r) => ({
        id: r.info.run_id,
        label: runName(r),
        start: r.info.start_time,
        running: r.info.status === "RUNNING",
        group: settings.groupBy ? String(cellValue(r, settings.groupBy) ?? "(none)") : undefined,
        color: colors.get(r.info.run_id),
      })),
    [chosen, settings.groupBy, colors],
  );
  const metrics = useMemo(() => keysOf(chosen).metrics, [chosen]);
  const shownRuns = useMemo(() => chartRuns.filter((r) => !hidden.has(r.id)), [chartRuns, hidden]);
  const toggle = (id: string) => {
    const next = new Set(hidden);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    updateQuery({ hide: Array.from(next).join(",") || undefined });
  };
  return (
    <div>
      <ChartControls settings={settings} groupKeys={groupKeys} />
      <p className="muted">
        {selected.size ? `${chosen.length} selected runs` : `The first ${chosen.length} runs of the table (select runs to choose)`}
      </p>
      {!metrics.length ? <Empty>These runs have no metrics.</Empty> : null}
      <div className="charts-layout">
        <ul className="chart-runs" aria-label="runs in the charts">
          {chartRuns.map((r) => (
            <li
              key={r.id}
              className={(hidden.has(r.id) ? "off" : "") + (r.id === highlighted ? " highlighted" : "")}
              onMouseEnter={() => highlightRun(r.id)}
              onMouseLeave={() => highlightRun(undefined)}
            >
              <button className="link" aria-label={(hidden.has(r.id) ? "show " : "hide ") + r.label} title={hidden.has(r.id) ? "show in the charts" : "hide from the charts"} onClick={() => toggle(r.id)}>
                {hidden.has(r.id) ? "◌" : "●"}
              </button>
              <i className="run-dot" data-run-color={r.color} style={{ background: r.color }} />
              {r.label}
            </li>
          ))}
        </ul>
        <ChartsGrid metrics={metrics} runs={shownRuns} settings={settings} layoutKey={layoutKey} query={query} />
      </div>
    </div>
  );
}

/** The datasets a run read: name (and context), as MLflow's Dataset column lists them. */
function datasetsOf(run: Run): string {
  return (run.inputs?.dataset_inputs ?? [])
    .map((d) => {
      const context = tagOf(d.tags, "mlflow.data.context");
      return context ? `${d.dataset.name} (${context})` : d.dataset.name;
    })
    .join(", ");
}

/** The run's source: the file name of mlflow.source.name, with the short git commit when known. */
function sourceOf(run: Run): string {
  const name = tagOf(run.data.tags, "mlflow.source.name") ?? "";
  const commit = tagOf(run.data.tags, "mlflow.source.git.commit");
  const file = name.split(/[\\/]/).pop() ?? "";
  return commit ? `${file} @ ${commit.slice(0, 7)}` : file;
}

/** The models the run logged (their count), named on hover. */
function modelsOf(run: Run) {
  const models = run.outputs?.model_outputs ?? [];
  if (!models.length) return "";
  return <span title={models.map((m) => m.model_id).join("\n")}>{models.length === 1 ? "1 model" : `${models.length} models`}</span>;
}
