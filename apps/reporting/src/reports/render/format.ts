import type { ReportCellValue, ReportColumn } from '../report.model';

// Vietnamese number and date conventions, written out by hand rather than through Intl: a Node
// built with small-icu would silently fall back to English separators, and a signed report must
// read '1.234' and '12,5%' whatever the server's ICU data.

const VN_OFFSET_MS = 7 * 3600 * 1000; // Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving).

/** 1234567.5 → '1.234.567,5' (thousands '.', decimals ',', at most `maxDecimals`, trailing zeros dropped). */
export function formatNumberVi(n: number, maxDecimals = 2): string {
  if (!Number.isFinite(n)) return '';
  const sign = n < 0 ? '-' : '';
  const fixed = Math.abs(n).toFixed(maxDecimals);
  const [int, frac = ''] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const decimals = frac.replace(/0+$/, '');
  const body = decimals ? `${grouped},${decimals}` : grouped;
  return body === '0' ? body : sign + body;
}

/** A fraction as a percentage with one decimal, so a column lines up: 0.125 → '12,5%', 0.25 → '25,0%'. */
export function formatPercentVi(fraction: number): string {
  if (!Number.isFinite(fraction)) return '';
  const text = formatNumberVi(fraction * 100, 1);
  return `${text.includes(',') ? text : `${text},0`}%`;
}

/** How a cell is printed in the document (the spreadsheet keeps the raw number and a number format). */
export function formatCellVi(value: ReportCellValue, kind: ReportColumn['kind']): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return value;
  if (kind === 'percent') return formatPercentVi(value);
  if (kind === 'number') return formatNumberVi(value);
  return String(value);
}

interface VnParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Wall-clock parts in Viet Nam of an ISO instant or ISO date; null if it does not parse. */
export function vnParts(iso: string): VnParts | null {
  // A bare date ('2026-06-30') is a calendar day, not an instant: take it as it is.
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (dateOnly) {
    return { year: +dateOnly[1], month: +dateOnly[2], day: +dateOnly[3], hour: 0, minute: 0 };
  }
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms + VN_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** '2026-06-30' → '30/06/2026'. */
export function formatDateVi(iso: string): string {
  const p = vnParts(iso);
  return p ? `${pad2(p.day)}/${pad2(p.month)}/${p.year}` : iso;
}

/** '2026-06-30T10:00:00Z' → '17 giờ 00 ngày 30/06/2026' (Viet Nam time). */
export function formatInstantVi(iso: string): string {
  const p = vnParts(iso);
  return p ? `${pad2(p.hour)} giờ ${pad2(p.minute)} ngày ${pad2(p.day)}/${pad2(p.month)}/${p.year}` : iso;
}

/**
 * The date line of an administrative document (Decree 30/2020, Appendix I): days below 10 and
 * the months January and February take a leading zero; a missing date leaves dotted blanks for the
 * office to write in on the day of signature.
 */
export function signatureDateVi(place: string, signedOn: string | undefined, fallbackYear: number): string {
  const p = signedOn ? vnParts(signedOn) : null;
  if (!p) return `${place}, ngày … tháng … năm ${fallbackYear}`;
  const month = p.month <= 2 ? pad2(p.month) : String(p.month);
  return `${place}, ngày ${pad2(p.day)} tháng ${month} năm ${p.year}`;
}
