// Images logged with mlflow.log_image(key=..., step=...): MLflow writes each one as
// images/<key, "/" as "~">+step+<step>+timestamp+<ms>+<uuid>.png with a smaller
// <same name>+compressed.webp beside it (older clients used "%" instead of "+", and "#" for "/").

export type LoggedImage = { key: string; step: number; timestamp: number; path: string; compressed?: string };

const NAME = /^(.+?)[+%]step[+%](-?\d+)[+%]timestamp[+%](\d+)[+%]([^+%]+?)(?:[+%](compressed))?\.(png|webp|jpe?g|json)$/;

/** The logged images among the files of a run's images/ folder, by key, each sorted by step. */
export function loggedImages(paths: string[]): Map<string, LoggedImage[]> {
  const byName = new Map<string, LoggedImage>();
  for (const path of paths) {
    const file = path.slice(path.lastIndexOf("/") + 1);
    const m = NAME.exec(file);
    if (!m) continue;
    const [, rawKey, step, ts, id, compressed, ext] = m;
    if (ext === "json") continue;
    const name = `${rawKey}|${step}|${ts}|${id}`;
    const image = byName.get(name) ?? { key: rawKey.replace(/[~#]/g, "/"), step: Number(step), timestamp: Number(ts), path: "" };
    if (compressed) image.compressed = path;
    else image.path = path;
    byName.set(name, image);
  }
  const out = new Map<string, LoggedImage[]>();
  for (const image of byName.values()) {
    if (!image.path) image.path = image.compressed!;
    out.set(image.key, [...(out.get(image.key) ?? []), image]);
  }
  out.forEach((list) => list.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp));
  return new Map([...out.entries()].sort((a, b) => a[0].localeCompare(b[0])));
}
