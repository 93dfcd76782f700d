import { describe, expect, it } from "vitest";
import { formatTicks, formatValue } from "./ticks";

const range = (from: number, step: number, n: number) => Array.from({ length: n }, (_, i) => from + i * step);

function distinct(labels: string[]) {
  expect(new Set(labels).size).toBe(labels.length);
}

describe("formatTicks", () => {
  it("keeps every digit of a series around 76,549 ± 200", () => {
    const labels = formatTicks(range(76350, 50, 9), 50);
    expect(labels).toEqual(["76,350", "76,400", "76,450", "76,500", "76,550", "76,600", "76,650", "76,700", "76,750"]);
  });
  it("writes a learning-rate axis (1e-4 … 1e-6) with its digits, not as zeros", () => {
    const labels = formatTicks(range(0, 0.00002, 6), 0.00002);
    distinct(labels);
    expect(labels).toEqual(["0", "0.00002", "0.00004", "0.00006", "0.00008", "0.00010"]);
    expect(formatTicks(range(0, 0.000002, 6), 0.000002)).toEqual(["0", "2e-6", "4e-6", "6e-6", "8e-6", "1e-5"]);
    // uPlot's float ticks (0.30000000000000004-style) are written as the round values they are.
    expect(formatTicks([0.0002, 0.00015, 0.0001], 0.00005)).toEqual(["0.00020", "0.00015", "0.00010"]);
    expect(formatTicks([0.1, 0.2, 0.1 + 0.2], 0.1)).toEqual(["0.1", "0.2", "0.3"]);
  });
  it("tells apart ticks a 1e-6 span apart, near zero and far from it", () => {
    expect(formatTicks(range(0, 2e-7, 6), 2e-7)).toEqual(["0", "2e-7", "4e-7", "6e-7", "8e-7", "1e-6"]);
    const near = formatTicks(range(0.5, 2e-7, 6), 2e-7);
    distinct(near);
    expect(near[0]).toBe("0.5000000");
    expect(near[5]).toBe("0.5000010");
    const big = formatTicks(range(76549, 2e-7, 3), 2e-7);
    distinct(big);
    expect(big[2]).toBe("76,549.0000004");
  });
  it("writes negative and mixed-sign ticks with their sign and no -0", () => {
    expect(formatTicks([-1, -0.5, 0, 0.5, 1], 0.5)).toEqual(["-1.0", "-0.5", "0", "0.5", "1.0"]);
    expect(formatTicks([-0.0003, -0.0002, -0.0001, -0], 0.0001)).toEqual(["-0.0003", "-0.0002", "-0.0001", "0"]);
    expect(formatTicks([-200, 0, 200, 400], 200)).toEqual(["-200", "0", "200", "400"]);
  });
  it("uses SI suffixes for millions and beyond, and scientific notation past 1e15", () => {
    expect(formatTicks([1e6, 1.5e6, 2e6], 5e5)).toEqual(["1.0M", "1.5M", "2.0M"]);
    expect(formatTicks([3.2e9, 3.4e9], 2e8)).toEqual(["3.2G", "3.4G"]);
    expect(formatTicks([1e15, 2e15], 1e15)).toEqual(["1e15", "2e15"]);
  });
  it("leaves gaps (NaN, null, infinities) empty and labels the rest", () => {
    expect(formatTicks([NaN, 1, null, 2, Infinity, undefined], 1)).toEqual(["", "1", "", "2", "", ""]);
    expect(formatTicks([NaN, null])).toEqual(["", ""]);
  });
  it("measures the step itself when none is given", () => {
    expect(formatTicks([76500, 76525, 76550])).toEqual(["76,500", "76,525", "76,550"]);
  });
});

describe("formatValue", () => {
  it("keeps six significant digits at every magnitude", () => {
    expect(formatValue(76549.123456)).toBe("76,549.1");
    expect(formatValue(0.000123456789)).toBe("0.000123457");
    expect(formatValue(1.23456789e-6)).toBe("1.23457e-6");
    expect(formatValue(-2.5)).toBe("-2.5");
    expect(formatValue(0)).toBe("0");
    expect(formatValue(NaN)).toBe("");
    expect(formatValue(null)).toBe("");
  });
});
