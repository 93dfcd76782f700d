import { useEffect, useMemo, useState } from "react";
import { updateQuery } from "../lib/route";
import { Empty } from "./common";
import { RunsMetricChart, type ChartRun, type ChartSettings } from "./MetricsPanel";

/** A chart section: the part of a metric key before its first "/" (system/ metrics on their own). */
export function sectionOf(key: string): string {
  const slash = key.indexOf("/");
  return slash > 0 ? key.slice(0, slash) : "";
}

export function sectionTitle(section: string): string {
  if (!section) return "Model metrics";
  if (section === "system") return "System metrics";
  return section + "/";
}

/** Metric keys grouped into sections: model metrics (no prefix) first, system/ last, the rest by name. */
export function sections(keys: string[]): [string, string[]][] {
  const by = new Map<string, string[]>();
  [...keys].sort().forEach((k) => {
    const s = sectionOf(k);
    by.set(s, [...(by.get(s) ?? []), k]);
  });
  const rank = (s: string) => (s === "" ? 0 : s === "system" ? 2 : 1);
  return Array.from(by.entries()).sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}

/** Whether a metric key matches a chart search: every word of the search is in the key. */
export function matchesSearch(key: string, search: string): boolean {
  const k = key.toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => k.includes(w));
}

type Layout = { hidden: string[]; collapsed: string[] };

function loadLayout(key: string): Layout {
  try {
    const l = JSON.parse(localStorage.getItem(key) ?? "{}");
    return { hidden: Array.isArray(l.hidden) ? l.hidden : [], collapsed: Array.isArray(l.collapsed) ? l.collapsed : [] };
  } catch {
    return { hidden: [], collapsed: [] };
  }
}

/**
 * Many metric charts under control: sections by key prefix (collapsible), a search over chart
 * names (in the URL as ?charts=), charts hidden one by one, a full-screen view of one chart with
 * its own x-axis, smoothing, scale and y range. Hidden charts and collapsed sections are
 * remembered in local storage under layoutKey (one per experiment).
 */
export function ChartsGrid({ metrics, runs, settings, layoutKey, query }: { metrics: string[]; runs: ChartRun[]; settings: ChartSettings; layoutKey: string; query: URLSearchParams }) {
  const [layout, setLayout] = useState<Layout>(() => loadLayout(layoutKey));
  useEffect(() => setLayout(loadLayout(layoutKey)), [layoutKey]);
  const save = (l: Layout) => {
    setLayout(l);
    localStorage.setItem(layoutKey, JSON.stringify(l));
  };
  const search = query.get("charts") ?? "";
  const [text, setText] = useState(search);
  useEffect(() => setText(search), [search]);
  const full = query.get("chart");
  const groups = useMemo(() => sections(metrics), [metrics]);
  const hidden = new Set(layout.hidden);
  const shown = metrics.filter((m) => !hidden.has(m) && matchesSearch(m, search)).length;
  return (
    <div className="charts-grid">
      <div className="row controls">
        <input
          aria-label="search charts"
          className="search"
          placeholder="search charts"
          value={text}
          onChange={(e) => (setText(e.target.value), updateQuery({ charts: e.target.value || undefined }))}
        />
        <span className="muted" data-testid="chart-count">
          {shown} of {metrics.length} charts
        </span>
        {layout.hidden.length ? (
          <button className="secondary" onClick={() => save({ ...layout, hidden: [] })}>
            Show {layout.hidden.length} hidden
          </button>
        ) : null}
      </div>
      {groups.map(([section, keys]) => {
        const visible = keys.filter((k) => !hidden.has(k) && matchesSearch(k, search));
        if (!visible.length) return null;
        const open = !layout.collapsed.includes(section);
        return (
          <section key={section} className="chart-section" data-section={section || "model"}>
            <h3>
              <button
                className="link"
                aria-expanded={open}
                aria-label={(open ? "collapse " : "expand ") + sectionTitle(section)}
                onClick={() => save({ ...layout, collapsed: open ? [...layout.collapsed, section] : layout.collapsed.filter((c) => c !== section) })}
              >
                {open ? "▾" : "▸"}
              </button>
              {sectionTitle(section)} <span className="muted">({visible.length})</span>
            </h3>
            {open ? (
              <div className="charts">
                {visible.map((m) => (
                  <RunsMetricChart
                    key={m}
                    metric={m}
                    runs={runs}
                    settings={settings}
                    actions={
                      <>
                        <button className="link" title="full screen" aria-label={"full screen " + m} onClick={() => updateQuery({ chart: m })}>⤢</button>
                        <button className="link" title="hide this chart" aria-label={"hide " + m} onClick={() => save({ ...layout, hidden: [...layout.hidden, m] })}>✕</button>
                      </>
                    }
                  />
                ))}
              </div>
            ) : null}
          </section>
        );
      })}
      {!shown && metrics.length ? <Empty>No chart matches “{search}”.</Empty> : null}
      {full && metrics.includes(full) ? <FullChart metric={full} runs={runs} settings={settings} /> : null}
    </div>
  );
}

/** One chart over the whole window, with settings of its own. */
function FullChart({ metric, runs, settings }: { metric: string; runs: ChartRun[]; settings: ChartSettings }) {
  const [own, setOwn] = useState<ChartSettings>(settings);
  const [lo, setLo] = useState("");
  const [hi, setHi] = useState("");
  const num = (s: string) => (s.trim() === "" || !Number.isFinite(Number(s)) ? undefined : Number(s));
  const yRange = useMemo((): [number | undefined, number | undefined] => [num(lo), num(hi)], [lo, hi]);
  useEffect(() => {
    const esc = (e: KeyboardEvent) => e.key === "Escape" && updateQuery({ chart: undefined });
    window.addEventListener("keydown", esc);
    return () => window.removeEventListener("keydown", esc);
  }, []);
  return (
    <div className="fullscreen" role="dialog" aria-label={"chart " + metric}>
      <div className="row controls">
        <label>
          x-axis{" "}
          <select aria-label="full screen x-axis" value={own.x} onChange={(e) => setOwn({ ...own, x: e.target.value as ChartSettings["x"] })}>
            <option value="step">step</option>
            <option value="time">wall time</option>
            <option value="relative">relative time</option>
          </select>
        </label>
        <label>
          smoothing{" "}
          <input type="range" aria-label="full screen smoothing" min={0} max={0.99} step={0.01} value={own.smoothing} onChange={(e) => setOwn({ ...own, smoothing: Number(e.target.value) })} />
        </label>
        <label className="check">
          <input type="checkbox" aria-label="full screen log scale" checked={own.log} onChange={(e) => setOwn({ ...own, log: e.target.checked })} /> log scale
        </label>
        <label>
          y from <input aria-label="y from" size={8} value={lo} onChange={(e) => setLo(e.target.value)} />
        </label>
        <label>
          to <input aria-label="y to" size={8} value={hi} onChange={(e) => setHi(e.target.value)} />
        </label>
        <span className="muted">drag to zoom x, double-click to reset</span>
        <button className="secondary" onClick={() => updateQuery({ chart: undefined })}>Close</button>
      </div>
      <RunsMetricChart metric={metric} runs={runs} settings={own} height={Math.max(300, window.innerHeight - 200)} yRange={yRange} />
    </div>
  );
}
