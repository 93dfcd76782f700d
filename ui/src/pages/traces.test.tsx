import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Span } from "../lib/traces";
import { SpanExplorer } from "./Trace";

const T0 = 1796315332000000000;
const at = (ms: number) => String(T0 + ms * 1e6);

const spans: Span[] = [
  { span_id: "Ag==", parent_span_id: "AQ==", name: "retrieve", start_time_unix_nano: at(10), end_time_unix_nano: at(50), status: { code: "STATUS_CODE_ERROR", message: "KeyError: gone" } },
  {
    span_id: "AQ==",
    name: "answer",
    start_time_unix_nano: at(0),
    end_time_unix_nano: at(100),
    attributes: [{ key: "mlflow.spanInputs", value: { string_value: '{"question": "why?"}' } }],
  },
];

describe("span explorer", () => {
  it("renders the tree with levels, the failed span marked, and the root's details first", () => {
    const html = renderToStaticMarkup(<SpanExplorer spans={spans} />);
    expect(html).toMatch(/aria-level="1"[^>]*data-span="answer"/);
    expect(html).toMatch(/aria-level="2"[^>]*data-span="retrieve"[^>]*class="span-row span-error"/);
    expect(html).toContain("&quot;question&quot;: &quot;why?&quot;");
    expect(html.indexOf('data-span="answer"')).toBeLessThan(html.indexOf('data-span="retrieve"'));
  });

  it("shows the chosen span's error", () => {
    const html = renderToStaticMarkup(<SpanExplorer spans={spans} selected="Ag==" />);
    expect(html).toContain('data-testid="span-error"');
    expect(html).toContain("KeyError: gone");
    expect(html).toContain("span <code>02</code>");
  });

  it("says so when a trace has no spans", () => {
    expect(renderToStaticMarkup(<SpanExplorer spans={[]} />)).toContain("This trace has no spans.");
  });
});
