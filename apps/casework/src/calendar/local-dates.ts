/** Local calendar dates (`YYYY-MM-DD`, Asia/Ho_Chi_Minh) as plain strings, computed in UTC arithmetic. */

const DAY_MS = 86_400_000;
/** Viet Nam has one time zone, UTC+7, without daylight saving. */
const VN_OFFSET_MS = 7 * 3_600_000;
const SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date in the `YYYY-MM-DD` form (rejects `2026-02-30`). */
export function isLocalDate(value: string): boolean {
  if (!SHAPE.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

export function plusDays(localDate: string, days: number): string {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(localDate: string): number {
  return new Date(`${localDate}T00:00:00Z`).getUTCDay();
}

export function isWeekend(localDate: string): boolean {
  const d = weekday(localDate);
  return d === 0 || d === 6;
}

/** The local date of an instant. */
export function localDateOf(instant: Date): string {
  return new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (0 when they are equal, negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
