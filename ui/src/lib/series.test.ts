import { describe, expect, it } from "vitest";
import { align, fromBuckets, groupStats, smooth, toNumber } from "./series";

describe("smooth", () => {
  it("leaves the series alone at weight 0 and starts at the first value (debiased)", () => {
    expect(smooth([1, 2, 3], 0)).toEqual([1, 2, 3]);
    const s = smooth([10, 10, 10], 0.9);
    s.forEach((v) => expect(v).toBeCloseTo(10, 9));
  });
  it("lags behind a step and keeps gaps", () => {
    const s = smooth([0, null, 1, 1], 0.5);
    expect(s[1]).toBeNull();
    expect(s[2]!).toBeGreaterThan(0);
    expect(s[2]!).toBeLessThan(1);
  });
});

describe("groupStats", () => {
  it("averages runs bin by bin with a population std band", () => {
    const a = { x: [0, 1, 2, 3], y: [1, 1, 1, 1], min: [], max: [], downsampled: false };
    const b = { x: [0, 1, 2, 3], y: [3, 3, 3, 3], min: [], max: [], downsampled: false };
    const g = groupStats([a, b], 4);
    expect(g.runs).toBe(2);
    expect(g.mean).toEqual([2, 2, 2, 2]);
    expect(g.lo).toEqual([1, 1, 1, 1]);
    expect(g.hi).toEqual([3, 3, 3, 3]);
    expect(g.x[0]).toBeCloseTo(0.375);
  });
  it("ignores missing and non-finite values and empty groups", () => {
    const a = { x: [0, 10], y: [null, 4], min: [], max: [], downsampled: false };
    expect(groupStats([a], 2).mean).toEqual([4]);
    expect(groupStats([], 5).x).toEqual([]);
  });
});

describe("buckets and alignment", () => {
  const buckets = [
    { step: 0, last_step: 4, timestamp: 1000, value: 1, min: 0, max: 2, count: 5 },
    { step: 5, last_step: 9, timestamp: 3000, value: "NaN", min: "-Infinity", max: 7, count: 5 },
  ];
  it("maps the x axis by mode and reads MLflow's string numbers", () => {
    expect(fromBuckets(buckets, "step").x).toEqual([0, 5]);
    expect(fromBuckets(buckets, "time").x).toEqual([1, 3]);
    expect(fromBuckets(buckets, "relative", 500).x).toEqual([0.5, 2.5]);
    const s = fromBuckets(buckets, "step");
    expect(s.y).toEqual([1, null]);
    expect(s.min).toEqual([0, -Infinity]);
    expect(s.downsampled).toBe(true);
    expect(toNumber("Infinity")).toBe(Infinity);
  });
  it("puts several series on one sorted x with nulls where one has no point", () => {
    const { x, columns } = align([[0, 2], [1, 2]], [[[10, 12]], [[21, 22], [1, 2]]]);
    expect(x).toEqual([0, 1, 2]);
    expect(columns).toEqual([[10, null, 12], [null, 21, 22], [null, 1, 2]]);
  });
});
