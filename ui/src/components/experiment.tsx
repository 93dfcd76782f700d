import { useEffect, useState } from "react";
import { api, type Experiment } from "../api";

// Experiments by id, fetched once per page load (names and descriptions for titles and breadcrumbs).
const cache = new Map<string, Promise<Experiment | undefined>>();

function experiment(id: string): Promise<Experiment | undefined> {
  let p = cache.get(id);
  if (!p) {
    p = api.getExperiment(id).then(
      (r) => r.experiment,
      () => (cache.delete(id), undefined),
    );
    cache.set(id, p);
  }
  return p;
}

/** The experiments of these ids (undefined until loaded; an id that fails to load is left out). */
export function useExperiments(ids: string[]): Experiment[] | undefined {
  const key = ids.join(",");
  const [list, setList] = useState<Experiment[]>();
  useEffect(() => {
    let live = true;
    setList(undefined);
    Promise.all(ids.map(experiment)).then((es) => live && setList(es.filter((e): e is Experiment => !!e)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return list;
}

/** The browser tab's title: the page's subject, then Cairn. */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Cairn` : "Cairn";
  }, [title]);
}
