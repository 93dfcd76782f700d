import { useEffect, useMemo, useRef, useState } from "react";
import { Empty, ErrorBanner, Loading } from "../components/common";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { formatTime } from "../lib/format";
import { formatHash, updateQuery, type Route } from "../lib/route";
import {
  assessmentLabel,
  durationMs,
  formatMs,
  preview,
  runTracesFilter,
  timestampMs,
  traceName,
  traceOrderBy,
  tracesApi,
  type TraceInfo,
} from "../lib/traces";
import "./traces.css";

// An experiment's traces: one page of search_traces at a time, the next one fetched when the
// table is scrolled near its end, so 100,000 traces cost what the rows in view cost.

// The first page small, so the table paints at once; the next ones at MLflow's limit of 500.
const FIRST_PAGE = 200;
const NEXT_PAGE = 500;

/** The last row of the table while more pages exist: when it scrolls into view, it asks for them. */
type Row = TraceInfo | { more: true };
const isMore = (r: Row): r is { more: true } => "more" in r;

function LoadMore({ onShow, loaded }: { onShow: () => void; loaded: number }) {
  useEffect(onShow, [onShow, loaded]);
  return <span className="muted">Loading more traces…</span>;
}

export function traceHref(t: TraceInfo, fallbackExperiment: string): string {
  return formatHash(["experiments", t.trace_location?.mlflow_experiment?.experiment_id ?? fallbackExperiment, "traces", t.trace_id]);
}

function userTags(t: TraceInfo): string {
  return Object.entries(t.tags ?? {})
    .filter(([k]) => !k.startsWith("mlflow."))
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

export function StateBadge({ state }: { state?: string }) {
  return <span className={"trace-state " + (state ?? "")}>{state ?? "?"}</span>;
}

type Page = { traces: TraceInfo[]; token?: string; loading: boolean; error?: unknown };

/** Pages of search_traces for one query, the next asked for by {@code more()}. */
function useTracePages(experimentId: string, filter: string, orderBy: string[]): Page & { more: () => void } {
  const [page, setPage] = useState<Page>({ traces: [], loading: true });
  // The query a page was asked for; an answer to an older query is dropped.
  const generation = useRef(0);
  const current = useRef(page);
  current.current = page;
  const fetchPage = (token: string | undefined) => {
    const gen = generation.current;
    tracesApi.search({ experimentIds: [experimentId], filter, orderBy: orderBy.length ? orderBy : undefined, maxResults: token ? NEXT_PAGE : FIRST_PAGE, pageToken: token }).then(
      (res) =>
        gen === generation.current &&
        setPage((p) => ({ traces: token ? [...p.traces, ...(res.traces ?? [])] : res.traces ?? [], token: res.next_page_token || undefined, loading: false })),
      (error) => gen === generation.current && setPage((p) => ({ ...p, token: undefined, loading: false, error })),
    );
  };
  useEffect(() => {
    generation.current++;
    setPage({ traces: [], loading: true });
    fetchPage(undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [experimentId, filter, orderBy.join()]);
  const more = () => {
    const p = current.current;
    if (p.loading || !p.token) return;
    current.current = { ...p, loading: true };
    setPage(current.current);
    fetchPage(p.token);
  };
  return { ...page, more };
}

function TraceFilter({ value, error }: { value: string; error?: unknown }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = (t: string) => updateQuery({ filter: t.trim() || undefined });
  return (
    <form className="filter" onSubmit={(e) => (e.preventDefault(), apply(text))}>
      <input
        aria-label="filter traces"
        className={"search trace-filter" + (error ? " invalid" : "")}
        placeholder="trace.status = 'ERROR' and tags.env = 'prod' and feedback.correct = 'true'"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit">Search</button>
      {value ? <button type="button" className="secondary" onClick={() => apply("")}>Clear</button> : null}
    </form>
  );
}

export function TracesPage({ route }: { route: Route }) {
  const experimentId = route.parts[1];
  const filter = route.query.get("filter") ?? "";
  const order = traceOrderBy(route.query.get("sort"));
  const { traces, token, loading, error, more } = useTracePages(experimentId, filter, order.clauses);
  const moreRef = useRef(more);
  moreRef.current = more;
  const onShowMore = useMemo(() => () => moreRef.current(), []);
  const rows: Row[] = useMemo(() => (token ? [...traces, { more: true }] : traces), [traces, token]);
  const sortBy = (column: string) => {
    const desc = order.column === column ? !order.desc : true;
    updateQuery({ sort: `${column}:${desc ? "desc" : "asc"}` });
  };
  const sorted = (column: string) => (order.column === column ? (order.desc ? "desc" : "asc") : undefined);
  const cell = (render: (t: TraceInfo) => React.ReactNode) => (r: Row) => (isMore(r) ? null : render(r));
  const columns: Column<Row>[] = [
    {
      key: "id",
      title: "Trace ID",
      width: 170,
      render: (r) => (isMore(r) ? <LoadMore onShow={onShowMore} loaded={traces.length} /> : <a href={traceHref(r, experimentId)} title={r.trace_id}>{r.trace_id}</a>),
    },
    { key: "name", title: "Name", width: 130, sort: sorted("name"), onHeaderClick: () => sortBy("name"), render: cell(traceName) },
    { key: "request", title: "Request", width: 240, render: cell((t) => <span title={t.request_preview}>{preview(t.request_preview)}</span>) },
    { key: "response", title: "Response", width: 240, render: cell((t) => <span title={t.response_preview}>{preview(t.response_preview)}</span>) },
    { key: "state", title: "Status", width: 100, sort: sorted("status"), onHeaderClick: () => sortBy("status"), render: cell((t) => <StateBadge state={t.state} />) },
    { key: "time", title: "Request time", width: 165, sort: sorted("timestamp_ms"), onHeaderClick: () => sortBy("timestamp_ms"), render: cell((t) => formatTime(timestampMs(t.request_time))) },
    {
      key: "latency",
      title: "Latency",
      width: 90,
      sort: sorted("execution_time_ms"),
      onHeaderClick: () => sortBy("execution_time_ms"),
      render: cell((t) => formatMs(durationMs(t.execution_duration))),
    },
    {
      key: "run",
      title: "Run",
      width: 110,
      render: cell((t) => {
        const run = t.trace_metadata?.["mlflow.sourceRun"];
        return run ? <a href={formatHash(["experiments", experimentId, "runs", run])}>{run.slice(0, 8)}</a> : null;
      }),
    },
    { key: "tags", title: "Tags", width: 160, render: cell((t) => <span title={userTags(t)}>{userTags(t)}</span>) },
    {
      key: "assessments",
      title: "Assessments",
      width: 220,
      render: cell((t) => {
        const labels = (t.assessments ?? []).filter((a) => a.valid !== false).map(assessmentLabel);
        return <span title={labels.join("\n")}>{labels.join(", ")}</span>;
      }),
    },
  ];
  return (
    <div className="page">
      <h1>
        Traces <span className="muted">experiment {experimentId}</span>
      </h1>
      <TraceFilter value={filter} error={error} />
      <div className="row controls">
        <span className="muted" data-testid="trace-count">
          {loading && !traces.length ? "" : `${traces.length} ${traces.length === 1 ? "trace" : "traces"}${token ? " (scroll for more)" : ""}`}
        </span>
      </div>
      <ErrorBanner error={error} />
      {loading && !traces.length && !error ? <Loading what="traces" /> : null}
      {!loading && !traces.length && !error ? <Empty>No traces{filter ? " match this filter" : " in this experiment yet"}.</Empty> : null}
      {traces.length ? (
        <VirtualTable
          rows={rows}
          columns={columns}
          rowKey={(r) => (isMore(r) ? "(more)" : r.trace_id)}
          height={Math.min(Math.max(300, window.innerHeight - 260), rows.length * 30 + 50)}
          rowClass={(r) => (!isMore(r) && r.state === "ERROR" ? "trace-error" : "")}
        />
      ) : null}
    </div>
  );
}

/** On a run's page: how many traces the run has (first page), and a link to them in the Traces tab. */
export function RunTraces({ runId, experimentId }: { runId: string; experimentId: string }) {
  const filter = runTracesFilter(runId);
  const [found, setFound] = useState<{ count: number; more: boolean; error?: unknown }>();
  useEffect(() => {
    let live = true;
    tracesApi.search({ experimentIds: [experimentId], filter, maxResults: 100 }).then(
      (r) => live && setFound({ count: r.traces?.length ?? 0, more: !!r.next_page_token }),
      (error) => live && setFound({ count: 0, more: false, error }),
    );
    return () => {
      live = false;
    };
  }, [runId, experimentId, filter]);
  if (!found) return <Loading what="traces" />;
  if (found.error) return <ErrorBanner error={found.error} />;
  return (
    <p>
      <a href={formatHash(["experiments", experimentId, "traces"], { filter })} data-testid="run-traces">
        {found.count ? `${found.count}${found.more ? "+" : ""} ${found.count === 1 && !found.more ? "trace" : "traces"}` : "No traces"} linked to this run
      </a>
    </p>
  );
}

/** Runs | Traces above an experiment's page, as MLflow's experiment view has them. */
export function ExperimentTabs({ experimentId, on }: { experimentId: string; on: "runs" | "traces" }) {
  return (
    <nav className="tabs experiment-tabs" aria-label="experiment views">
      <a className={on === "runs" ? "on" : ""} href={formatHash(["experiments", experimentId])}>Runs</a>
      <a className={on === "traces" ? "on" : ""} href={formatHash(["experiments", experimentId, "traces"])}>Traces</a>
    </nav>
  );
}
