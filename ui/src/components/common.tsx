import { Component, useEffect, useState, type ReactNode } from "react";
import { ApiError, type KeyValue } from "../api";
import { renderMarkdown } from "../lib/markdown";

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error as ApiError;
  return (
    <div className="error" role="alert">
      {e.code ? <b>{e.code}: </b> : null}
      {e.message ?? String(error)}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <div className="loading">Loading {what}…</div>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** Loads data with an async function; reload() runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; error?: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** Calls fn every {@code ms} while {@code active}; the page's live refresh. */
export function useInterval(fn: () => void, ms: number, active: boolean) {
  useEffect(() => {
    if (!active) return;
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  }, [fn, ms, active]);
}

/** Tags as a table with add, edit and delete (unless read-only); system tags (mlflow.*) behind a toggle. */
export function TagEditor({
  tags,
  onSet,
  onDelete,
  readOnly = false,
}: {
  tags: KeyValue[];
  onSet: (key: string, value: string) => Promise<unknown>;
  onDelete: (key: string) => Promise<unknown>;
  readOnly?: boolean;
}) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [system, setSystem] = useState(false);
  const [error, setError] = useState<unknown>();
  const shown = tags.filter((t) => system || !t.key.startsWith("mlflow.")).sort((a, b) => a.key.localeCompare(b.key));
  const act = (p: Promise<unknown>) => p.then(() => setError(undefined), setError);
  return (
    <div className="tags">
      <ErrorBanner error={error} />
      <table className="kv">
        <tbody>
          {shown.map((t) => (
            <tr key={t.key}>
              <th>{t.key}</th>
              <td>{t.value}</td>
              {readOnly ? null : (
                <td className="actions">
                  <button className="link" onClick={() => { setKey(t.key); setValue(t.value); }}>edit</button>
                  <button className="link" onClick={() => act(onDelete(t.key))}>delete</button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (key && !readOnly) act(onSet(key, value).then(() => { setKey(""); setValue(""); }));
        }}
      >
        {readOnly ? null : (
          <>
            <input aria-label="tag key" placeholder="key" value={key} onChange={(e) => setKey(e.target.value)} />
            <input aria-label="tag value" placeholder="value" value={value} onChange={(e) => setValue(e.target.value)} />
            <button type="submit">Set tag</button>
          </>
        )}
        <label className="check">
          <input type="checkbox" checked={system} onChange={(e) => setSystem(e.target.checked)} /> system tags
        </label>
      </form>
    </div>
  );
}

/** Facts or key/value pairs as a two-column table; with {@code empty}, that text when there are none. */
export function KvTable({ rows, className, empty }: { rows: [string, ReactNode][]; className?: string; empty?: string }) {
  if (!rows.length && empty) return <Empty>{empty}</Empty>;
  return (
    <table className={"kv" + (className ? " " + className : "")}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const pairs = (kv: KeyValue[] | undefined): [string, ReactNode][] => (kv ?? []).map((p) => [p.key, p.value]);

/** Markdown shown rendered, edited as text (unless read-only). */
export function MarkdownEditor({ text, onSave, readOnly = false }: { text: string; onSave: (text: string) => Promise<unknown>; readOnly?: boolean }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<unknown>();
  if (editing && !readOnly)
    return (
      <div className="markdown-edit">
        <ErrorBanner error={error} />
        <textarea aria-label="description" value={draft} rows={8} onChange={(e) => setDraft(e.target.value)} />
        <div className="row">
          <button onClick={() => onSave(draft).then(() => setEditing(false), setError)}>Save</button>
          <button className="secondary" onClick={() => setEditing(false)}>Cancel</button>
        </div>
      </div>
    );
  return (
    <div className="markdown">
      {text ? <div dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} /> : <span className="muted">No description.</span>}
      {readOnly ? null : <button className="link" onClick={() => { setDraft(text); setEditing(true); }}>Edit description</button>}
    </div>
  );
}

/** Catches a render error of a page and shows it instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error?: Error; key?: string }> {
  state: { error?: Error; key?: string } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  static getDerivedStateFromProps(props: { resetKey: string }, state: { error?: Error; key?: string }) {
    return props.resetKey !== state.key ? { error: undefined, key: props.resetKey } : null;
  }
  render() {
    if (this.state.error)
      return (
        <div className="error" role="alert">
          <b>This page failed: </b>
          {this.state.error.message}
        </div>
      );
    return this.props.children;
  }
}
