import { useEffect, useState } from "react";
import { api, artifactTail, artifactUrl, artifactZipUrl, type FileInfo } from "../api";
import { Empty, ErrorBanner, KvTable, Loading, useLoad } from "../components/common";
import { parseCsv } from "../lib/csv";
import { formatBytes } from "../lib/format";
import { updateQuery } from "../lib/route";

const TAIL_BYTES = 256 * 1024;
const IMAGE = /\.(png|jpe?g|gif|bmp|webp)$/i;
const TEXT = /\.(txt|log|out|err|md|py|sh|yaml|yml|toml|cfg|ini|json|jsonl|csv|tsv|html|xml|requirements)$|(^|\/)(MLmodel|requirements\.txt|conda\.yaml|python_env\.yaml)$/i;

function base(path: string) {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** A folder tree on the left (folders open on click), the selected file's preview on the right. */
export function ArtifactBrowser({ runId, path }: { runId: string; path: string }) {
  const { data, error, loading } = useLoad(() => api.listArtifacts(runId, ""), [runId]);
  if (error) return <ErrorBanner error={error} />;
  if (loading && !data) return <Loading what="artifacts" />;
  const files = data?.files ?? [];
  return (
    <div className="artifacts">
      <div className="tree">
        <div className="muted root-uri">{data?.root_uri}</div>
        {files.length ? <Folder runId={runId} files={files} selected={path} depth={0} /> : <Empty>No artifacts recorded.</Empty>}
      </div>
      <div className="preview">{path ? <Preview runId={runId} path={path} /> : <Empty>Select a file to preview it.</Empty>}</div>
    </div>
  );
}

function Folder({ runId, files, selected, depth }: { runId: string; files: FileInfo[]; selected: string; depth: number }) {
  return (
    <ul className="folder">
      {files.map((f) => (f.is_dir ? <Dir key={f.path} runId={runId} file={f} selected={selected} depth={depth} /> : (
        <li key={f.path} className={f.path === selected ? "selected" : ""}>
          <button className="link" onClick={() => updateQuery({ path: f.path })}>{base(f.path)}</button>
          <span className="muted"> {formatBytes(f.file_size)}</span>
        </li>
      )))}
    </ul>
  );
}

function Dir({ runId, file, selected, depth }: { runId: string; file: FileInfo; selected: string; depth: number }) {
  const [open, setOpen] = useState(selected.startsWith(file.path + "/"));
  const [files, setFiles] = useState<FileInfo[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (open && !files) api.listArtifacts(runId, file.path).then((r) => setFiles(r.files ?? []), setError);
  }, [open, files, runId, file.path]);
  return (
    <li>
      <button className="link" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? "▾" : "▸"} {base(file.path)}/</button>{" "}
      <a className="muted" href={artifactZipUrl(runId, file.path)} download>zip</a>
      <ErrorBanner error={error} />
      {open && files ? <Folder runId={runId} files={files} selected={selected} depth={depth + 1} /> : null}
    </li>
  );
}

function Preview({ runId, path }: { runId: string; path: string }) {
  const url = artifactUrl(runId, path);
  const name = base(path);
  const textual = TEXT.test(path);
  const { data, error, loading } = useLoad(async () => (textual ? artifactTail(runId, path, TAIL_BYTES) : null), [runId, path]);
  return (
    <div>
      <div className="row">
        <b>{path}</b>
        <a className="button" href={url} download={name}>Download</a>
      </div>
      <ErrorBanner error={error} />
      {IMAGE.test(path) ? <img className="image-preview" alt={path} src={url} /> : null}
      {textual && loading && !data ? <Loading what="file" /> : null}
      {data ? <TextPreview name={name} text={data.text} truncated={data.truncated} /> : null}
      {!IMAGE.test(path) && !textual ? <Empty>No preview for this file type; download it instead.</Empty> : null}
    </div>
  );
}

function TextPreview({ name, text, truncated }: { name: string; text: string; truncated: boolean }) {
  const note = truncated ? <p className="muted">Showing the last {formatBytes(TAIL_BYTES)} of a larger file.</p> : null;
  if (/\.json$/i.test(name) && !truncated) {
    try {
      return <pre className="text json">{JSON.stringify(JSON.parse(text), null, 2)}</pre>;
    } catch {
      // not valid JSON: shown as text below
    }
  }
  if (/\.(csv|tsv)$/i.test(name) && !truncated) {
    const rows = /\.tsv$/i.test(name) ? text.split(/\r?\n/).slice(0, 1000).map((l) => l.split("\t")) : parseCsv(text, 1000);
    return (
      <table className="grid csv">
        <thead><tr>{rows[0]?.map((h, i) => <th key={i}>{h}</th>)}</tr></thead>
        <tbody>{rows.slice(1).map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody>
      </table>
    );
  }
  if (name === "MLmodel") return <MlModelSummary text={text} />;
  return (
    <>
      {note}
      <pre className="text">{text}</pre>
    </>
  );
}

/** The MLmodel file's main facts (flavors, signature, ids), then the file itself. */
export function MlModelSummary({ text }: { text: string }) {
  const top = (key: string) => new RegExp(`^${key}:\\s*(.*)$`, "m").exec(text)?.[1]?.replace(/^'|'$/g, "");
  const flavors: string[] = [];
  const block = /^flavors:\n((?:[ \t]+.*\n?)*)/m.exec(text);
  block?.[1].split("\n").forEach((l) => {
    const m = /^ {2}([\w.-]+):/.exec(l);
    if (m) flavors.push(m[1]);
  });
  const facts: [string, string | undefined][] = [
    ["Flavors", flavors.join(", ")],
    ["Run ID", top("run_id")],
    ["Model ID", top("model_id")],
    ["Model UUID", top("model_uuid")],
    ["Created", top("utc_time_created")],
    ["Signature", /^signature:/m.test(text) ? "yes" : "none"],
  ];
  return (
    <div className="mlmodel">
      <KvTable rows={facts.filter((f): f is [string, string] => !!f[1])} />
      <pre className="text">{text}</pre>
    </div>
  );
}
