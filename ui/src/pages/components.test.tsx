import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api";
import { ErrorBanner } from "../components/common";
import { VirtualTable } from "../components/VirtualTable";
import { MlModelSummary } from "./Artifacts";
import { differs } from "./Compare";

describe("components", () => {
  it("shows an API error with its MLflow code", () => {
    const html = renderToStaticMarkup(<ErrorBanner error={new ApiError(400, "INVALID_PARAMETER_VALUE", "bad filter")} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain("INVALID_PARAMETER_VALUE");
    expect(html).toContain("bad filter");
  });

  it("renders only the rows in view of a long table", () => {
    const rows = Array.from({ length: 10000 }, (_, i) => ({ id: String(i) }));
    const html = renderToStaticMarkup(
      <VirtualTable rows={rows} rowKey={(r) => r.id} height={300} rowHeight={30} columns={[{ key: "id", title: "ID", width: 100, render: (r) => `row-${r.id}` }]} />,
    );
    expect(html).toContain("row-0");
    expect(html).toContain("row-19");
    expect(html).not.toContain("row-21");
    expect(html).toContain('aria-rowcount="10000"');
    expect(html).toContain("height:300000px");
  });

  it("summarises an MLmodel file", () => {
    const text = "artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.pyfunc.model\n  sklearn:\n    pickled_model: model.pkl\nmodel_uuid: abc123\nrun_id: r1\nsignature:\n  inputs: '[]'\n";
    const html = renderToStaticMarkup(<MlModelSummary text={text} />);
    expect(html).toContain("python_function, sklearn");
    expect(html).toContain("abc123");
    expect(html).toMatch(/Signature<\/th><td>yes/);
  });

  it("tells values that differ between runs, a missing one included", () => {
    expect(differs(["1", "1"])).toBe(false);
    expect(differs(["1", undefined])).toBe(true);
    expect(differs([0.1, "0.1"])).toBe(false);
  });
});
