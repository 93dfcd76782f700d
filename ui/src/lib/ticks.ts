// Axis tick labels that keep the digits that tell ticks apart: 76,400 / 76,500 (not 6,400),
// 0.00002 / 0.00004 or 2e-7 / 4e-7 (not 0 / 0), 1.25M, and "" for a gap.

const SI: [number, string][] = [
  [1e12, "T"],
  [1e9, "G"],
  [1e6, "M"],
];

/** The fewest decimals (0…20) that write every value within a thousandth of the tick step. */
function decimalsFor(values: number[], step: number): number {
  const tolerance = Math.abs(step) * 1e-3 || Number.EPSILON;
  for (let d = 0; d <= 20; d++) {
    if (values.every((v) => Math.abs(Number(v.toFixed(d)) - v) <= tolerance)) return d;
  }
  return 20;
}

function fixed(v: number, d: number): string {
  const s = v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** The smallest gap between neighbouring finite values, or 0. */
function smallestStep(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  let step = Infinity;
  for (let i = 1; i < sorted.length; i++) {
    const d = sorted[i] - sorted[i - 1];
    if (d > 0 && d < step) step = d;
  }
  return Number.isFinite(step) ? step : 0;
}

/**
 * Labels for a set of axis ticks. The step between ticks (given, or measured) decides how many
 * digits are shown, so neighbouring labels always differ: plain numbers with digit grouping from
 * 1e-4 to 1e6, SI suffixes (M, G, T) above, scientific notation below and beyond. A missing or
 * non-finite value gets an empty label.
 */
export function formatTicks(values: (number | null | undefined)[], step?: number): string[] {
  const finite = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (!finite.length) return values.map(() => "");
  const incr = step && step > 0 ? step : smallestStep(finite) || Math.abs(finite[0]) || 1;
  const mag = Math.max(...finite.map(Math.abs));
  let label: (v: number) => string;
  if (mag !== 0 && (mag < 1e-4 || mag >= 1e15)) {
    // Scientific: the fewest mantissa digits that keep the labels apart and close to the values.
    let d = 0;
    for (; d < 15; d++) {
      const labels = finite.map((v) => (v === 0 ? "0" : v.toExponential(d)));
      const close = finite.every((v, i) => Math.abs(Number(labels[i]) - v) <= incr * 1e-3);
      if (close && new Set(labels).size === new Set(finite).size) break;
    }
    label = (v) => (v === 0 ? "0" : v.toExponential(d).replace("e+", "e"));
  } else if (mag >= 1e6) {
    const [scale, suffix] = SI.find(([s]) => mag >= s)!;
    const d = decimalsFor(finite.map((v) => v / scale), incr / scale);
    label = (v) => (v === 0 ? "0" : fixed(v / scale, d) + suffix);
  } else {
    const d = decimalsFor(finite, incr);
    label = (v) => (v === 0 ? "0" : fixed(v, d));
  }
  return values.map((v) => (typeof v === "number" && Number.isFinite(v) ? label(v) : ""));
}

/** One value at a readable precision for a legend or tooltip: six significant digits. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e15) return v.toExponential(5).replace(/\.?0+e/, "e").replace("e+", "e");
  return fixed(Number(v.toPrecision(6)), Math.max(0, 5 - Math.floor(Math.log10(a)))).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}
