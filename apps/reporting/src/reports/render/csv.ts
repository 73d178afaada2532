import type { PeriodicReport, ReportSection, ReportTable } from '../report.model';

/*
 * The report's tables as one CSV file in LONG format: one line per figure, every line with the
 * same columns. Chosen over one block per table (each with its own header) because that file has
 * several headers and cannot be loaded as one table; the long file loads straight into Excel's
 * PivotTable, R or pandas, and the files of all communes of a province can simply be concatenated
 * (each line says its unit and period) and pivoted by unit, table, row and column.
 *
 * Columns:
 *   unit_code, unit_name, period_from, period_to, as_known_at — the same on every line
 *   table_id, table_title — the table (ids as in the document and the workbook's sheet names)
 *   row          — 1-based row number within the table
 *   row_label    — the row's stub: its leading text columns joined with ' - ' (e.g. '0101 - Số trẻ
 *                  em bị xâm hại', 'Bạo lực'); empty parts are left out
 *   column, column_label — the column's key and its printed header
 *   kind         — number | percent | text
 *   value        — a number in plain notation ('.' decimal point, no thousands separator;
 *                  a percent as a fraction, 0.25 = 25 %), the text of a text cell, or empty
 *                  when the figure is missing (null)
 * The stub columns themselves are not repeated as lines; text columns after the first figure
 * (e.g. 'Căn cứ', the legal basis) are lines of kind text.
 *
 * Encoding: RFC 4180 (comma separator, CRLF line ends, fields quoted when they hold a comma, a
 * quote or a line break, quotes doubled), UTF-8 with a byte-order mark so that Excel opens the
 * Vietnamese text correctly. Text is the fixed wording of the report and indicator catalogue,
 * not user input, so no spreadsheet-formula escaping is applied (it would alter the data).
 */

export const CSV_COLUMNS = [
  'unit_code',
  'unit_name',
  'period_from',
  'period_to',
  'as_known_at',
  'table_id',
  'table_title',
  'row',
  'row_label',
  'column',
  'column_label',
  'kind',
  'value',
] as const;

const BOM = '\uFEFF';
const CRLF = '\r\n';

export function renderCsv(report: PeriodicReport): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  const fixed = [report.unit.code, report.unit.name, report.period.from, report.period.to, report.asKnownAt];
  for (const table of [...sectionTables(report.sections), ...report.annexes]) {
    const stubCount = stubColumns(table);
    const stub = table.columns.slice(0, stubCount);
    const measures = table.columns.slice(stubCount);
    table.rows.forEach((r, k) => {
      const rowLabel = stub
        .map((c) => r[c.key])
        .filter((v) => v !== null && v !== undefined && String(v).trim() !== '')
        .map(String)
        .join(' - ');
      for (const c of measures) {
        const v = r[c.key];
        const value = v === null || v === undefined ? '' : typeof v === 'number' ? plainNumber(v) : inert(v);
        const texts = [...fixed, table.id, table.title, String(k + 1), rowLabel, c.key, c.label, c.kind];
        lines.push([...texts.map(inert), value].map(field).join(','));
      }
    });
  }
  return BOM + lines.join(CRLF) + CRLF;
}

/** The leading text columns; at least one column is left as a figure, so no table loses its data. */
function stubColumns(table: ReportTable): number {
  let n = 0;
  while (n < table.columns.length && table.columns[n].kind === 'text') n++;
  return Math.min(n, Math.max(0, table.columns.length - 1));
}

function sectionTables(sections: ReportSection[]): ReportTable[] {
  return sections.flatMap((s) =>
    s.blocks.flatMap((b) =>
      b.kind === 'table' ? [b.table] : b.kind === 'subsection' ? sectionTables([b.section]) : [],
    ),
  );
}

/** Shortest round-tripping decimal, never exponent notation (1e-7 → '0.0000001'); non-finite → empty. */
function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/**
 * A text a spreadsheet will not run: one that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage
 * return) gets a leading apostrophe, which spreadsheets show as text (OWASP, "CSV injection"). Numbers are
 * written by `plainNumber` and never pass through here, so a negative figure stays a number.
 */
export function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 §2.6–2.7: quote fields holding a comma, a quote or a line break; double the quotes. */
export function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
