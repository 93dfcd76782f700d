import { describe, expect, it } from "vitest";
import { matchesSearch, moved, ordered, sections } from "./ChartsGrid";

describe("chart sections, search and order", () => {
  it("groups keys by prefix: model metrics first, system/ last", () => {
    expect(sections(["system/cpu", "val/loss", "loss", "train/loss", "lr"])).toEqual([
      ["", ["loss", "lr"]],
      ["train", ["train/loss"]],
      ["val", ["val/loss"]],
      ["system", ["system/cpu"]],
    ]);
  });
  it("matches every word of a search", () => {
    expect(matchesSearch("system/gpu_0_memory", "system gpu")).toBe(true);
    expect(matchesSearch("system/cpu", "system gpu")).toBe(false);
    expect(matchesSearch("anything", "")).toBe(true);
  });
  it("moves a dragged chart to its target's place and keeps that order", () => {
    const keys = ["a", "b", "c", "d"];
    expect(moved(keys, "d", "b")).toEqual(["a", "d", "b", "c"]);
    expect(moved(keys, "a", "c")).toEqual(["b", "c", "a", "d"]);
    expect(ordered(["a", "b", "c", "e"], ["c", "a"])).toEqual(["c", "a", "b", "e"]);
  });
});
