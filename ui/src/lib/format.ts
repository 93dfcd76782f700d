import type { KeyValue, Run } from "../api";

export function formatTime(ms?: number): string {
  if (!ms) return "";
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatDuration(ms?: number): string {
  if (ms === undefined || ms < 0 || Number.isNaN(ms)) return "";
  if (ms < 1000) return `${ms}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** A run's duration: until its end, or until now while it runs. */
export function runDuration(run: Run, now = Date.now()): number | undefined {
  const { start_time, end_time, status } = run.info;
  if (!start_time) return undefined;
  if (end_time) return end_time - start_time;
  return status === "RUNNING" ? now - start_time : undefined;
}

export function formatNumber(v: number | string | undefined): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

export function formatBytes(n?: number): string {
  if (n === undefined) return "";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

export function tagOf(tags: KeyValue[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.key === key)?.value;
}

/** A column key as the search grammar writes it: metrics.`loss`, params.lr, tags.`a b`. */
export type ColumnKind = "metrics" | "params" | "tags";

export function quoteKey(kind: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(key) ? `${kind}.${key}` : `${kind}.\`${key.replace(/`/g, "")}\``;
}

/** The value of a column (kind.key) in a run. */
export function cellValue(run: Run, column: string): number | string | undefined {
  const dot = column.indexOf(".");
  const kind = column.slice(0, dot);
  const key = column.slice(dot + 1);
  if (kind === "metrics") return run.data.metrics?.find((m) => m.key === key)?.value;
  if (kind === "params") return run.data.params?.find((p) => p.key === key)?.value;
  if (kind === "tags") return tagOf(run.data.tags, key);
  return undefined;
}

export function runName(run: Run): string {
  return run.info.run_name || tagOf(run.data.tags, "mlflow.runName") || run.info.run_id.slice(0, 8);
}
