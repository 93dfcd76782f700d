// Traces as MLflow 3's trace API answers them (the v3 routes under ajax-api/3.0/mlflow/traces),
// and the pure logic of the Traces pages: span trees from flat spans, waterfall offsets,
// previews, the filter a run's traces are found with; then the API calls. No React here, so
// the logic is unit-tested.

import { query, request } from "../api";

export type TraceState = "STATE_UNSPECIFIED" | "OK" | "ERROR" | "IN_PROGRESS";

export type AssessmentSource = { source_type?: string; source_id?: string };

export type Assessment = {
  assessment_id: string;
  assessment_name: string;
  trace_id?: string;
  span_id?: string;
  source?: AssessmentSource;
  create_time?: string;
  last_update_time?: string;
  feedback?: { value?: unknown; error?: { error_code?: string; error_message?: string } };
  expectation?: { value?: unknown; serialized_value?: { serialization_format?: string; value?: string } };
  rationale?: string;
  metadata?: Record<string, string>;
  overrides?: string;
  valid?: boolean;
};

export type TraceInfo = {
  trace_id: string;
  client_request_id?: string;
  trace_location?: { type?: string; mlflow_experiment?: { experiment_id: string } };
  request_preview?: string;
  response_preview?: string;
  /** A protobuf Timestamp in JSON: "2026-12-03T16:28:52.935Z". */
  request_time?: string;
  /** A protobuf Duration in JSON: "0.280s". */
  execution_duration?: string;
  state?: TraceState;
  trace_metadata?: Record<string, string>;
  assessments?: Assessment[];
  tags?: Record<string, string>;
};

/** An OpenTelemetry AnyValue as protobuf JSON writes it (MLflow's names, snake case). */
export type AnyValue = {
  string_value?: string;
  bool_value?: boolean;
  int_value?: number | string;
  double_value?: number | string;
  bytes_value?: string;
  array_value?: { values?: AnyValue[] };
  kvlist_value?: { values?: { key: string; value?: AnyValue }[] };
};

export type SpanAttribute = { key: string; value?: AnyValue };

/** A span as MLflow answers it: OTLP's Span in protobuf JSON (ids base64, times in nanoseconds). */
export type Span = {
  trace_id?: string;
  span_id: string;
  parent_span_id?: string;
  name?: string;
  start_time_unix_nano?: number | string;
  end_time_unix_nano?: number | string;
  attributes?: SpanAttribute[];
  events?: { time_unix_nano?: number | string; name?: string; attributes?: SpanAttribute[] }[];
  status?: { code?: string; message?: string };
};

export type Trace = { trace_info: TraceInfo; spans?: Span[] };

/** Milliseconds since the epoch of a protobuf Timestamp (RFC 3339 text), or undefined. */
export function timestampMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Milliseconds of a protobuf Duration ("1.5s", "0.000200s"), or undefined. */
export function durationMs(value: string | undefined): number | undefined {
  const m = value ? /^(-?\d+(?:\.\d+)?)s$/.exec(value) : null;
  return m ? Math.round(Number(m[1]) * 1e6) / 1e3 : undefined;
}

/** Milliseconds of a nanosecond time, which protobuf JSON may write as a number or a string. */
export function nanosToMs(value: number | string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (typeof value === "number") return value / 1e6;
  // A 19-digit string loses nothing when split before converting to a double.
  const s = value.trim();
  if (!/^\d+$/.test(s)) return undefined;
  const micros = s.length > 3 ? Number(s.slice(0, -3)) : 0;
  return micros / 1e3 + Number(s.slice(-3)) / 1e6;
}

/** The JavaScript value of an OTLP AnyValue. */
export function anyValue(v: AnyValue | undefined): unknown {
  if (!v) return null;
  if (v.string_value !== undefined) return v.string_value;
  if (v.bool_value !== undefined) return v.bool_value;
  if (v.int_value !== undefined) return Number(v.int_value);
  if (v.double_value !== undefined) return Number(v.double_value);
  if (v.bytes_value !== undefined) return v.bytes_value;
  if (v.array_value) return (v.array_value.values ?? []).map(anyValue);
  if (v.kvlist_value) return Object.fromEntries((v.kvlist_value.values ?? []).map((kv) => [kv.key, anyValue(kv.value)]));
  return null;
}

/**
 * The attributes of a span as plain values. MLflow's own attributes (mlflow.*) were written as
 * JSON text by MLflow before it kept typed values, so a string that is JSON is read as JSON.
 */
export function attributesOf(attrs: SpanAttribute[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of attrs ?? []) {
    const v = anyValue(a.value);
    out[a.key] = a.key.startsWith("mlflow.") && typeof v === "string" ? parseJsonText(v) : v;
  }
  return out;
}

function parseJsonText(s: string): unknown {
  const t = s.trim();
  if (!/^[[{"]/.test(t) && !/^(-?\d|true$|false$|null$)/.test(t)) return s;
  try {
    return JSON.parse(t);
  } catch {
    return s;
  }
}

/** A value as the trace view shows it: text as it is, anything else as indented JSON. */
export function formatJson(v: unknown): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  return JSON.stringify(v, null, 2) ?? String(v);
}

/** An OTLP id as MLflow's JSON writes it (base64) in the hex OpenTelemetry tools show; other text as it is. */
export function idHex(id: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(id) || id.length % 4 !== 0 || /^[0-9a-f]{16}$|^[0-9a-f]{32}$/.test(id)) return id;
  try {
    return Array.from(atob(id), (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
  } catch {
    return id;
  }
}

/** The name of a trace's first root span, which names the trace when it has no mlflow.traceName tag. */
export function rootSpanName(spans: Span[]): string | undefined {
  return spans.find((s) => !s.parent_span_id)?.name;
}

/** A latency as people read it: "0.21ms", "47ms", "1.5s", "2m 5s". */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms) || ms < 0) return "";
  if (ms < 1) return `${ms.toFixed(2)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** A one-line preview of at most {@code max} characters (whitespace folded, an ellipsis when cut). */
export function preview(text: string | undefined, max = 120): string {
  if (!text) return "";
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : flat.slice(0, Math.max(0, max - 1)) + "…";
}

/** A span with what the views need, read once. */
export type SpanView = {
  id: string;
  parentId?: string;
  name: string;
  type: string;
  startMs: number;
  endMs: number;
  error: boolean;
  statusMessage?: string;
  inputs: unknown;
  outputs: unknown;
  attributes: Record<string, unknown>;
  events: { name: string; timeMs?: number; attributes: Record<string, unknown> }[];
  span: Span;
};

const RESERVED = new Set(["mlflow.spanInputs", "mlflow.spanOutputs", "mlflow.spanType", "mlflow.traceRequestId"]);

export function spanView(span: Span): SpanView {
  const all = attributesOf(span.attributes);
  const attributes = Object.fromEntries(Object.entries(all).filter(([k]) => !RESERVED.has(k)));
  const events = (span.events ?? []).map((e) => ({ name: e.name ?? "", timeMs: nanosToMs(e.time_unix_nano), attributes: attributesOf(e.attributes) }));
  const start = nanosToMs(span.start_time_unix_nano) ?? 0;
  const end = nanosToMs(span.end_time_unix_nano);
  const code = span.status?.code ?? "";
  return {
    id: span.span_id,
    parentId: span.parent_span_id || undefined,
    name: span.name ?? "(unnamed)",
    type: typeof all["mlflow.spanType"] === "string" ? (all["mlflow.spanType"] as string) : "UNKNOWN",
    startMs: start,
    endMs: end === undefined || end < start ? start : end,
    error: code === "STATUS_CODE_ERROR" || code === "ERROR" || events.some((e) => e.name === "exception"),
    statusMessage: span.status?.message || undefined,
    inputs: all["mlflow.spanInputs"],
    outputs: all["mlflow.spanOutputs"],
    attributes,
    events,
    span,
  };
}

export type SpanNode = { span: SpanView; children: SpanNode[]; depth: number };

/**
 * The span tree of a trace's flat spans: children under their parent in start order. A span
 * whose parent is not among the spans (a partial trace) is shown as a root, not dropped.
 */
export function spanTree(spans: Span[]): SpanNode[] {
  const views = spans.map(spanView);
  const nodes = new Map<string, SpanNode>();
  for (const s of views) nodes.set(s.id, { span: s, children: [], depth: 0 });
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.span.parentId ? nodes.get(node.span.parentId) : undefined;
    if (parent && parent !== node && !isAncestor(node, parent, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  const order = (a: SpanNode, b: SpanNode) => a.span.startMs - b.span.startMs;
  const visit = (list: SpanNode[], depth: number) => {
    list.sort(order);
    for (const n of list) {
      n.depth = depth;
      visit(n.children, depth + 1);
    }
  };
  visit(roots, 0);
  return roots;
}

/** Whether {@code node} is an ancestor of {@code other}: guards against cycles in bad data. */
function isAncestor(node: SpanNode, other: SpanNode, nodes: Map<string, SpanNode>): boolean {
  const seen = new Set<string>();
  let at: SpanNode | undefined = other;
  while (at?.span.parentId && !seen.has(at.span.id)) {
    seen.add(at.span.id);
    if (at.span.parentId === node.span.id) return true;
    at = nodes.get(at.span.parentId);
  }
  return false;
}

/** The rows of the tree in display order, the children of collapsed spans left out. */
export function visibleSpans(roots: SpanNode[], collapsed: Set<string> = new Set()): SpanNode[] {
  const out: SpanNode[] = [];
  const walk = (list: SpanNode[]) => {
    for (const n of list) {
      out.push(n);
      if (!collapsed.has(n.span.id)) walk(n.children);
    }
  };
  walk(roots);
  return out;
}

/** The time range the waterfall spans: the earliest start to the latest end of all spans. */
export function traceWindow(spans: SpanView[]): { startMs: number; endMs: number } {
  if (!spans.length) return { startMs: 0, endMs: 0 };
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const s of spans) {
    startMs = Math.min(startMs, s.startMs);
    endMs = Math.max(endMs, s.endMs);
  }
  return { startMs, endMs };
}

/**
 * Where a span's bar sits in the waterfall, in percent of the trace's window: its left offset
 * and its width (at least {@code minWidth}, so an instant span stays visible, kept inside 100).
 */
export function waterfallBar(span: SpanView, window: { startMs: number; endMs: number }, minWidth = 0.5): { left: number; width: number } {
  const total = window.endMs - window.startMs;
  if (total <= 0) return { left: 0, width: 100 };
  const left = ((span.startMs - window.startMs) / total) * 100;
  const width = Math.max(minWidth, ((span.endMs - span.startMs) / total) * 100);
  const clampedLeft = Math.min(Math.max(0, left), 100 - minWidth);
  return { left: clampedLeft, width: Math.min(width, 100 - clampedLeft) };
}

/** The value an assessment holds: a feedback's value, or an expectation's (serialized ones parsed). */
export function assessmentValue(a: Assessment): unknown {
  if (a.feedback) return a.feedback.value ?? (a.feedback.error ? `error: ${a.feedback.error.error_message ?? a.feedback.error.error_code}` : null);
  if (a.expectation) {
    if (a.expectation.value !== undefined) return a.expectation.value;
    const s = a.expectation.serialized_value?.value;
    return s === undefined ? null : parseJsonText(s);
  }
  return null;
}

/** An assessment value as a short text for a table cell: "good: true". */
export function assessmentLabel(a: Assessment): string {
  const v = assessmentValue(a);
  return `${a.assessment_name}: ${typeof v === "string" ? v : JSON.stringify(v)}`;
}

/**
 * What the user typed as a feedback value, typed as MLflow stores it: true/false as booleans,
 * numbers as numbers, JSON objects and arrays parsed, anything else as text.
 */
export function parseFeedbackValue(text: string): unknown {
  const t = text.trim();
  if (t === "true" || t === "false") return t === "true";
  if (t !== "" && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (/^[[{]/.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  return text;
}

/** The filter (MLflow's search_traces grammar) that finds the traces of a run, linked ones included. */
export function runTracesFilter(runId: string): string {
  return `trace.run_id = '${runId.replace(/'/g, "")}'`;
}

/** The trace name MLflow shows: its mlflow.traceName tag. */
export function traceName(t: TraceInfo): string {
  return t.tags?.["mlflow.traceName"] ?? "";
}

/** The sort keys of the Traces table, as search_traces' order_by names them. */
export const TRACE_SORTS = ["timestamp_ms", "execution_time_ms", "status", "name"] as const;

/**
 * A sort in the URL ("execution_time_ms:asc") as order_by clauses, newest first by default. The
 * default sends no clause: it is search_traces' own order (newest first, then by trace id).
 */
export function traceOrderBy(sort: string | null): { column: string; desc: boolean; clauses: string[] } {
  const [column, dir] = (sort ?? "").split(":");
  const known = (TRACE_SORTS as readonly string[]).includes(column) ? column : "timestamp_ms";
  const desc = known === column ? dir !== "asc" : true;
  const isDefault = known === "timestamp_ms" && desc;
  return { column: known, desc, clauses: isDefault ? [] : [`${known} ${desc ? "DESC" : "ASC"}`] };
}

const V3 = "ajax-api/3.0/mlflow/traces";

/** MLflow's v3 trace API, as MLflow's own UI calls it. */
export const tracesApi = {
  /** One page (at most 500, MLflow's limit) of an experiment's traces. */
  search: (req: { experimentIds: string[]; filter?: string; orderBy?: string[]; maxResults?: number; pageToken?: string }) =>
    request<{ traces?: TraceInfo[]; next_page_token?: string }>("POST", `${V3}/search`, {
      locations: req.experimentIds.map((id) => ({ type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: id } })),
      filter: req.filter || undefined,
      order_by: req.orderBy,
      max_results: req.maxResults ?? 100,
      page_token: req.pageToken || undefined,
    }),
  /** A trace with its spans. */
  get: (traceId: string) => request<{ trace: Trace }>("GET", `${V3}/get` + query({ trace_id: traceId })),
  createAssessment: (traceId: string, a: Omit<Assessment, "assessment_id">) =>
    request<{ assessment: Assessment }>("POST", `${V3}/${encodeURIComponent(traceId)}/assessments`, { assessment: { ...a, trace_id: traceId } }),
  /** Changes the fields named in {@code mask} (MLflow's FieldMask, as JSON: "feedback,rationale"). */
  updateAssessment: (traceId: string, id: string, a: Partial<Assessment>, mask: string[]) =>
    request<{ assessment: Assessment }>("PATCH", `${V3}/${encodeURIComponent(traceId)}/assessments/${encodeURIComponent(id)}`, {
      assessment: a,
      update_mask: mask.join(","),
    }),
  deleteAssessment: (traceId: string, id: string) =>
    request<object>("DELETE", `${V3}/${encodeURIComponent(traceId)}/assessments/${encodeURIComponent(id)}`),
  setTag: (traceId: string, key: string, value: string) =>
    request<object>("PATCH", `${V3}/${encodeURIComponent(traceId)}/tags`, { key, value }),
  deleteTag: (traceId: string, key: string) =>
    request<object>("DELETE", `${V3}/${encodeURIComponent(traceId)}/tags`, { key }),
};
