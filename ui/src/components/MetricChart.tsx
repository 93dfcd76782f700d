import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatNumber } from "../lib/format";
import { highlightedRun, highlightRun, onHighlight } from "../lib/highlight";
import { formatTicks, formatValue } from "../lib/ticks";
import { align, type XMode } from "../lib/series";

export type Line = {
  label: string;
  /** The run drawn (for the highlight shared with the runs table). */
  runId?: string;
  color: string;
  x: number[];
  y: (number | null)[];
  /** The band drawn around the line: min/max of downsampled buckets, or mean ± std of a group. */
  lo?: (number | null)[];
  hi?: (number | null)[];
};

export { colorOf, PALETTE } from "../lib/colors";

/** The page's theme (light or dark), followed as it changes, so charts redraw in its colours. */
export function useThemeName(): string {
  const read = () => document.documentElement.dataset.theme ?? "light";
  const [theme, setTheme] = useState(read);
  useEffect(() => {
    const watch = new MutationObserver(() => setTheme(read()));
    watch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => watch.disconnect();
  }, []);
  return theme;
}

/** An axis's width from its widest label, so no label is clipped (76,549 never reads 6,549). */
function axisSize(u: uPlot, values: string[] | null, axisIdx: number, cycleNum: number): number {
  const axis = u.axes[axisIdx] as uPlot.Axis & { _size?: number; font?: string[] };
  if (cycleNum > 1 && axis._size) return axis._size;
  let size = 8 + 10; // tick and gap
  const longest = (values ?? []).reduce((a, v) => (String(v).length > a.length ? String(v) : a), "");
  if (longest) {
    u.ctx.font = axis.font?.[0] ?? "12px system-ui";
    size += u.ctx.measureText(longest).width / (window.devicePixelRatio || 1);
  }
  return Math.ceil(size);
}

const tickLabels = (_u: uPlot, splits: number[], _axisIdx: number, _space: number, incr: number) => formatTicks(splits, incr);

function alpha(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/**
 * One metric chart (uPlot on a canvas). Dragging selects an x range and calls onZoom with it, so
 * the page can fetch that range in detail; a double click goes back to the whole series.
 */
export function MetricChart({
  title,
  lines,
  xMode,
  log,
  zoom,
  onZoom,
  height = 260,
  yRange,
  actions,
}: {
  title: string;
  lines: Line[];
  xMode: XMode;
  log?: boolean;
  zoom?: [number, number] | null;
  onZoom?: (range: [number, number] | null) => void;
  height?: number;
  /** A fixed y range (either end may be left to the data). */
  yRange?: [number | undefined, number | undefined];
  /** Buttons shown in the chart's caption. */
  actions?: React.ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const onZoomRef = useRef(onZoom);
  onZoomRef.current = onZoom;
  // Values under the cursor, written straight into the legend (no React render per mouse move).
  const readout = useRef<HTMLSpanElement>(null);
  const values = useRef<(HTMLElement | null)[]>([]);
  const theme = useThemeName();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const positive = (v: number | null) => (log && v !== null && v <= 0 ? null : v);
    const { x, columns } = align(
      lines.map((l) => l.x),
      lines.map((l) => [l.y.map(positive), ...(l.lo && l.hi ? [l.lo.map(positive), l.hi.map(positive)] : [])]),
    );
    const series: uPlot.Series[] = [{ label: xMode === "step" ? "step" : xMode === "time" ? "time" : "seconds" }];
    const bands: uPlot.Band[] = [];
    const lineSeries: number[] = [];
    const seriesOfRun = new Map<string, number>();
    const runOfSeries = new Map<number, string>();
    lines.forEach((l) => {
      const at = series.length;
      lineSeries.push(at);
      if (l.runId) {
        seriesOfRun.set(l.runId, at);
        runOfSeries.set(at, l.runId);
      }
      series.push({ label: l.label, stroke: l.color, width: 1.5, spanGaps: true, points: { show: false } });
      if (l.lo && l.hi) {
        series.push({ label: l.label + " low", stroke: "transparent", spanGaps: true, points: { show: false } });
        series.push({ label: l.label + " high", stroke: "transparent", spanGaps: true, points: { show: false } });
        bands.push({ series: [at + 2, at + 1], fill: alpha(l.color, 0.18) });
      }
    });
    const style = getComputedStyle(document.documentElement);
    const axisColor = style.getPropertyValue("--fg-muted").trim() || "#666";
    const gridColor = style.getPropertyValue("--grid").trim() || "#eee";
    const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } };
    // The y labels drawn last, also written on the figure (data-y-ticks) for tests and tools.
    let yLabels: string[] = [];
    const yValues = (u: uPlot, splits: number[], axisIdx: number, space: number, incr: number) =>
      (yLabels = log ? formatTicks(splits) : tickLabels(u, splits, axisIdx, space, incr));
    const yAxis: uPlot.Axis = { ...axis, values: yValues, size: axisSize };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      series,
      bands,
      legend: { show: false },
      scales: {
        x: { time: xMode === "time", ...(zoom ? { auto: false, range: () => zoom } : {}) },
        y: {
          ...(log ? { distr: 3 } : {}),
          ...(yRange && (yRange[0] !== undefined || yRange[1] !== undefined)
            ? { auto: false, range: (_u: uPlot, lo: number, hi: number): [number, number] => [yRange[0] ?? lo, yRange[1] ?? hi] }
            : {}),
        },
      },
      axes: [xMode === "time" ? axis : { ...axis, values: tickLabels }, yAxis],
      cursor: { drag: { x: true, y: false, setScale: false }, focus: { prox: 12 } },
      focus: { alpha: 0.25 },
      hooks: {
        draw: [
          () => {
            const fig = el.parentElement;
            if (fig) fig.dataset.yTicks = JSON.stringify(yLabels);
          },
        ],
        setSeries: [
          (_u, idx) => {
            if (applying) return;
            highlightRun(idx == null ? undefined : runOfSeries.get(idx));
          },
        ],
        setCursor: [
          (u) => {
            const i = u.cursor.idx;
            const xv = i == null ? null : u.data[0][i];
            if (readout.current)
              readout.current.textContent =
                xv == null ? "" : xMode === "time" ? new Date(xv * 1000).toLocaleString() : `${xMode === "step" ? "step" : "s"} ${formatNumber(xv)}`;
            lineSeries.forEach((s, k) => {
              const el = values.current[k];
              if (el) el.textContent = i == null ? "" : formatValue(u.data[s][i]);
            });
          },
        ],
        setSelect: [
          (u) => {
            if (u.select.width < 3) return;
            const a = u.posToVal(u.select.left, "x");
            const b = u.posToVal(u.select.left + u.select.width, "x");
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            onZoomRef.current?.([a, b]);
          },
        ],
      },
    };
    let applying = false;
    const plot = new uPlot(opts, [x, ...columns] as uPlot.AlignedData, el);
    const follow = (runId: string | undefined) => {
      applying = true;
      const at = runId === undefined ? undefined : seriesOfRun.get(runId);
      plot.setSeries(at ?? null, { focus: true });
      applying = false;
    };
    if (highlightedRun()) follow(highlightedRun());
    const unfollow = onHighlight(follow);
    plot.over.addEventListener("mouseleave", () => highlightRun(undefined));
    (window as unknown as { cairnChartDrawnAt?: number }).cairnChartDrawnAt = performance.now();
    const reset = () => onZoomRef.current?.(null);
    plot.over.addEventListener("dblclick", reset);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      unfollow();
      resize.disconnect();
      plot.destroy();
    };
  }, [lines, xMode, log, zoom, height, theme, yRange]);
  return (
    <figure className="chart" data-metric={title} data-theme={theme}>
      <figcaption>
        {title}
        {zoom ? <span className="muted"> (zoomed; double-click to reset)</span> : null}
        {actions ? <span className="chart-actions">{actions}</span> : null}
      </figcaption>
      <div ref={box} className="chart-canvas" />
      <div className="legend">
        <span className="muted" ref={readout} />
        {lines.map((l, k) => (
          <span key={l.label}>
            <i style={{ background: l.color }} />
            {l.label} <b ref={(el) => void (values.current[k] = el)} />
          </span>
        ))}
      </div>
    </figure>
  );
}
