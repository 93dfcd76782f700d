import { useEffect, useState } from "react";

// Hash routes, as MLflow's UI has them (#/experiments/1/runs/<id>, #/models/<name>), so links
// keep working and every view state lives in the URL's query part and can be shared.

export type Route = { parts: string[]; query: URLSearchParams };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const [path, q = ""] = raw.split("?", 2);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { parts, query: new URLSearchParams(q) };
}

export function formatHash(parts: string[], query?: Record<string, string | undefined> | URLSearchParams): string {
  const path = "#/" + parts.map(encodeURIComponent).join("/");
  const q = new URLSearchParams();
  if (query instanceof URLSearchParams) query.forEach((v, k) => q.append(k, v));
  else if (query) for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? path + "?" + s : path;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return route;
}

export function navigate(hash: string): void {
  window.location.hash = hash;
}

/** Changes query values of the current view in place (no new history entry for each keystroke). */
export function updateQuery(updates: Record<string, string | undefined>): void {
  const { parts, query } = parseHash(window.location.hash);
  for (const [k, v] of Object.entries(updates)) {
    if (v === undefined || v === "") query.delete(k);
    else query.set(k, v);
  }
  const next = formatHash(parts, query);
  window.history.replaceState(null, "", next);
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}
