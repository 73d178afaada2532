import { Workbook, type Borders, type Cell, type Worksheet } from 'exceljs';
import type { PeriodicReport, ReportSection, ReportTable } from '../report.model';
import { formatDateVi, formatInstantVi } from './format';

/*
 * The report's figures as a workbook, for the level above to check and aggregate: a cover sheet
 * ('Thông tin': unit, periods, as-known-at, generated-at, and a linked list of the sheets), then
 * one sheet per table in the order the document shows them (sections I–IV, then the annexes).
 *
 * Every table sheet has the same shape, so a statistician can read any of them the same way:
 * row 1 the table's title, row 2 the column headers (frozen, with a filter), data from row 3,
 * an optional note two rows under the data. Figures are stored as numbers with a number format
 * (percentages as fractions with a % format), never as formatted text, so they sum and pivot.
 */

export const COVER_SHEET = 'Thông tin';
export const TITLE_ROW = 1;
export const HEADER_ROW = 2;
export const FIRST_DATA_ROW = 3;

const FONT = 'Times New Roman';
const HEADER_FILL = 'FFD9E1F2';
const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const LEVELS = { commune: 'Cấp xã', province: 'Cấp tỉnh', nation: 'Toàn quốc' } as const;

interface PlacedTable {
  table: ReportTable;
  /** Where the table sits in the document, e.g. 'Mục II.2' or 'Phụ lục 1'. */
  place: string;
  sheet: string;
}

export async function renderXlsx(report: PeriodicReport): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = `${report.unit.name} (${report.unit.code})`;
  wb.title = report.title;
  wb.subject = `${report.unit.name} — ${report.period.label}`;
  wb.description = `Số liệu tính đến ${report.asKnownAt}`;
  wb.created = new Date(report.generatedAt);
  wb.modified = new Date(report.generatedAt);

  const names = new SheetNames([COVER_SHEET]);
  const placed: PlacedTable[] = [
    ...sectionTables(report.sections).map(({ table, place }) => ({
      table,
      place,
      sheet: names.take(table.id),
    })),
    ...report.annexes.map((table, i) => ({ table, place: `Phụ lục ${i + 1}`, sheet: names.take(table.id) })),
  ];

  coverSheet(wb.addWorksheet(COVER_SHEET), report, placed);
  for (const p of placed) tableSheet(wb, p);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function sectionTables(sections: ReportSection[]): Array<{ table: ReportTable; place: string }> {
  return sections.flatMap((s) =>
    s.blocks.flatMap((b) => {
      if (b.kind === 'table') return [{ table: b.table, place: `Mục ${s.number}` }];
      if (b.kind === 'subsection') return sectionTables([b.section]);
      return [];
    }),
  );
}

/**
 * Excel's rules for sheet names: at most 31 characters, none of : \ / ? * [ ], not starting or
 * ending with an apostrophe, unique regardless of case. Clashes after cutting get '~2', '~3', ….
 */
export class SheetNames {
  private readonly used = new Set<string>();

  constructor(reserved: string[] = []) {
    for (const r of reserved) this.used.add(r.toLowerCase());
  }

  take(wanted: string): string {
    const base =
      wanted
        .replace(/[:\\/?*[\]]/g, '-')
        .replace(/^'+|'+$/g, '')
        .trim()
        .slice(0, 31) || 'Bảng';
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()) || name.toLowerCase() === 'history'; n++) {
      const suffix = `~${n}`;
      name = base.slice(0, 31 - suffix.length) + suffix;
    }
    this.used.add(name.toLowerCase());
    return name;
  }
}

function coverSheet(ws: Worksheet, report: PeriodicReport, placed: PlacedTable[]) {
  ws.columns = [{ width: 26 }, { width: 60 }, { width: 30 }];
  const title = ws.getCell('A1');
  title.value = report.title;
  title.font = { name: FONT, bold: true, size: 14 };
  ws.mergeCells('A1:C1');

  const { unit, period, comparisonPeriod } = report;
  const facts: Array<[string, string, string?]> = [
    ['Đơn vị báo cáo', unit.name, unit.code],
    ['Cấp', LEVELS[unit.level]],
    ['Đơn vị cấp trên', unit.parentName ?? ''],
    ['Kỳ báo cáo', `${period.label} (${formatDateVi(period.from)} – ${formatDateVi(period.to)})`],
    [
      'Kỳ so sánh',
      `${comparisonPeriod.label} (${formatDateVi(comparisonPeriod.from)} – ${formatDateVi(comparisonPeriod.to)})`,
    ],
    ['Số liệu tính đến', `${formatInstantVi(report.asKnownAt)} (giờ Việt Nam)`, report.asKnownAt],
    ['Thời điểm tạo', `${formatInstantVi(report.generatedAt)} (giờ Việt Nam)`, report.generatedAt],
  ];
  facts.forEach(([label, value, raw], i) => {
    const row = ws.getRow(3 + i);
    row.getCell(1).value = label;
    row.getCell(1).font = { name: FONT, bold: true };
    row.getCell(2).value = value;
    if (raw !== undefined) row.getCell(3).value = raw;
  });

  const listRow = 3 + facts.length + 1;
  const head = ws.getRow(listRow);
  ['Trang tính', 'Bảng', 'Vị trí trong báo cáo'].forEach((h, i) => styleHeader(head.getCell(i + 1), h));
  placed.forEach((p, i) => {
    const row = ws.getRow(listRow + 1 + i);
    row.getCell(1).value = { text: p.sheet, hyperlink: `#'${p.sheet.replace(/'/g, "''")}'!A1` };
    row.getCell(1).font = { name: FONT, color: { argb: 'FF0563C1' }, underline: true };
    row.getCell(2).value = p.table.title;
    row.getCell(3).value = p.place;
  });
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      cell.font = { name: FONT, size: 12, ...cell.font };
      cell.alignment = { vertical: 'top', wrapText: true, ...cell.alignment };
    }),
  );
  ws.pageSetup = { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

function tableSheet(wb: Workbook, { table, sheet }: PlacedTable) {
  const ws = wb.addWorksheet(sheet, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${FIRST_DATA_ROW}` }],
  });
  const widths = table.columns.map((c) => columnWidth(table, c.key, c.label, c.kind));
  ws.columns = table.columns.map((c, i) => ({ key: c.key, width: widths[i] }));

  const title = ws.getCell(TITLE_ROW, 1);
  title.value = table.title;
  title.font = { name: FONT, bold: true, size: 13 };
  title.alignment = { vertical: 'middle', wrapText: false };

  const header = ws.getRow(HEADER_ROW);
  table.columns.forEach((c, i) => styleHeader(header.getCell(i + 1), c.label));
  // Excel does not grow a row for wrapped text by itself; give the header the lines it needs.
  const lines = Math.max(
    ...table.columns.map((c, i) => Math.ceil(c.label.length / Math.max(1, widths[i] - 2))),
  );
  header.height = 16 * Math.max(1, lines) + 4;

  table.rows.forEach((r, k) => {
    const row = ws.getRow(FIRST_DATA_ROW + k);
    table.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const v = r[c.key];
      cell.value = v === null || v === undefined ? null : v;
      cell.border = BORDER;
      cell.font = { name: FONT, size: 12 };
      if (c.kind === 'text' || typeof v === 'string') {
        cell.alignment = { vertical: 'top', wrapText: true };
      } else {
        cell.numFmt = c.kind === 'percent' ? '0.0%' : numberFormat(table, c.key);
        cell.alignment = { vertical: 'top', horizontal: 'right' };
      }
    });
  });

  if (table.note) {
    const noteCell = ws.getCell(FIRST_DATA_ROW + table.rows.length + 1, 1);
    noteCell.value = `Ghi chú: ${table.note}`;
    noteCell.font = { name: FONT, italic: true, size: 11 };
  }
  if (table.columns.length > 0) {
    ws.autoFilter = {
      from: { row: HEADER_ROW, column: 1 },
      to: { row: HEADER_ROW, column: table.columns.length },
    };
  }
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: table.columns.length > 5 ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
  };
}

function styleHeader(cell: Cell, label: string) {
  cell.value = label;
  cell.font = { name: FONT, bold: true, size: 12 };
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  cell.border = BORDER;
}

/** Whole counts show as '#,##0'; a column with fractions keeps up to two decimals. */
function numberFormat(table: ReportTable, key: string): string {
  const fractional = table.rows.some((r) => typeof r[key] === 'number' && !Number.isInteger(r[key]));
  return fractional ? '#,##0.0#' : '#,##0';
}

/** Characters wide: the longest value (or header word), within bounds. */
function columnWidth(table: ReportTable, key: string, label: string, kind: string): number {
  const longestValue = Math.max(
    0,
    ...table.rows.map((r) => {
      const v = r[key];
      if (v === null || v === undefined) return 0;
      return typeof v === 'number' ? String(Math.round(v)).length + 3 : v.length;
    }),
  );
  const longestWord = Math.max(...label.split(/\s+/).map((w) => w.length));
  const wanted = Math.max(longestValue, longestWord, Math.min(label.length, 16)) + 2;
  return kind === 'text' ? Math.min(Math.max(wanted, 8), 60) : Math.min(Math.max(wanted, 12), 22);
}
