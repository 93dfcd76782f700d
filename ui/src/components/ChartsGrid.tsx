import { useEffect, useMemo, useRef, useState } from "react";
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

/** Hidden charts, collapsed sections, and the chart order a person chose by dragging. */
type Layout = { hidden: string[]; collapsed: string[]; order: string[] };

/** Keys in the chosen order: those placed by dragging first, in their order, then the rest as given. */
export function ordered(keys: string[], order: string[]): string[] {
  const at = new Map(order.map((k, i) => [k, i]));
  return [...keys].sort((a, b) => (at.get(a) ?? Infinity) - (at.get(b) ?? Infinity) || keys.indexOf(a) - keys.indexOf(b));
}

/** The order after dragging key onto target: key takes target's place. */
export function moved(keys: string[], key: string, target: string): string[] {
  const rest = keys.filter((k) => k !== key);
  const i = rest.indexOf(target);
  if (i < 0) return keys;
  const from = keys.indexOf(key);
  const to = keys.indexOf(target);
  rest.splice(from < to ? i + 1 : i, 0, key);
  return rest;
}

function loadLayout(key: string): Layout {
  try {
    const l = JSON.parse(localStorage.getItem(key) ?? "{}");
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    return { hidden: list(l.hidden), collapsed: list(l.collapsed), order: list(l.order) };
  } catch {
    return { hidden: [], collapsed: [], order: [] };
  }
}

/**
 * Many metric charts under control: sections by key prefix (collapsible), a search over chart
 * names (in the URL as ?charts=), charts hidden one by one, a full-screen view of one chart with
 * its own x-axis, smoothing, scale and y range; charts reordered by dragging one onto another.
 * Hidden charts, collapsed sections and the order are remembered in local storage under layoutKey
 * (one per experiment).
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
  const [dragging, setDragging] = useState<string>();
  // the chart being dragged, read by drop targets before React re-renders them
  const dragged = useRef<string | undefined>(undefined);
  const drag = (m: string | undefined) => {
    dragged.current = m;
    setDragging(m);
  };
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
        {layout.order.length ? (
          <button className="secondary" onClick={() => save({ ...layout, order: [] })}>
            Reset order
          </button>
        ) : null}
        {layout.hidden.length ? (
          <button className="secondary" onClick={() => save({ ...layout, hidden: [] })}>
            Show {layout.hidden.length} hidden
          </button>
        ) : null}
      </div>
      {groups.map(([section, keys]) => {
        const inOrder = ordered(keys, layout.order);
        const visible = inOrder.filter((k) => !hidden.has(k) && matchesSearch(k, search));
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
                  <div
                    key={m}
                    className={"chart-slot" + (dragging === m ? " dragging" : "")}
                    onDragOver={(e) => dragged.current && dragged.current !== m && inOrder.includes(dragged.current) && e.preventDefault()}
                    onDrop={(e) => {
                      e.preventDefault();
                      const key = dragged.current ?? e.dataTransfer.getData("text/plain");
                      if (key && key !== m && metrics.includes(key)) save({ ...layout, order: moved(ordered(metrics, layout.order), key, m) });
                      drag(undefined);
                    }}
                  >
                  <RunsMetricChart
                    metric={m}
                    runs={runs}
                    settings={settings}
                    actions={
                      <>
                        {/* the drag handle: dragging on the plot itself zooms */}
                        <button
                          className="link drag-handle"
                          draggable
                          title="drag onto another chart to move this one there (or ← →)"
                          aria-label={"move " + m}
                          onDragStart={(e) => {
                            drag(m);
                            e.dataTransfer.effectAllowed = "move";
                            e.dataTransfer.setData("text/plain", m);
                          }}
                          onDragEnd={() => drag(undefined)}
                          onKeyDown={(e) => {
                            const i = inOrder.indexOf(m);
                            const target = e.key === "ArrowLeft" ? inOrder[i - 1] : e.key === "ArrowRight" ? inOrder[i + 1] : undefined;
                            if (!target) return;
                            e.preventDefault();
                            save({ ...layout, order: moved(ordered(metrics, layout.order), m, target) });
                          }}
                        >
                          ⠿
                        </button>
                        <button className="link" title="full screen" aria-label={"full screen " + m} onClick={() => updateQuery({ chart: m })}>⤢</button>
                        <button className="link" title="hide this chart" aria-label={"hide " + m} onClick={() => save({ ...layout, hidden: [...layout.hidden, m] })}>✕</button>
                      </>
                    }
                  />
                  </div>
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
