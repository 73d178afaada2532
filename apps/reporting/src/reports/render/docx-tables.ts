import {
  AlignmentType,
  BorderStyle,
  ImageRun,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { ReportChart, ReportTable } from '../report.model';
import { barChartPng } from './bar-chart-png';
import { formatCellVi } from './format';
import { columnWidths } from './table-layout';
import { pt, TEXT_WIDTH, TABLE_TEXT, type Counters, run, centred } from './docx-style';

/** The report's tables and charts as the document sets them: numbered captions, a grid, notes. */

export function caption(text: string): Paragraph {
  return centred(text, { bold: true, size: pt(13) }, { before: 120, after: 120 }, true);
}

export function tableWithCaption(t: ReportTable, ctx: Counters): Array<Paragraph | Table> {
  ctx.tables += 1;
  return [caption(`Bảng ${ctx.tables}. ${t.title}`), dataTable(t), ...tableNote(t.note)];
}

export function tableNote(note: string | undefined): Paragraph[] {
  if (!note) return [new Paragraph({ spacing: { after: 120 } })];
  return [
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      spacing: { before: 60, after: 120 },
      children: [run(`Ghi chú: ${note}`, { italics: true, size: pt(12) })],
    }),
  ];
}

// ── tables ──

export const HEADER_FILL = 'E7E6E6';
export const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };
export const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
export const GRID_BORDERS = {
  top: thin,
  bottom: thin,
  left: thin,
  right: thin,
  insideHorizontal: thin,
  insideVertical: thin,
};

export function dataTable(t: ReportTable): Table | Paragraph {
  if (t.columns.length === 0) return centred(NO_DATA, { italics: true, size: TABLE_TEXT });
  // Six columns and more in 16.5 cm: one point smaller, so labels keep to fewer lines.
  const size = t.columns.length >= 6 ? TABLE_TEXT - 2 : TABLE_TEXT;
  const printed = t.rows.map((r) => t.columns.map((c) => formatCellVi(r[c.key] ?? null, c.kind)));
  const widths = columnWidths(
    t.columns.map((c, i) => ({
      header: c.label,
      cells: printed.map((p) => p[i]),
      numeric: c.kind !== 'text',
    })),
    TEXT_WIDTH,
    size,
    CELL_MARGINS.left + CELL_MARGINS.right,
  );
  // Columns of short codes (STT, a, b) are centred; labels read from the left, figures from the right.
  const align = t.columns.map((c, i) =>
    c.kind !== 'text'
      ? AlignmentType.RIGHT
      : printed.length > 0 && printed.every((p) => p[i].length <= 3)
        ? AlignmentType.CENTER
        : AlignmentType.LEFT,
  );
  const header = new TableRow({
    tableHeader: true, // repeated at the top of each page
    cantSplit: true,
    children: t.columns.map((c, i) =>
      gridCell(widths[i], c.label, { bold: true, align: AlignmentType.CENTER, fill: HEADER_FILL, size }),
    ),
  });
  // A table with no rows still shows its header, and says so, rather than ending abruptly.
  const none = new TableRow({
    children: [
      gridCell(TEXT_WIDTH, NO_DATA, {
        align: AlignmentType.CENTER,
        span: t.columns.length,
        italics: true,
        size,
      }),
    ],
  });
  const rows = t.rows.map((r, k) => {
    const bold = isTotalRow(t, r);
    return new TableRow({
      cantSplit: true,
      children: t.columns.map((_, i) => gridCell(widths[i], printed[k][i], { bold, align: align[i], size })),
    });
  });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: GRID_BORDERS,
    rows: [header, ...(rows.length ? rows : [none])],
  });
}

export const NO_DATA = '(Không có số liệu)';

/** Rows whose label says 'Tổng …' (total) are set in bold, as in the ministry's forms. */
export function isTotalRow(t: ReportTable, r: Record<string, unknown>): boolean {
  return t.columns.some(
    (c) => c.kind === 'text' && typeof r[c.key] === 'string' && /^tổng\b/i.test(r[c.key] as string),
  );
}

export interface CellStyle {
  bold?: boolean;
  italics?: boolean;
  span?: number;
  size?: number;
  align?: (typeof AlignmentType)[keyof typeof AlignmentType];
  fill?: string;
  colour?: string;
}

export function gridCell(width: number, text: string, style: CellStyle = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: CELL_MARGINS,
    verticalAlign: VerticalAlignTable.CENTER,
    columnSpan: style.span,
    shading: style.fill ? { type: ShadingType.CLEAR, color: 'auto', fill: style.fill } : undefined,
    children: [
      new Paragraph({
        alignment: style.align ?? AlignmentType.LEFT,
        children: [
          run(text, {
            bold: style.bold,
            italics: style.italics,
            size: style.size ?? TABLE_TEXT,
            color: style.colour,
          }),
        ],
      }),
    ],
  });
}

// ── charts ──

export const CHART_DISPLAY_WIDTH = 600; // px at 96 dpi ≈ 15.9 cm, inside the 16.5 cm text width

export function chart(c: ReportChart, ctx: Counters): Array<Paragraph | Table> {
  ctx.charts += 1;
  const image = barChartPng(c);
  const displayHeight = Math.round((CHART_DISPLAY_WIDTH * image.height) / image.width);
  const picture = new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    children: [
      new ImageRun({
        type: 'png',
        data: image.png,
        transformation: { width: CHART_DISPLAY_WIDTH, height: displayHeight },
        altText: {
          name: `chart-${c.id}`,
          title: c.title,
          description: `Biểu đồ cột: ${c.title}. Số liệu chi tiết ở bảng dưới biểu đồ.`,
        },
      }),
    ],
  });
  return [
    caption(`Biểu đồ ${ctx.charts}. ${c.title}`),
    picture,
    chartLegend(c, image.colours),
    new Paragraph({ spacing: { after: 120 } }),
  ];
}

/**
 * The picture's words: the numbered categories (the numbers are drawn under each group of bars)
 * and one column per series, its header shaded in the series' bar colour, with the exact figures.
 */
export function chartLegend(c: ReportChart, colours: string[]): Table {
  const numberWidth = 700;
  const seriesWidth = Math.min(2200, Math.floor((TEXT_WIDTH * 0.55) / Math.max(1, c.series.length)));
  const nameWidth = TEXT_WIDTH - numberWidth - seriesWidth * c.series.length;
  const widths = [numberWidth, nameWidth, ...c.series.map(() => seriesWidth)];
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [
      gridCell(numberWidth, 'Số', { bold: true, align: AlignmentType.CENTER, fill: HEADER_FILL }),
      gridCell(nameWidth, 'Nội dung', { bold: true, align: AlignmentType.CENTER, fill: HEADER_FILL }),
      ...c.series.map((s, i) =>
        gridCell(seriesWidth, s.name, {
          bold: true,
          align: AlignmentType.CENTER,
          fill: colours[i],
          colour: 'FFFFFF',
        }),
      ),
    ],
  });
  const rows = c.categories.map(
    (category, k) =>
      new TableRow({
        cantSplit: true,
        children: [
          gridCell(numberWidth, String(k + 1), { align: AlignmentType.CENTER }),
          gridCell(nameWidth, category),
          ...c.series.map((s) =>
            gridCell(seriesWidth, formatCellVi(s.values[k] ?? null, 'number'), {
              align: AlignmentType.RIGHT,
            }),
          ),
        ],
      }),
  );
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: GRID_BORDERS,
    rows: [header, ...rows],
  });
}

// ── closing ──
