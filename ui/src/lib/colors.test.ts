import { describe, expect, it } from "vitest";
import { PALETTE, preferredColor, runColors, stickyRunColors } from "./colors";

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

describe("stickyRunColors", () => {
  it("gives a run the colour it had on another page", () => {
    // node has no local storage: an in-memory one, as a browser's
    const store = new Map<string, string>();
    Object.assign(globalThis, { localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } });
    const page = stickyRunColors(["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"]);
    const compare = stickyRunColors(["r8", "r3"]);
    expect(compare.get("r8")).toBe(page.get("r8"));
    expect(compare.get("r3")).toBe(page.get("r3"));
    expect(new Set(page.values()).size).toBe(8);
  });
});
