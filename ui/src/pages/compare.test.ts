import { describe, expect, it } from "vitest";
import type { Run } from "../api";
import { defaultAxes, varies } from "./Compare";

const run = (id: string, params: Record<string, string>, metrics: Record<string, number>): Run =>
  ({
    info: { run_id: id, experiment_id: "1", status: "FINISHED" },
    data: {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, step: 0, timestamp: 0 })),
    },
  }) as unknown as Run;

describe("compare's default axes", () => {
  const runs = [run("a", { epochs: "20", lr: "0.1", model: "tree" }, { loss: 0.5, acc: 0.9 }), run("b", { epochs: "20", lr: "0.01", model: "linear" }, { loss: 0.4, acc: 0.9 })];
  const keys = ["metrics.acc", "metrics.loss", "params.epochs", "params.lr", "params.model"];
  it("skips constant and non-numeric keys, params first", () => {
    expect(varies(runs, "params.epochs")).toBe(false);
    expect(varies(runs, "params.model")).toBe(false);
    expect(defaultAxes(runs, keys)).toEqual(["params.lr", "metrics.loss"]);
  });
});
