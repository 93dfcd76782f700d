import { describe, expect, it } from "vitest";
import {
  anyValue,
  assessmentLabel,
  attributesOf,
  durationMs,
  formatMs,
  idHex,
  rootSpanName,
  nanosToMs,
  parseFeedbackValue,
  preview,
  spanTree,
  spanView,
  timestampMs,
  traceOrderBy,
  traceWindow,
  visibleSpans,
  waterfallBar,
  type Span,
} from "./traces";

const T0 = 1796315332935000000;

function span(id: string, parent: string | undefined, startMs: number, endMs: number, extra: Partial<Span> = {}): Span {
  return {
    span_id: id,
    parent_span_id: parent,
    name: id,
    start_time_unix_nano: T0 + startMs * 1e6,
    end_time_unix_nano: T0 + endMs * 1e6,
    ...extra,
  };
}

describe("trace times", () => {
  it("reads protobuf timestamps and durations as milliseconds", () => {
    expect(timestampMs("2026-12-03T16:28:52.935Z")).toBe(Date.UTC(2026, 11, 3, 16, 28, 52, 935));
    expect(timestampMs(undefined)).toBeUndefined();
    expect(durationMs("0.280s")).toBe(280);
    expect(durationMs("12s")).toBe(12000);
    expect(durationMs("0.000200s")).toBe(0.2);
    expect(durationMs("soon")).toBeUndefined();
  });

  it("writes latencies as people read them, sub-millisecond ones included", () => {
    expect(formatMs(0.2)).toBe("0.20ms");
    expect(formatMs(47.4)).toBe("47ms");
    expect(formatMs(1500)).toBe("1.50s");
    expect(formatMs(125_000)).toBe("2m 5s");
    expect(formatMs(undefined)).toBe("");
  });

  it("reads nanosecond times written as strings without losing the milliseconds", () => {
    expect(nanosToMs("1796315332935506430")).toBeCloseTo(1796315332935.5064, 3);
    expect(nanosToMs(2_000_000)).toBe(2);
    expect(nanosToMs("")).toBeUndefined();
    expect(nanosToMs("x1")).toBeUndefined();
  });
});

describe("span attributes", () => {
  it("decodes OTLP any-values, nested lists and maps included", () => {
    expect(
      anyValue({
        kvlist_value: {
          values: [
            { key: "messages", value: { array_value: { values: [{ kvlist_value: { values: [{ key: "role", value: { string_value: "user" } }] } }] } } },
            { key: "n", value: { int_value: "10" } },
            { key: "ok", value: { bool_value: false } },
          ],
        },
      }),
    ).toEqual({ messages: [{ role: "user" }], n: 10, ok: false });
  });

  it("reads MLflow's attributes written as JSON text, and leaves other strings alone", () => {
    const attrs = attributesOf([
      { key: "mlflow.spanInputs", value: { string_value: '{"q": "what?"}' } },
      { key: "mlflow.spanOutputs", value: { string_value: "what?!" } },
      { key: "mlflow.spanType", value: { string_value: '"LLM"' } },
      { key: "model", value: { string_value: '{"not": "parsed"}' } },
    ]);
    expect(attrs["mlflow.spanInputs"]).toEqual({ q: "what?" });
    expect(attrs["mlflow.spanOutputs"]).toBe("what?!");
    expect(attrs["mlflow.spanType"]).toBe("LLM");
    expect(attrs["model"]).toBe('{"not": "parsed"}');
  });

  it("marks a span with an error status or an exception event as failed", () => {
    const failed = spanView(span("f", undefined, 0, 1, { status: { code: "STATUS_CODE_ERROR", message: "ValueError: boom" } }));
    expect(failed.error).toBe(true);
    expect(failed.statusMessage).toBe("ValueError: boom");
    const thrown = spanView(span("t", undefined, 0, 1, { events: [{ name: "exception", attributes: [{ key: "exception.message", value: { string_value: "boom" } }] }] }));
    expect(thrown.error).toBe(true);
    expect(thrown.events[0].attributes["exception.message"]).toBe("boom");
    expect(spanView(span("ok", undefined, 0, 1, { status: { code: "STATUS_CODE_OK" } })).error).toBe(false);
  });

  it("keeps inputs and outputs apart from the other attributes", () => {
    const v = spanView(
      span("s", undefined, 0, 1, {
        attributes: [
          { key: "mlflow.spanInputs", value: { string_value: '{"x": 1}' } },
          { key: "mlflow.spanType", value: { string_value: "LLM" } },
          { key: "model", value: { string_value: "gpt" } },
        ],
      }),
    );
    expect(v.inputs).toEqual({ x: 1 });
    expect(v.type).toBe("LLM");
    expect(v.attributes).toEqual({ model: "gpt" });
  });
});

describe("span tree", () => {
  it("nests flat spans under their parents in start order", () => {
    const roots = spanTree([span("c2", "root", 50, 60), span("gc", "c1", 11, 12), span("root", undefined, 0, 100), span("c1", "root", 10, 40)]);
    expect(roots.map((r) => r.span.id)).toEqual(["root"]);
    expect(roots[0].children.map((c) => c.span.id)).toEqual(["c1", "c2"]);
    expect(visibleSpans(roots).map((n) => [n.span.id, n.depth])).toEqual([
      ["root", 0],
      ["c1", 1],
      ["gc", 2],
      ["c2", 1],
    ]);
  });

  it("hides the descendants of a collapsed span", () => {
    const roots = spanTree([span("root", undefined, 0, 100), span("c1", "root", 10, 40), span("gc", "c1", 11, 12)]);
    expect(visibleSpans(roots, new Set(["c1"])).map((n) => n.span.id)).toEqual(["root", "c1"]);
  });

  it("shows a span whose parent is missing as a root, and survives a parent cycle", () => {
    const partial = spanTree([span("a", "gone", 5, 6), span("b", undefined, 0, 1)]);
    expect(partial.map((r) => r.span.id)).toEqual(["b", "a"]);
    const cycle = spanTree([span("x", "y", 0, 1), span("y", "x", 1, 2)]);
    expect(visibleSpans(cycle).map((n) => n.span.id).sort()).toEqual(["x", "y"]);
  });
});

describe("waterfall", () => {
  const spans = [span("root", undefined, 0, 200), span("c", "root", 50, 100), span("instant", "root", 200, 200)].map(spanView);
  const window = traceWindow(spans);

  it("spans the earliest start to the latest end", () => {
    expect(window.endMs - window.startMs).toBeCloseTo(200, 6);
  });

  it("places each bar at its offset with its share of the trace", () => {
    expect(waterfallBar(spans[0], window)).toEqual({ left: 0, width: 100 });
    const c = waterfallBar(spans[1], window);
    expect(c.left).toBeCloseTo(25, 6);
    expect(c.width).toBeCloseTo(25, 6);
  });

  it("keeps an instant span at the end visible and inside the chart", () => {
    const bar = waterfallBar(spans[2], window, 0.5);
    expect(bar.width).toBeGreaterThanOrEqual(0.5);
    expect(bar.left + bar.width).toBeLessThanOrEqual(100);
  });

  it("draws a single instant span across the whole chart", () => {
    const one = [spanView(span("x", undefined, 5, 5))];
    expect(waterfallBar(one[0], traceWindow(one))).toEqual({ left: 0, width: 100 });
  });
});

describe("previews and values", () => {
  it("folds whitespace and cuts long previews with an ellipsis", () => {
    expect(preview('{"q":\n  "what?"}')).toBe('{"q": "what?"}');
    expect(preview("a".repeat(10), 5)).toBe("aaaa…");
    expect(preview(undefined)).toBe("");
  });

  it("types a feedback value as MLflow stores it", () => {
    expect(parseFeedbackValue("true")).toBe(true);
    expect(parseFeedbackValue("0.5")).toBe(0.5);
    expect(parseFeedbackValue('{"a": 1}')).toEqual({ a: 1 });
    expect(parseFeedbackValue("{broken")).toBe("{broken");
    expect(parseFeedbackValue("good")).toBe("good");
  });

  it("labels feedback and expectations with their values", () => {
    expect(assessmentLabel({ assessment_id: "a", assessment_name: "good", feedback: { value: true } })).toBe("good: true");
    expect(assessmentLabel({ assessment_id: "b", assessment_name: "exp", expectation: { serialized_value: { value: '["x"]' } } })).toBe('exp: ["x"]');
  });

  it("orders by a known column, newest first (search_traces' own order) by default", () => {
    expect(traceOrderBy(null)).toEqual({ column: "timestamp_ms", desc: true, clauses: [] });
    expect(traceOrderBy("timestamp_ms:desc").clauses).toEqual([]);
    expect(traceOrderBy("timestamp_ms:asc").clauses).toEqual(["timestamp_ms ASC"]);
    expect(traceOrderBy("execution_time_ms:asc").clauses).toEqual(["execution_time_ms ASC"]);
    expect(traceOrderBy("drop table:asc")).toEqual({ column: "timestamp_ms", desc: true, clauses: [] });
  });

  it("shows base64 span ids in hex and leaves hex ids alone", () => {
    expect(idHex("APBnqgupArc=")).toBe("00f067aa0ba902b7");
    expect(idHex("00f067aa0ba902b7")).toBe("00f067aa0ba902b7");
    expect(idHex("not base64!")).toBe("not base64!");
  });

  it("names a trace after its root span", () => {
    expect(rootSpanName([span("child", "root", 1, 2), span("root", undefined, 0, 3)])).toBe("root");
    expect(rootSpanName([])).toBeUndefined();
  });
});
