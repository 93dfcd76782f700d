import { useMemo, useState } from "react";
import { useAccess, useCan } from "../components/access";
import { Empty, ErrorBanner, KvTable, Loading, TagEditor, useLoad } from "../components/common";
import { formatTime } from "../lib/format";
import { formatHash, updateQuery, type Route } from "../lib/route";
import {
  assessmentValue,
  durationMs,
  formatJson,
  formatMs,
  idHex,
  rootSpanName,
  parseFeedbackValue,
  spanTree,
  timestampMs,
  traceName,
  tracesApi,
  traceWindow,
  visibleSpans,
  waterfallBar,
  type Assessment,
  type SpanNode,
  type Span,
  type SpanView,
  type TraceInfo,
} from "../lib/traces";
import { StateBadge } from "./Traces";
import "./traces.css";

// One trace: its span tree beside a timeline waterfall, the chosen span's inputs, outputs,
// attributes and events, and the trace's assessments, which can be added, edited and deleted.


export function TracePage({ route }: { route: Route }) {
  const [, experimentId, , traceId] = route.parts;
  const { data, error, loading, reload } = useLoad(() => tracesApi.get(traceId), [traceId]);
  if (error && !data) return <ErrorBanner error={error} />;
  if (loading && !data) return <Loading what="trace" />;
  if (!data) return null;
  const { trace_info: info, spans = [] } = data.trace;
  const latency = durationMs(info.execution_duration);
  const run = info.trace_metadata?.["mlflow.sourceRun"];
  return (
    <div className="page trace-page">
      <div className="crumbs">
        <a href={formatHash(["experiments", experimentId, "traces"])}>Traces of experiment {experimentId}</a> ›
      </div>
      <h1>
        {traceName(info) || rootSpanName(spans) || "Trace"} <StateBadge state={info.state} />
      </h1>
      <KvTable
        rows={[
          ["Trace ID", <code>{info.trace_id}</code>],
          ["Request time", formatTime(timestampMs(info.request_time))],
          ["Latency", latency === undefined ? "" : formatMs(latency)],
          ...(run ? ([["Run", <a href={formatHash(["experiments", experimentId, "runs", run])}>{run}</a>]] as [string, React.ReactNode][]) : []),
        ]}
      />
      <ErrorBanner error={error} />
      <SpanExplorer spans={spans} selected={route.query.get("span") ?? undefined} />
      <section>
        <h2>Assessments ({(info.assessments ?? []).length})</h2>
        <Assessments info={info} experimentId={experimentId} onChange={reload} />
      </section>
      <section>
        <h2>Tags</h2>
        <TraceTags info={info} experimentId={experimentId} onChange={reload} />
      </section>
    </div>
  );
}

export function SpanExplorer({ spans, selected }: { spans: Span[]; selected?: string }) {
  const roots = useMemo(() => spanTree(spans), [spans]);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const rows = visibleSpans(roots, collapsed);
  const all = useMemo(() => visibleSpans(roots), [roots]);
  const window = useMemo(() => traceWindow(all.map((n) => n.span)), [all]);
  if (!spans.length) return <Empty>This trace has no spans.</Empty>;
  const chosen = all.find((n) => n.span.id === selected) ?? all[0];
  const toggle = (id: string) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };
  return (
    <div className="span-explorer">
      <div className="span-tree" role="tree" aria-label="span tree">
        <div className="span-row span-head">
          <span>Span</span>
          <span className="waterfall-axis">
            <span>0</span>
            <span>{formatMs(window.endMs - window.startMs)}</span>
          </span>
        </div>
        {rows.map((n) => (
          <SpanRow key={n.span.id} node={n} window={window} chosen={n === chosen} collapsed={collapsed.has(n.span.id)} onToggle={() => toggle(n.span.id)} />
        ))}
      </div>
      <SpanDetails span={chosen.span} />
    </div>
  );
}

function SpanRow({ node, window, chosen, collapsed, onToggle }: { node: SpanNode; window: { startMs: number; endMs: number }; chosen: boolean; collapsed: boolean; onToggle: () => void }) {
  const s = node.span;
  const bar = waterfallBar(s, window);
  return (
    <div
      role="treeitem"
      aria-level={node.depth + 1}
      aria-selected={chosen}
      aria-expanded={node.children.length ? !collapsed : undefined}
      data-span={s.name}
      className={"span-row" + (chosen ? " chosen" : "") + (s.error ? " span-error" : "")}
      onClick={() => updateQuery({ span: s.id })}
    >
      <span className="span-name" style={{ paddingLeft: node.depth * 16 }}>
        {node.children.length ? (
          <button className="link expander" aria-label={(collapsed ? "expand " : "collapse ") + s.name} onClick={(e) => (e.stopPropagation(), onToggle())}>
            {collapsed ? "▸" : "▾"}
          </button>
        ) : (
          <span className="expander" />
        )}
        {s.error ? <span className="span-error-mark" title="error">!</span> : null}
        <span>{s.name}</span> <span className="span-type">{s.type}</span>
      </span>
      <span className="waterfall">
        <span className="bar" style={{ left: `${bar.left}%`, width: `${bar.width}%` }} title={formatMs(s.endMs - s.startMs)} />
        <BarLabel bar={bar} text={formatMs(s.endMs - s.startMs)} />
      </span>
    </div>
  );
}

/** A bar's duration: after the bar, or, near the right edge, inside a wide bar or before a narrow one. */
function BarLabel({ bar, text }: { bar: { left: number; width: number }; text: string }) {
  const end = bar.left + bar.width;
  if (end <= 80) return <span className="bar-label" style={{ left: `${end}%` }}>{text}</span>;
  if (bar.width > 15) return <span className="bar-label inside" style={{ right: `${100 - end}%` }}>{text}</span>;
  return <span className="bar-label before" style={{ right: `${100 - bar.left}%` }}>{text}</span>;
}

function Json({ value, label }: { value: unknown; label: string }) {
  if (value === undefined) return <Empty>No {label.toLowerCase()}.</Empty>;
  return (
    <pre className="json" aria-label={label}>
      {formatJson(value)}
    </pre>
  );
}

function SpanDetails({ span }: { span: SpanView }) {
  const exceptions = span.events.filter((e) => e.name === "exception");
  return (
    <div className="span-details" aria-label="span details">
      <h2>
        {span.name} <span className="span-type">{span.type}</span>
      </h2>
      <p className="muted">
        {formatMs(span.endMs - span.startMs)} · span <code>{idHex(span.id)}</code>
      </p>
      {span.error ? (
        <div className="error" role="alert" data-testid="span-error">
          <b>Error{span.statusMessage ? ": " : ""}</b>
          {span.statusMessage}
          {exceptions.map((e, i) => (
            <div key={i}>{String(e.attributes["exception.type"] ?? "")} {String(e.attributes["exception.message"] ?? "")}</div>
          ))}
        </div>
      ) : null}
      <h3>Inputs</h3>
      <Json value={span.inputs} label="Inputs" />
      <h3>Outputs</h3>
      <Json value={span.outputs} label="Outputs" />
      <h3>Attributes</h3>
      <Json value={Object.keys(span.attributes).length ? span.attributes : undefined} label="Attributes" />
      <h3>Events ({span.events.length})</h3>
      {span.events.map((e, i) => (
        <details key={i} className={e.name === "exception" ? "event span-error" : "event"} open={e.name === "exception"}>
          <summary>
            {e.name} {e.timeMs !== undefined ? <span className="muted">+{formatMs(e.timeMs - span.startMs)}</span> : null}
          </summary>
          <EventAttributes attributes={e.attributes} />
        </details>
      ))}
    </div>
  );
}

/** An event's attributes; multi-line text (a stack trace) shown as it is, not as escaped JSON. */
function EventAttributes({ attributes }: { attributes: Record<string, unknown> }) {
  return (
    <dl className="event-attributes">
      {Object.entries(attributes).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            <pre className="json">{formatJson(v)}</pre>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Assessments({ info, experimentId, onChange }: { info: TraceInfo; experimentId: string; onChange: () => void }) {
  const can = useCan();
  const editable = can.experiment(experimentId).update;
  const [error, setError] = useState<unknown>();
  // Resolves to whether the change was made; a failure is shown above the list.
  const act = (p: Promise<unknown>) =>
    p.then(
      () => (setError(undefined), onChange(), true),
      (e) => (setError(e), false),
    );
  const list = info.assessments ?? [];
  return (
    <div className="assessments">
      <ErrorBanner error={error} />
      {list.length ? (
        <table className="assessment-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Value</th>
              <th>Rationale</th>
              <th>Source</th>
              <th>Updated</th>
              {editable ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <AssessmentRow key={a.assessment_id} a={a} editable={editable} act={act} traceId={info.trace_id} />
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>No assessments yet.</Empty>
      )}
      {editable ? <NewFeedback traceId={info.trace_id} act={act} /> : null}
    </div>
  );
}

function AssessmentRow({ a, editable, act, traceId }: { a: Assessment; editable: boolean; act: (p: Promise<unknown>) => Promise<boolean>; traceId: string }) {
  const [editing, setEditing] = useState(false);
  const value = assessmentValue(a);
  const [draft, setDraft] = useState({ value: "", rationale: "" });
  const kind = a.feedback ? "feedback" : "expectation";
  if (editing)
    return (
      <tr data-assessment={a.assessment_name}>
        <td>{a.assessment_name}</td>
        <td>{kind}</td>
        <td>
          <input aria-label="assessment value" value={draft.value} onChange={(e) => setDraft({ ...draft, value: e.target.value })} />
        </td>
        <td>
          <input aria-label="assessment rationale" value={draft.rationale} onChange={(e) => setDraft({ ...draft, rationale: e.target.value })} />
        </td>
        <td colSpan={3} className="actions">
          <button
            onClick={() =>
              act(
                tracesApi.updateAssessment(traceId, a.assessment_id, { [kind]: { value: parseFeedbackValue(draft.value) }, rationale: draft.rationale }, [kind, "rationale"]),
              ).then((ok) => ok && setEditing(false))
            }
          >
            Save
          </button>
          <button className="secondary" onClick={() => setEditing(false)}>Cancel</button>
        </td>
      </tr>
    );
  return (
    <tr data-assessment={a.assessment_name} className={a.valid === false ? "deleted" : ""}>
      <td>{a.assessment_name}</td>
      <td>{kind}</td>
      <td>
        <code>{typeof value === "string" ? value : JSON.stringify(value)}</code>
      </td>
      <td>{a.rationale}</td>
      <td>{[a.source?.source_type, a.source?.source_id].filter(Boolean).join(": ")}</td>
      <td>{formatTime(timestampMs(a.last_update_time))}</td>
      {editable ? (
        <td className="actions">
          <button
            className="link"
            onClick={() => {
              setDraft({ value: typeof value === "string" ? value : JSON.stringify(value), rationale: a.rationale ?? "" });
              setEditing(true);
            }}
          >
            edit
          </button>
          <button className="link" onClick={() => act(tracesApi.deleteAssessment(traceId, a.assessment_id))}>delete</button>
        </td>
      ) : null}
    </tr>
  );
}

function NewFeedback({ traceId, act }: { traceId: string; act: (p: Promise<unknown>) => Promise<boolean> }) {
  const { access } = useAccess();
  const [form, setForm] = useState({ name: "", value: "", rationale: "" });
  return (
    <form
      className="row new-feedback"
      onSubmit={(e) => {
        e.preventDefault();
        if (!form.name) return;
        act(
          tracesApi.createAssessment(traceId, {
            assessment_name: form.name,
            source: { source_type: "HUMAN", source_id: access?.username ?? "cairn-ui" },
            feedback: { value: parseFeedbackValue(form.value) },
            rationale: form.rationale || undefined,
          }),
        ).then((ok) => ok && setForm({ name: "", value: "", rationale: "" }));
      }}
    >
      <input aria-label="feedback name" placeholder="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      <input aria-label="feedback value" placeholder="value (true, 0.8, text)" value={form.value} onChange={(e) => setForm({ ...form, value: e.target.value })} />
      <input aria-label="feedback rationale" placeholder="rationale" value={form.rationale} onChange={(e) => setForm({ ...form, rationale: e.target.value })} />
      <button type="submit">Add feedback</button>
    </form>
  );
}

function TraceTags({ info, experimentId, onChange }: { info: TraceInfo; experimentId: string; onChange: () => void }) {
  const can = useCan();
  const tags = Object.entries(info.tags ?? {}).map(([key, value]) => ({ key, value }));
  return (
    <TagEditor
      tags={tags}
      readOnly={!can.experiment(experimentId).update}
      onSet={(k, v) => tracesApi.setTag(info.trace_id, k, v).then(onChange)}
      onDelete={(k) => tracesApi.deleteTag(info.trace_id, k).then(onChange)}
    />
  );
}
