import { useEffect, useState } from "react";
import { AccessProvider, SignedInUser, useAccess } from "./components/access";
import { ErrorBoundary } from "./components/common";
import { formatHash, useRoute, type Route } from "./lib/route";
import { AdminPage } from "./pages/Admin";
import { ComparePage } from "./pages/Compare";
import { ExperimentsPage } from "./pages/Experiments";
import { LoggedModelPage } from "./pages/LoggedModel";
import { ModelPage, ModelsPage, VersionPage } from "./pages/Models";
import { RunPage } from "./pages/Run";
import { RunsPage } from "./pages/Runs";
import { TracePage } from "./pages/Trace";
import { ExperimentTabs, TracesPage } from "./pages/Traces";

function page(route: Route) {
  const [a, b, c, d] = route.parts;
  if (!a || (a === "experiments" && !b)) return <ExperimentsPage route={route} />;
  if (a === "experiments" && c === "runs" && d) return <RunPage route={route} />;
  if (a === "experiments" && c === "models" && d) return <LoggedModelPage route={route} />;
  if (a === "experiments" && c === "traces" && d) return <TracePage route={route} />;
  if (a === "experiments" && b && c === "traces") return <><ExperimentTabs experimentId={b} on="traces" /><TracesPage route={route} /></>;
  if (a === "experiments" && b) {
    // MLflow's experiment URL: the runs table of that experiment.
    const q = new URLSearchParams(route.query);
    q.set("exp", b);
    return <><ExperimentTabs experimentId={b} on="runs" /><RunsPage route={{ parts: ["runs"], query: q }} /></>;
  }
  if (a === "runs") return <RunsPage route={route} />;
  if (a === "compare") return <ComparePage route={route} />;
  if (a === "compare-runs") return <ComparePage route={{ parts: ["compare"], query: new URLSearchParams({ runs: mlflowRunList(route.query.get("runs")) }) }} />;
  if (a === "models" && c === "versions" && d) return <VersionPage route={route} />;
  if (a === "models" && b) return <ModelPage route={route} />;
  if (a === "models") return <ModelsPage route={route} />;
  if (a === "admin") return <AdminPage route={route} />;
  return <div className="error">No page at {window.location.hash}. <a href="#/">Experiments</a></div>;
}

/** MLflow's compare URL carries its run ids as a JSON array: ?runs=["a","b"]. */
export function mlflowRunList(value: string | null): string {
  try {
    const ids = JSON.parse(value ?? "[]");
    return Array.isArray(ids) ? ids.map(String).join(",") : "";
  } catch {
    return value ?? "";
  }
}

function useTheme(): [string, () => void] {
  const [theme, setTheme] = useState(() => localStorage.getItem("cairn.theme") ?? (window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem("cairn.theme", theme);
  }, [theme]);
  return [theme, () => setTheme(theme === "dark" ? "light" : "dark")];
}

export function App() {
  return (
    <AccessProvider>
      <Shell />
    </AccessProvider>
  );
}

function Shell() {
  const route = useRoute();
  const [theme, toggle] = useTheme();
  const { access } = useAccess();
  const section = route.parts[0] === "models" || route.parts[0] === "admin" ? route.parts[0] : "experiments";
  return (
    <>
      <header>
        <a className="brand" href="#/">Cairn</a>
        <nav>
          <a href="#/" className={section === "experiments" ? "on" : ""}>Experiments</a>
          <a href={formatHash(["models"])} className={section === "models" ? "on" : ""}>Models</a>
          {access?.admin ? <a href={formatHash(["admin"])} className={section === "admin" ? "on" : ""}>Admin</a> : null}
        </nav>
        <SignedInUser />
        <button className="secondary theme" aria-label="toggle theme" onClick={toggle}>{theme === "dark" ? "☀ light" : "☾ dark"}</button>
      </header>
      <main>
        <ErrorBoundary resetKey={window.location.hash}>{page(route)}</ErrorBoundary>
      </main>
    </>
  );
}
