import { useCallback, useEffect, useMemo, useState } from "react";
import { api, type Bucket } from "../api";
import { fromBuckets, groupStats, smooth, type Series, type XMode } from "../lib/series";
import { updateQuery } from "../lib/route";
import { ErrorBanner, useInterval } from "./common";
import { colorOf, preferredColor } from "../lib/colors";
import { MetricChart, type Line } from "./MetricChart";

/** A run drawn in charts; its colour is the run's colour on the page (see lib/colors). */
export type ChartRun = { id: string; label: string; start?: number; running: boolean; group?: string; color?: string };

export type ChartSettings = { x: XMode; log: boolean; smoothing: number; groupBy: string };

export function chartSettings(q: URLSearchParams): ChartSettings {
  const x = q.get("x");
  return {
    x: x === "time" || x === "relative" ? x : "step",
    log: q.get("log") === "1",
    smoothing: Math.min(0.99, Math.max(0, Number(q.get("smooth") ?? 0) || 0)),
    groupBy: q.get("group") ?? "",
  };
}

/** The chart settings bar; every setting is written to the URL. */
export function ChartControls({ settings, groupKeys }: { settings: ChartSettings; groupKeys: string[] }) {
  return (
    <div className="row controls">
      <label>
        x-axis{" "}
        <select aria-label="x-axis" value={settings.x} onChange={(e) => updateQuery({ x: e.target.value === "step" ? undefined : e.target.value })}>
          <option value="step">step</option>
          <option value="time">wall time</option>
          <option value="relative">relative time</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" aria-label="log scale" checked={settings.log} onChange={(e) => updateQuery({ log: e.target.checked ? "1" : undefined })} /> log
        scale
      </label>
      <label>
        smoothing{" "}
        <input
          type="range"
          aria-label="smoothing"
          min={0}
          max={0.99}
          step={0.01}
          value={settings.smoothing}
          onChange={(e) => updateQuery({ smooth: e.target.value === "0" ? undefined : e.target.value })}
        />
      </label>
      {groupKeys.length ? (
        <label>
          group by{" "}
          <select aria-label="group by" value={settings.groupBy} onChange={(e) => updateQuery({ group: e.target.value || undefined })}>
            <option value="">(no grouping)</option>
            {groupKeys.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </div>
  );
}

const CHUNK = 100;

async function fetchBuckets(runIds: string[], key: string, buckets: number, range?: [number, number]) {
  const out = new Map<string, Bucket[]>();
  for (let i = 0; i < runIds.length; i += CHUNK) {
    const res = await api.downsampled(runIds.slice(i, i + CHUNK), key, buckets, range);
    res.series?.forEach((s) => out.set(s.run_id, s.buckets ?? []));
  }
  return out;
}

/** One metric over several runs: fetched downsampled, re-fetched in detail for a zoomed range. */
export function RunsMetricChart({
  metric,
  runs,
  settings,
  height,
  yRange,
  actions,
}: {
  metric: string;
  runs: ChartRun[];
  settings: ChartSettings;
  height?: number;
  yRange?: [number | undefined, number | undefined];
  actions?: React.ReactNode;
}) {
  const [data, setData] = useState<Map<string, Bucket[]>>();
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const [steps, setSteps] = useState<[number, number] | undefined>();
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  const ids = useMemo(() => runs.map((r) => r.id), [runs]);
  useEffect(() => {
    let live = true;
    const started = performance.now();
    fetchBuckets(ids, metric, 1000, steps).then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
        // Timings the UI scale test reads (and a curious user can, in the console).
        const w = window as unknown as { cairnChartFetchMs?: number; cairnZoomFetchedAt?: number };
        w.cairnChartFetchMs = performance.now() - started;
        if (steps) w.cairnZoomFetchedAt = performance.now();
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [ids, metric, steps, tick]);
  useInterval(useCallback(() => setTick((t) => t + 1), []), 5000, !zoom && runs.some((r) => r.running));
  const lines = useMemo(() => {
    if (!data) return [];
    const series = new Map<string, Series>();
    runs.forEach((r) => {
      const b = data.get(r.id);
      if (b?.length) {
        const s = fromBuckets(b, settings.x, r.start);
        series.set(r.id, { ...s, y: smooth(s.y, settings.smoothing) });
      }
    });
    if (settings.groupBy) {
      const groups = new Map<string, Series[]>();
      runs.forEach((r) => {
        const s = series.get(r.id);
        if (s) groups.set(r.group ?? "(none)", [...(groups.get(r.group ?? "(none)") ?? []), s]);
      });
      return Array.from(groups.entries()).map(([g, members], i): Line => {
        const st = groupStats(members, 300);
        return { label: `${settings.groupBy}=${g} (${members.length} runs)`, color: colorOf(i), x: st.x, y: st.mean, lo: st.lo, hi: st.hi };
      });
    }
    return runs
      .filter((r) => series.has(r.id))
      .map((r): Line => {
        const s = series.get(r.id)!;
        return { label: r.label, runId: r.id, color: r.color ?? preferredColor(r.id), x: s.x, y: s.y, ...(s.downsampled && settings.smoothing === 0 ? { lo: s.min, hi: s.max } : {}) };
      });
    // The settings by value: a page re-rendered with equal settings keeps its charts (and their cursors).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, runs, settings.x, settings.smoothing, settings.groupBy]);
  const onZoom = useCallback(
    (range: [number, number] | null) => {
      (window as unknown as { cairnZoomStartedAt?: number }).cairnZoomStartedAt = performance.now();
      setZoom(range);
      if (!range || !data) return setSteps(undefined);
      if (settings.x === "step") return setSteps([Math.floor(range[0]), Math.ceil(range[1])]);
      // Time axes: the steps whose buckets fall inside the chosen time range.
      let lo = Infinity;
      let hi = -Infinity;
      runs.forEach((r) => {
        const b = data.get(r.id) ?? [];
        const s = fromBuckets(b, settings.x, r.start);
        s.x.forEach((x, i) => {
          if (x >= range[0] && x <= range[1]) {
            lo = Math.min(lo, b[i].step);
            hi = Math.max(hi, b[i].last_step);
          }
        });
      });
      setSteps(lo <= hi ? [lo, hi] : undefined);
    },
    [data, runs, settings.x],
  );
  useEffect(() => {
    setZoom(null);
    setSteps(undefined);
  }, [settings.x]);
  if (error) return <ErrorBanner error={error} />;
  if (!data) return <div className="chart loading">Loading {metric}…</div>;
  return <MetricChart title={metric} lines={lines} xMode={settings.x} log={settings.log} zoom={zoom} onZoom={onZoom} height={height} yRange={yRange} actions={actions} />;
}
