export type Cell = string | number;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** A number for people: integers grouped, others to at most `digits` decimals. */
export function formatCell(value: Cell, digits = 2): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A GitHub-flavoured markdown table; numbers right-aligned. */
export function markdownTable(table: Table): string {
  const cells = table.rows.map((row) => row.map((cell) => formatCell(cell).replaceAll('|', '\\|')));
  const widths = table.columns.map((column, index) =>
    Math.max(column.length, 3, ...cells.map((row) => (row[index] ?? '').length)),
  );
  const numeric = table.columns.map(
    (_, index) => table.rows.length > 0 && table.rows.every((row) => typeof row[index] === 'number'),
  );
  const line = (values: string[]): string =>
    `| ${values.map((value, index) => (numeric[index] ? value.padStart(widths[index] ?? 0) : value.padEnd(widths[index] ?? 0))).join(' | ')} |`;
  const rule = `| ${widths.map((width, index) => (numeric[index] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(table.columns), rule, ...cells.map(line)].join('\n');
}
