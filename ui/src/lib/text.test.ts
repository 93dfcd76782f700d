import { describe, expect, it } from "vitest";
import type { Run } from "../api";
import { complete } from "./completion";
import { parseCsv, toCsv } from "./csv";
import { cellValue, formatDuration, formatNumber, quoteKey } from "./format";
import { renderMarkdown } from "./markdown";
import { formatHash, parseHash } from "./route";

const run = (id: string, tags: Record<string, string> = {}, params: Record<string, string> = {}): Run => ({
  info: { run_id: id, experiment_id: "1", status: "FINISHED", lifecycle_stage: "active" },
  data: {
    tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    params: Object.entries(params).map(([key, value]) => ({ key, value })),
    metrics: [{ key: "val loss", value: 0.5, timestamp: 1, step: 1 }],
  },
});

describe("markdown", () => {
  it("renders headings, emphasis, lists and code", () => {
    const html = renderMarkdown("# Title\nsome **bold** and *it* and `x<y`\n\n- a\n- b");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<em>it</em>");
    expect(html).toContain("<code>x&lt;y</code>");
    expect(html).toContain("<ul><li>a</li><li>b</li></ul>");
  });
  it("never lets markup or script links through", () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> [x](javascript:alert(1)) [ok](https://a.b/c?d=1&e=2)');
    expect(html).not.toContain("<img");
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('href="https://a.b/c?d=1&amp;e=2"');
  });
  it("judges a link as the browser will follow it", () => {
    const hostile = [
      "\u0001javascript:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "java\nscript:alert(1)",
      "\u0000\u001fjavascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "/\\evil.example",
      "x:y",
    ];
    for (const href of hostile) {
      const html = renderMarkdown(`[x](${href})`);
      expect(html, JSON.stringify(href)).not.toContain("<a ");
    }
    expect(renderMarkdown("[rel](./notes.md)")).toContain('href="./notes.md"');
    expect(renderMarkdown("[anchor](#part)")).toContain('href="#part"');
    expect(renderMarkdown("[mail](mailto:a@b.c)")).toContain('href="mailto:a@b.c"');
  });
});

describe("csv", () => {
  it("quotes what needs quoting and reads it back", () => {
    const text = toCsv([["a", 'say "hi"', "x,y"], [1, undefined, "line\nbreak"]]);
    expect(text).toBe('a,"say ""hi""","x,y"\r\n1,,"line\nbreak"');
    expect(parseCsv(text)).toEqual([["a", 'say "hi"', "x,y"], ["1", "", "line\nbreak"]]);
  });
});

describe("format", () => {
  it("writes keys as the search grammar wants them", () => {
    expect(quoteKey("metrics", "loss")).toBe("metrics.loss");
    expect(quoteKey("metrics", "val loss")).toBe("metrics.`val loss`");
    expect(cellValue(run("r"), "metrics.val loss")).toBe(0.5);
  });
  it("formats numbers and durations for people", () => {
    expect(formatNumber(0.123456789)).toBe("0.123457");
    expect(formatNumber(1e-7)).toBe("1.0000e-7");
    expect(formatNumber("NaN")).toBe("NaN");
    expect(formatDuration(500)).toBe("500ms");
    expect(formatDuration(65_000)).toBe("1m 5s");
    expect(formatDuration(3 * 3600_000 + 60_000)).toBe("3h 1m");
  });
});

describe("route", () => {
  it("round-trips parts and query through the hash", () => {
    const hash = formatHash(["models", "my model"], { q: "a b", empty: "" });
    expect(hash).toBe("#/models/my%20model?q=a+b");
    const r = parseHash(hash);
    expect(r.parts).toEqual(["models", "my model"]);
    expect(r.query.get("q")).toBe("a b");
  });
});

describe("completion", () => {
  it("completes the word at the cursor from the runs' keys", () => {
    const runs = [run("a", { team: "x" }, { lr: "0.1", layers: "2" })];
    const text = "params.l";
    expect(complete(text, text.length, runs).options).toEqual(["params.layers", "params.lr"]);
    expect(complete("metrics.val", 11, runs).options).toEqual(["metrics.`val loss`"]);
    expect(complete("tea", 3, runs).options).toEqual(["tags.team"]);
    expect(complete("", 0, runs).options).toEqual([]);
  });
});

describe("MLflow links", () => {
  it("reads the run list of MLflow's compare-runs URL", async () => {
    const { mlflowRunList } = await import("../App");
    expect(mlflowRunList('["a1","b2"]')).toBe("a1,b2");
    expect(mlflowRunList("a1,b2")).toBe("a1,b2");
    expect(mlflowRunList(null)).toBe("");
  });
});

describe("registry links", () => {
  it("finds the logged model of a version by its id or its models:/ source", async () => {
    const { loggedModelOf } = await import("../pages/Models");
    expect(loggedModelOf({ name: "m", version: "1", model_id: "m-1" })).toBe("m-1");
    expect(loggedModelOf({ name: "m", version: "1", source: "models:/m-0a1b" })).toBe("m-0a1b");
    expect(loggedModelOf({ name: "m", version: "1", source: "runs:/abc/model" })).toBeUndefined();
  });
});
