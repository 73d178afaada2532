import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  ImageRun,
  LeaderType,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  TabStopType,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
  type ISpacingProperties,
} from 'docx';
import type { PeriodicReport, ReportBlock, ReportChart, ReportSection, ReportTable } from '../report.model';
import { barChartPng } from './bar-chart-png';
import { formatCellVi, formatInstantVi, signatureDateVi } from './format';
import { resolveIssuer, type ResolvedIssuer } from './issuer';
import { columnWidths } from './table-layout';

/*
 * The report as the signed administrative document, laid out per Decree 30/2020/NĐ-CP
 * (Appendix I: presentation of administrative documents): A4 portrait; margins top and bottom
 * 20 mm, left 30 mm, right 15 mm; Times New Roman; the national heading (Quốc hiệu, Tiêu ngữ) and
 * the issuing body side by side at the top; the page number centred in the top margin from page 2.
 */

const FONT = 'Times New Roman';
const pt = (points: number) => points * 2; // docx run sizes are half-points
const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4); // twips

const PAGE = { width: 11906, height: 16838 }; // A4 in twips
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(10), footer: mm(10) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const FIRST_LINE = mm(10); // paragraph indent, Decree 30: 1 to 1.27 cm
const BODY = pt(14);
const TABLE_TEXT = pt(12);
const BODY_SPACING: ISpacingProperties = { before: 0, after: 120, line: 288, lineRule: LineRuleType.AUTO };

// The heading block: left column for the issuing body, right for the national heading.
const HEAD_LEFT = 3800;
const HEAD_RIGHT = TEXT_WIDTH - HEAD_LEFT;
const HEAD_CELL_MARGIN = 57;

export async function renderDocx(report: PeriodicReport): Promise<Buffer> {
  const issuer = resolveIssuer(report);
  const ctx = { tables: 0, charts: 0 };
  const body = [
    headingBlock(issuer),
    ...titleBlock(report),
    ...report.sections.flatMap((s) => section(s, 0, ctx)),
    asKnownAtNote(report),
    signatureBlock(issuer),
    ...report.annexes.flatMap((t, i) => annex(t, i, report, issuer)),
  ];
  const doc = new Document({
    creator: issuer.name,
    title: report.title,
    subject: `${report.unit.name} — ${report.period.label}`,
    description: `Số liệu tính đến ${formatInstantVi(report.asKnownAt)} (giờ Việt Nam); mã đơn vị ${report.unit.code}`,
    lastModifiedBy: issuer.name,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: BODY, language: { value: 'vi-VN' } },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: { size: PAGE, margin: MARGIN },
          // Decree 30: no page number on the first page.
          titlePage: true,
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: pt(13) })],
              }),
            ],
          }),
          first: new Header({ children: [new Paragraph({})] }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

// ── heading ──

function headingBlock(issuer: ResolvedIssuer): Table {
  const left = [
    ...issuer.headingLines.map((line) => centred(line, { bold: true, size: pt(13) })),
    rule(HEAD_LEFT, 1300),
  ];
  const right = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: pt(12) }),
    centred('Độc lập - Tự do - Hạnh phúc', { bold: true, size: pt(13) }),
    // As long as the motto line (Decree 30/2020, Appendix I): its width in Times New Roman 13 pt bold.
    rule(HEAD_RIGHT, 3420),
  ];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [HEAD_LEFT, HEAD_RIGHT],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    margins: { left: HEAD_CELL_MARGIN, right: HEAD_CELL_MARGIN },
    rows: [
      new TableRow({ children: [plainCell(HEAD_LEFT, left), plainCell(HEAD_RIGHT, right)] }),
      new TableRow({
        children: [
          plainCell(HEAD_LEFT, [
            centred(`Số: ${issuer.documentNumber}`, { size: pt(13) }, { before: 100, after: 0 }),
          ]),
          plainCell(HEAD_RIGHT, [
            centred(
              signatureDateVi(issuer.place, issuer.signedOn, issuer.year),
              { italics: true, size: pt(14) },
              { before: 100, after: 0 },
            ),
          ]),
        ],
      }),
    ],
  });
}

function titleBlock(report: PeriodicReport): Paragraph[] {
  // 'Báo cáo kết quả …' → 'BÁO CÁO' on its own line, then 'Kết quả …' (Decree 30: type of document, then its summary).
  const summary = report.title.replace(/^\s*báo cáo\s+/i, '');
  const summaryLine = summary.charAt(0).toUpperCase() + summary.slice(1);
  return [
    centred('BÁO CÁO', { bold: true, size: pt(14) }, { before: 480, after: 0 }),
    centred(summaryLine, { bold: true, size: pt(14) }),
    rule(TEXT_WIDTH, 1800, 360),
  ];
}

// ── sections and blocks ──

interface Counters {
  tables: number;
  charts: number;
}

function section(s: ReportSection, depth: number, ctx: Counters): Array<Paragraph | Table> {
  const label = sectionLabel(s.number, depth);
  const title = depth === 0 ? s.title.toUpperCase() : s.title;
  const heading = new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE },
    spacing: { before: depth === 0 ? 240 : 120, after: 120, line: 288 },
    keepNext: true,
    keepLines: true,
    outlineLevel: depth,
    children: [run(`${label} ${title}`, { bold: true, italics: depth >= 2 })],
  });
  return [heading, ...s.blocks.flatMap((b) => block(b, depth, ctx))];
}

/** 'II' → 'II.', 'II.2' → '2.', 'II.2.a' → 'a)' — Vietnamese documents number each level on its own. */
export function sectionLabel(number: string, depth: number): string {
  const last = number.split('.').filter(Boolean).pop() ?? number;
  if (depth >= 2 && /^[a-zđ]$/i.test(last)) return `${last})`;
  return `${last}.`;
}

function block(b: ReportBlock, depth: number, ctx: Counters): Array<Paragraph | Table> {
  switch (b.kind) {
    case 'paragraph':
      return b.text.split(/\r?\n/).map((text) => bodyParagraph([run(text)]));
    case 'narrative':
      return narrative(b.prompt);
    case 'table':
      return tableWithCaption(b.table, ctx);
    case 'chart':
      return chart(b.chart, ctx);
    case 'subsection':
      return section(b.section, depth + 1, ctx);
  }
}

function bodyParagraph(children: TextRun[]): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE },
    spacing: BODY_SPACING,
    children,
  });
}

/**
 * Room for the officer's own text: the prompt in italics, running into a dotted line, and two
 * more dotted lines, drawn as right tab stops with a dot leader so they always end at the margin.
 */
function narrative(prompt: string): Paragraph[] {
  const dotted = (children: Array<TextRun>) =>
    new Paragraph({
      alignment: AlignmentType.LEFT,
      indent: { firstLine: FIRST_LINE },
      spacing: BODY_SPACING,
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
      children,
    });
  const leader = () => new TextRun({ children: [new Tab()], italics: true });
  return [
    dotted([run(prompt, { italics: true }), leader()]),
    new Paragraph({
      spacing: BODY_SPACING,
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
      children: [leader()],
    }),
    new Paragraph({
      spacing: BODY_SPACING,
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
      children: [leader()],
    }),
  ];
}

function caption(text: string): Paragraph {
  return centred(text, { bold: true, size: pt(13) }, { before: 120, after: 120 }, true);
}

function tableWithCaption(t: ReportTable, ctx: Counters): Array<Paragraph | Table> {
  ctx.tables += 1;
  return [caption(`Bảng ${ctx.tables}. ${t.title}`), dataTable(t), ...tableNote(t.note)];
}

function tableNote(note: string | undefined): Paragraph[] {
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

const HEADER_FILL = 'E7E6E6';
const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };
const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const GRID_BORDERS = {
  top: thin,
  bottom: thin,
  left: thin,
  right: thin,
  insideHorizontal: thin,
  insideVertical: thin,
};

function dataTable(t: ReportTable): Table | Paragraph {
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

const NO_DATA = '(Không có số liệu)';

/** Rows whose label says 'Tổng …' (total) are set in bold, as in the ministry's forms. */
function isTotalRow(t: ReportTable, r: Record<string, unknown>): boolean {
  return t.columns.some(
    (c) => c.kind === 'text' && typeof r[c.key] === 'string' && /^tổng\b/i.test(r[c.key] as string),
  );
}

interface CellStyle {
  bold?: boolean;
  italics?: boolean;
  span?: number;
  size?: number;
  align?: (typeof AlignmentType)[keyof typeof AlignmentType];
  fill?: string;
  colour?: string;
}

function gridCell(width: number, text: string, style: CellStyle = {}): TableCell {
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

const CHART_DISPLAY_WIDTH = 600; // px at 96 dpi ≈ 15.9 cm, inside the 16.5 cm text width

function chart(c: ReportChart, ctx: Counters): Array<Paragraph | Table> {
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
function chartLegend(c: ReportChart, colours: string[]): Table {
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

function asKnownAtNote(report: PeriodicReport): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE },
    spacing: { before: 240, after: 120 },
    keepNext: true, // with the signature block: a signature never opens a page on its own
    children: [
      run(
        `Số liệu trong báo cáo được tổng hợp từ hệ thống quản lý trường hợp bảo vệ trẻ em, theo dữ liệu ` +
          `đã ghi nhận đến ${formatInstantVi(report.asKnownAt)} (giờ Việt Nam); thông tin ghi nhận sau ` +
          `thời điểm này không có trong số liệu của báo cáo. Báo cáo được tạo lúc ` +
          `${formatInstantVi(report.generatedAt)}.`,
        { italics: true, size: pt(12) },
      ),
    ],
  });
}

const SIGN_LEFT = 4300;
const SIGN_RIGHT = TEXT_WIDTH - SIGN_LEFT;

function signatureBlock(issuer: ResolvedIssuer): Table {
  const recipients = issuer.recipients.map((r, i, all) => {
    const end = i === all.length - 1 ? '.' : ';';
    return new Paragraph({ children: [run(`- ${r.replace(/[.;]\s*$/, '')}${end}`, { size: pt(11) })] });
  });
  const left = [
    new Paragraph({
      spacing: { before: 120 },
      children: [run('Nơi nhận:', { bold: true, italics: true, size: pt(12) })],
    }),
    ...recipients,
  ];
  const right = [
    ...issuer.signatureTitle.map((line, i) =>
      centred(line, { bold: true, size: pt(14) }, { before: i === 0 ? 120 : 0, after: 0 }),
    ),
    // Room for the signature and the seal.
    centred(issuer.signerName ?? '', { bold: true, size: pt(14) }, { before: 1700, after: 0 }),
  ];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [SIGN_LEFT, SIGN_RIGHT],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    margins: { left: HEAD_CELL_MARGIN, right: HEAD_CELL_MARGIN },
    rows: [
      new TableRow({ cantSplit: true, children: [plainCell(SIGN_LEFT, left), plainCell(SIGN_RIGHT, right)] }),
    ],
  });
}

function annex(
  t: ReportTable,
  index: number,
  report: PeriodicReport,
  issuer: ResolvedIssuer,
): Array<Paragraph | Table> {
  const signed = signatureDateVi('', issuer.signedOn, issuer.year).replace(/^,\s*/, '');
  const { label, title } = annexHeading(t.title, index);
  return [
    new Paragraph({
      pageBreakBefore: true,
      alignment: AlignmentType.CENTER,
      children: [run(label, { bold: true })],
    }),
    centred(title.toUpperCase(), { bold: true, size: pt(13) }, { before: 60, after: 0 }, true),
    centred(
      `(Kèm theo Báo cáo số ${issuer.documentNumber} ${signed} của ${issuer.name})`,
      { italics: true, size: pt(13) },
      { before: 60, after: 0 },
      true,
    ),
    centred(
      `Kỳ báo cáo: ${report.period.label}`,
      { italics: true, size: pt(13) },
      { before: 0, after: 240 },
      true,
    ),
    dataTable(t),
    ...tableNote(t.note),
  ];
}

/**
 * 'Phụ lục 2' on its own line, then the annex's title. A title that already opens with its own
 * 'Phụ lục …' keeps that number rather than printing it twice.
 */
export function annexHeading(title: string, index: number): { label: string; title: string } {
  const own = /^\s*(phụ lục\s+[^\s.:]+)\s*[.:–-]\s*(.+)$/iu.exec(title);
  if (own) return { label: own[1].charAt(0).toUpperCase() + own[1].slice(1), title: own[2] };
  return { label: `Phụ lục ${index + 1}`, title };
}

// ── small helpers ──

function run(text: string, options: Omit<IRunOptions, 'text' | 'children'> = {}): TextRun {
  return new TextRun({ text, ...options });
}

function centred(
  text: string,
  options: Omit<IRunOptions, 'text' | 'children'> = {},
  spacing: ISpacingProperties = { before: 0, after: 0 },
  keepNext = false,
): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing,
    keepNext,
    children: [run(text, options)],
  });
}

/**
 * A short solid rule centred in a column (Decree 30 draws one under the issuing body, under the
 * motto and under the summary of the title): an empty paragraph a few points high with a bottom
 * border, its indents leaving `ruleWidth` of the column. A bottom border keeps the line below the
 * text above it in Word and LibreOffice alike (a top border on so short a line is drawn into it).
 */
function rule(columnWidth: number, ruleWidth: number, after = 0): Paragraph {
  const side = Math.max(0, Math.round((columnWidth - 2 * HEAD_CELL_MARGIN - ruleWidth) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after, line: 100, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 0 } },
    children: [],
  });
}

function plainCell(width: number, children: Paragraph[]): TableCell {
  return new TableCell({ width: { size: width, type: WidthType.DXA }, children });
}
