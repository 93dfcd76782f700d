import { describe, expect, it } from "vitest";
import { PALETTE, preferredColor, runColors } from "./colors";

describe("runColors", () => {
  it("gives runs distinct colours while the palette lasts", () => {
    const ids = Array.from({ length: PALETTE.length }, (_, i) => `run-${i}`);
    expect(new Set(runColors(ids).values()).size).toBe(PALETTE.length);
  });
  it("keeps a run's colour when other runs join or leave the list after it", () => {
    const ids = ["a1", "b2", "c3", "d4", "e5", "f6"];
    const all = runColors(ids);
    const more = runColors([...ids, "live-run", "extra"]);
    ids.forEach((id) => expect(more.get(id)).toBe(all.get(id)));
    expect(runColors(["a1"]).get("a1")).toBe(preferredColor("a1"));
  });
});
