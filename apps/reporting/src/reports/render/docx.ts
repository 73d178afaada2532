import {
  AlignmentType,
  Document,
  Header,
  LeaderType,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  TabStopType,
  Table,
  TableBorders,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { PeriodicReport, ReportBlock, ReportSection, ReportTable } from '../report.model';
import { formatInstantVi, signatureDateVi } from './format';
import { resolveIssuer, type ResolvedIssuer } from './issuer';
import { tableWithCaption, tableNote, dataTable, chart } from './docx-tables';
import {
  FONT,
  pt,
  PAGE,
  MARGIN,
  TEXT_WIDTH,
  FIRST_LINE,
  BODY,
  BODY_SPACING,
  HEAD_LEFT,
  HEAD_RIGHT,
  HEAD_CELL_MARGIN,
  type Counters,
  run,
  centred,
  rule,
  plainCell,
} from './docx-style';

/*
 * The report as the signed administrative document, laid out per Decree 30/2020/NĐ-CP
 * (Appendix I: presentation of administrative documents): A4 portrait; margins top and bottom
 * 20 mm, left 30 mm, right 15 mm; Times New Roman; the national heading (Quốc hiệu, Tiêu ngữ) and
 * the issuing body side by side at the top; the page number centred in the top margin from page 2.
 */

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
  return sideBySide(
    [HEAD_LEFT, HEAD_RIGHT],
    [
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
  );
}

/** Two columns of blocks side by side across the text width, in a table without borders. */
function sideBySide(columnWidths: [number, number], rows: TableRow[]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    margins: { left: HEAD_CELL_MARGIN, right: HEAD_CELL_MARGIN },
    rows,
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
  return sideBySide(
    [SIGN_LEFT, SIGN_RIGHT],
    [new TableRow({ cantSplit: true, children: [plainCell(SIGN_LEFT, left), plainCell(SIGN_RIGHT, right)] })],
  );
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
