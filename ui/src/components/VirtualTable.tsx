import { useEffect, useRef, useState, type ReactNode } from "react";

export type Column<T> = {
  key: string;
  title: ReactNode;
  width: number;
  render: (row: T) => ReactNode;
  onHeaderClick?: () => void;
  sort?: "asc" | "desc";
  /** Takes a share of the table's spare width (columns a person has sized keep their width). */
  grow?: boolean;
};

function loadWidths(key?: string): Record<string, number> {
  if (!key) return {};
  try {
    return JSON.parse(localStorage.getItem(key) ?? "{}") ?? {};
  } catch {
    return {};
  }
}

/**
 * A table that renders only the rows in view (plus a margin), so 10,000 rows scroll as smoothly
 * as 10. Rows have one fixed height; the header stays on top. Columns fill the table's width and
 * are resized by dragging a header's right edge; with a widthsKey the widths are remembered in
 * local storage under that key.
 */
export function VirtualTable<T>({
  rows,
  columns,
  rowKey,
  rowHeight = 30,
  height = 600,
  rowClass,
  widthsKey,
  onRowHover,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowHeight?: number;
  height?: number;
  rowClass?: (row: T) => string;
  widthsKey?: string;
  onRowHover?: (row: T | undefined) => void;
}) {
  const [top, setTop] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const [room, setRoom] = useState(0);
  const [sized, setSized] = useState<Record<string, number>>(() => loadWidths(widthsKey));
  useEffect(() => setSized(loadWidths(widthsKey)), [widthsKey]);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const watch = new ResizeObserver(() => setRoom(el.clientWidth));
    watch.observe(el);
    setRoom(el.clientWidth);
    return () => watch.disconnect();
  }, []);
  const margin = 10;
  const first = Math.max(0, Math.floor(top / rowHeight) - margin);
  const last = Math.min(rows.length, Math.ceil((top + height) / rowHeight) + margin);
  const base = columns.map((c) => sized[c.key] ?? c.width);
  const growing = columns.filter((c) => c.grow && sized[c.key] === undefined);
  const spare = Math.max(0, room - 2 - base.reduce((a, w) => a + w, 0));
  const widths = columns.map((c, i) => base[i] + (c.grow && sized[c.key] === undefined ? Math.floor(spare / growing.length) : 0));
  const width = widths.reduce((a, w) => a + w, 0);
  const template = widths.map((w) => `${w}px`).join(" ");
  const startResize = (e: React.PointerEvent, key: string, from: number) => {
    e.preventDefault();
    e.stopPropagation();
    const x0 = e.clientX;
    let latest = sized;
    const move = (m: PointerEvent) => {
      latest = { ...latest, [key]: Math.max(40, Math.round(from + m.clientX - x0)) };
      setSized(latest);
    };
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      if (widthsKey) localStorage.setItem(widthsKey, JSON.stringify(latest));
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };
  return (
    <div className="vtable" role="table" aria-rowcount={rows.length}>
      <div className="vtable-scroll" ref={box} style={{ height }} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
        <div className="vtable-head" role="row" style={{ gridTemplateColumns: template, width }}>
          {columns.map((c, i) => (
            <div
              key={c.key}
              role="columnheader"
              className={c.onHeaderClick ? "sortable" : undefined}
              onClick={c.onHeaderClick}
              title={typeof c.title === "string" ? c.title : undefined}
            >
              {c.title}
              {c.sort === "asc" ? " ▲" : c.sort === "desc" ? " ▼" : ""}
              <span
                className="resizer"
                aria-label={"resize column " + c.key}
                onClick={(e) => e.stopPropagation()}
                onPointerDown={(e) => startResize(e, c.key, widths[i])}
              />
            </div>
          ))}
        </div>
        <div style={{ height: rows.length * rowHeight, position: "relative", width }}>
          {rows.slice(first, last).map((row, i) => (
            <div
              key={rowKey(row)}
              role="row"
              className={"vtable-row " + (rowClass?.(row) ?? "")}
              onMouseEnter={onRowHover ? () => onRowHover(row) : undefined}
              onMouseLeave={onRowHover ? () => onRowHover(undefined) : undefined}
              style={{ top: (first + i) * rowHeight, height: rowHeight, gridTemplateColumns: template, width }}
            >
              {columns.map((c) => (
                <div key={c.key} role="cell">
                  {c.render(row)}
                </div>
              ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
