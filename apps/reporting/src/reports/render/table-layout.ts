/*
 * Column widths for the DOCX tables. Word and LibreOffice are given a fixed layout (so both draw
 * the same table), which means the widths must be worked out here: a column never narrower than
 * its longest word (Word would otherwise break 'HL-CONTACTS' into 'HL-CONTACT' / 'S'), then the
 * remaining width shared out so that the columns needing little (numbers, codes) are satisfied
 * first and the long labels take the rest.
 */

// Approximate advance widths of Times New Roman, in thousandths of an em; accurate to a few per
// cent over a word, which is all a column width needs. Capitals 610–890 (taken as 700), lower case ~470; it errs wide.
const NARROW = new Set([...'iljtfrI.,:;!|()[]\'" ']);
const WIDE = new Set([...'mwMW%@']);

export function textWidthEm(text: string, bold = false): number {
  let w = 0;
  for (const ch of text.normalize('NFC')) {
    const base = ch.normalize('NFD')[0] ?? ch; // 'Ế' is as wide as 'E'
    if (ch === ' ') w += 250;
    else if (NARROW.has(base)) w += 300;
    else if (WIDE.has(base)) w += 900;
    else if (/\d/.test(base)) w += 500;
    else if (base === '-') w += 333;
    else if (base !== base.toLowerCase()) w += 700;
    else if (/[\p{L}]/u.test(base)) w += 470;
    else w += 400;
  }
  return (w / 1000) * (bold ? 1.06 : 1);
}

/** Words a line may break after: at spaces, and after a hyphen or a slash as Word does. */
function longestWordEm(text: string, bold: boolean): number {
  const words = text.split(/\s+|(?<=[-/])/).filter(Boolean);
  return Math.max(0, ...words.map((w) => textWidthEm(w, bold)));
}

export interface ColumnContent {
  header: string;
  cells: string[];
  /** Figures may put their header on two lines; text columns would rather not wrap. */
  numeric: boolean;
}

/**
 * Widths in twips for columns of text at `fontHalfPoints`, summing to `total`; `padding` is the
 * cell's left and right margins together.
 */
export function columnWidths(
  columns: ColumnContent[],
  total: number,
  fontHalfPoints: number,
  padding: number,
) {
  if (columns.length === 0) return [];
  const twipsPerEm = fontHalfPoints * 10; // 1 pt = 20 twips, a size of n half-points is n/2 pt
  const slack = padding + 80; // a little over the margins, for rounding in the layout engines
  const min = columns.map(
    (c) =>
      slack +
      twipsPerEm * Math.max(longestWordEm(c.header, true), ...c.cells.map((s) => longestWordEm(s, false))),
  );
  // Columns of single tokens ('CP-PLANS-APPROVED', '0101') are codes: they may wrap at their
  // hyphens so the labels beside them, which people read, get the room first.
  const code = columns.map((c) => !c.numeric && c.cells.every((s) => !/\s/.test(s.trim())));
  // What each column would like, asked in turn: first figures with their header on two lines,
  // labels on one line and codes wrapped; then figures' headers and codes on one line too.
  const wantAt = (relaxed: boolean) =>
    columns.map((c, i) => {
      if (code[i] && !relaxed) return min[i];
      const header = textWidthEm(c.header, true) / (c.numeric && !relaxed ? 2 : 1);
      const content = Math.max(header, ...c.cells.map((s) => textWidthEm(s, false)));
      return Math.min(total, Math.max(min[i], slack + twipsPerEm * content));
    });
  const sumMin = min.reduce((a, b) => a + b, 0);
  if (sumMin >= total) return fit(min, total); // too many columns: every one shrinks alike

  const widths = [...min];
  let remaining = total - sumMin;
  for (const want of [wantAt(false), wantAt(true)]) remaining = share(widths, want, remaining);
  if (remaining > 0) {
    // Everyone is content: the text columns (or, if none, all) share what is still left.
    const takers = columns.map((c, i) => (c.numeric || code[i] ? -1 : i)).filter((i) => i >= 0);
    const to = takers.length ? takers : columns.map((_, i) => i);
    const weight = to.reduce((a, i) => a + widths[i], 0);
    for (const i of to) widths[i] += (remaining * widths[i]) / weight;
  }
  return fit(widths, total);
}

/**
 * Shares `remaining` out towards `want`, smallest need first: each column gets what it still
 * wants or an equal share of what is left, whichever is less. Returns what is left over.
 */
function share(widths: number[], want: number[], remaining: number): number {
  const need = widths.map((w, i) => Math.max(0, want[i] - w));
  const order = widths.map((_, i) => i).sort((a, b) => need[a] - need[b]);
  order.forEach((i, k) => {
    const extra = Math.min(need[i], remaining / (order.length - k));
    widths[i] += extra;
    remaining -= extra;
  });
  return remaining;
}

/** Whole twips, scaled to sum exactly to `total`. */
function fit(widths: number[], total: number): number[] {
  const sum = widths.reduce((a, b) => a + b, 0);
  const out = widths.map((w) => Math.floor((w * total) / sum));
  out[out.length - 1] += total - out.reduce((a, b) => a + b, 0);
  return out;
}
