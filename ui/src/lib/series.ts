// Pure series arithmetic for the charts: smoothing, grouping runs into mean ± std, and the
// conversion of downsampled buckets into plottable arrays.

import type { Bucket } from "../api";

export type XMode = "step" | "time" | "relative";

export type Series = {
  x: number[];
  y: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
  /** Whether some bucket summarises more than one point (then the min/max band is drawn). */
  downsampled: boolean;
};

export function toNumber(v: number | string): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Buckets as chart arrays with the x the user chose (seconds for time axes, as uPlot wants). */
export function fromBuckets(buckets: Bucket[], mode: XMode, runStart?: number): Series {
  const start = runStart ?? (buckets.length ? buckets[0].timestamp : 0);
  const x = buckets.map((b) =>
    mode === "step" ? b.step : mode === "time" ? b.timestamp / 1000 : (b.timestamp - start) / 1000,
  );
  return {
    x,
    y: buckets.map((b) => toNumber(b.value)),
    min: buckets.map((b) => toNumber(b.min)),
    max: buckets.map((b) => toNumber(b.max)),
    downsampled: buckets.some((b) => b.count > 1),
  };
}

/**
 * Exponential moving average with TensorBoard's debiasing, so the smoothed line starts at the
 * first value instead of at zero. weight 0 leaves the series unchanged.
 */
export function smooth(y: (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return y;
  let last = 0;
  let n = 0;
  return y.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    n++;
    return last / (1 - Math.pow(weight, n));
  });
}

export type GroupStats = { x: number[]; mean: (number | null)[]; lo: (number | null)[]; hi: (number | null)[]; runs: number };

/**
 * Mean and standard deviation across the runs of one group: the x range of all runs is cut into
 * {@code bins} equal bins; each run contributes its mean inside a bin, and the band is mean ± the
 * (population) standard deviation of those per-run means.
 */
export function groupStats(members: Series[], bins: number): GroupStats {
  const xs = members.flatMap((s) => s.x);
  if (!xs.length) return { x: [], mean: [], lo: [], hi: [], runs: members.length };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of xs) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const width = hi > lo ? (hi - lo) / bins : 1;
  const sums: number[][] = Array.from({ length: bins }, () => []);
  for (const s of members) {
    const acc = new Map<number, [number, number]>();
    s.x.forEach((x, i) => {
      const y = s.y[i];
      if (y === null || !Number.isFinite(y)) return;
      const b = Math.min(bins - 1, Math.floor((x - lo) / width));
      const a = acc.get(b) ?? [0, 0];
      a[0] += y;
      a[1] += 1;
      acc.set(b, a);
    });
    acc.forEach(([sum, n], b) => sums[b].push(sum / n));
  }
  const out: GroupStats = { x: [], mean: [], lo: [], hi: [], runs: members.length };
  sums.forEach((vals, b) => {
    if (!vals.length) return;
    const mean = vals.reduce((a, v) => a + v, 0) / vals.length;
    const sd = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / vals.length);
    out.x.push(hi > lo ? lo + (b + 0.5) * width : lo);
    out.mean.push(mean);
    out.lo.push(mean - sd);
    out.hi.push(mean + sd);
  });
  return out;
}

/**
 * Several series on one shared, sorted x array (uPlot draws every series against one x): a
 * series without a point at some x has null there.
 */
export function align(xs: number[][], ys: (number | null)[][][]): { x: number[]; columns: (number | null)[][] } {
  const all = Array.from(new Set(xs.flat())).sort((a, b) => a - b);
  const index = new Map(all.map((v, i) => [v, i]));
  const columns: (number | null)[][] = [];
  ys.forEach((group, s) =>
    group.forEach((col) => {
      const out: (number | null)[] = new Array(all.length).fill(null);
      xs[s].forEach((x, i) => (out[index.get(x)!] = col[i]));
      columns.push(out);
    }),
  );
  return { x: all, columns };
}
