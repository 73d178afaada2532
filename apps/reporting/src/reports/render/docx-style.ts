import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  Paragraph,
  TableCell,
  TextRun,
  WidthType,
  type IRunOptions,
  type ISpacingProperties,
} from 'docx';

/** The document's measures and type (Decree 30/2020/NĐ-CP, Appendix I) and its small building blocks. */

export const FONT = 'Times New Roman';
export const pt = (points: number) => points * 2; // docx run sizes are half-points
export const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4); // twips

export const PAGE = { width: 11906, height: 16838 }; // A4 in twips
export const MARGIN = {
  top: mm(20),
  bottom: mm(20),
  left: mm(30),
  right: mm(15),
  header: mm(10),
  footer: mm(10),
};
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
export const FIRST_LINE = mm(10); // paragraph indent, Decree 30: 1 to 1.27 cm
export const BODY = pt(14);
export const TABLE_TEXT = pt(12);
export const BODY_SPACING: ISpacingProperties = {
  before: 0,
  after: 120,
  line: 288,
  lineRule: LineRuleType.AUTO,
};

// The heading block: left column for the issuing body, right for the national heading.
export const HEAD_LEFT = 3800;
export const HEAD_RIGHT = TEXT_WIDTH - HEAD_LEFT;
export const HEAD_CELL_MARGIN = 57;

export interface Counters {
  tables: number;
  charts: number;
}

export function run(text: string, options: Omit<IRunOptions, 'text' | 'children'> = {}): TextRun {
  return new TextRun({ text, ...options });
}

export function centred(
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
export function rule(columnWidth: number, ruleWidth: number, after = 0): Paragraph {
  const side = Math.max(0, Math.round((columnWidth - 2 * HEAD_CELL_MARGIN - ruleWidth) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after, line: 100, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 0 } },
    children: [],
  });
}

export function plainCell(width: number, children: Paragraph[]): TableCell {
  return new TableCell({ width: { size: width, type: WidthType.DXA }, children });
}
