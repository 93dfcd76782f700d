import { useRef, useState, type ReactNode } from "react";

export type Column<T> = {
  key: string;
  title: ReactNode;
  width: number;
  render: (row: T) => ReactNode;
  onHeaderClick?: () => void;
  sort?: "asc" | "desc";
};

/**
 * A table that renders only the rows in view (plus a margin), so 10,000 rows scroll as smoothly
 * as 10. Rows have one fixed height; the header stays on top.
 */
export function VirtualTable<T>({
  rows,
  columns,
  rowKey,
  rowHeight = 30,
  height = 600,
  rowClass,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowHeight?: number;
  height?: number;
  rowClass?: (row: T) => string;
}) {
  const [top, setTop] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const margin = 10;
  const first = Math.max(0, Math.floor(top / rowHeight) - margin);
  const last = Math.min(rows.length, Math.ceil((top + height) / rowHeight) + margin);
  const width = columns.reduce((a, c) => a + c.width, 0);
  const template = columns.map((c) => `${c.width}px`).join(" ");
  return (
    <div className="vtable" role="table" aria-rowcount={rows.length}>
      <div className="vtable-scroll" ref={box} style={{ height }} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
        <div className="vtable-head" role="row" style={{ gridTemplateColumns: template, width }}>
          {columns.map((c) => (
            <div
              key={c.key}
              role="columnheader"
              className={c.onHeaderClick ? "sortable" : undefined}
              onClick={c.onHeaderClick}
              title={typeof c.title === "string" ? c.title : undefined}
            >
              {c.title}
              {c.sort === "asc" ? " ▲" : c.sort === "desc" ? " ▼" : ""}
            </div>
          ))}
        </div>
        <div style={{ height: rows.length * rowHeight, position: "relative", width }}>
          {rows.slice(first, last).map((row, i) => (
            <div
              key={rowKey(row)}
              role="row"
              className={"vtable-row " + (rowClass?.(row) ?? "")}
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
