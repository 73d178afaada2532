import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

/** Every date and time the console shows is in Viet Nam's time zone, whatever the PC's setting. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
dayjs.tz.setDefault(TIME_ZONE);

export const DATE_FORMAT = 'DD/MM/YYYY';
export const TIME_FORMAT = 'HH:mm';
export const DATE_TIME_FORMAT = 'DD/MM/YYYY HH:mm';
/** How the services write a date without time (a birth date). */
export const ISO_DATE = 'YYYY-MM-DD';

export function setDateLocale(language: string): void {
  dayjs.locale(language === 'en' ? 'en' : 'vi');
}

/** An instant (ISO 8601) as dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(TIME_ZONE).format(DATE_TIME_FORMAT) : '';
}

/** An instant as dd/MM/yyyy in Asia/Ho_Chi_Minh. */
export function formatInstantDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(TIME_ZONE).format(DATE_FORMAT) : '';
}

/** A calendar date (YYYY-MM-DD, no time zone) as dd/MM/yyyy. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  const d = dayjs(date, ISO_DATE, true);
  return d.isValid() ? d.format(DATE_FORMAT) : '';
}

/** A calendar date for a date picker, and back. */
export function toDayjs(date: string | null | undefined): Dayjs | undefined {
  if (!date) return undefined;
  const d = dayjs(date, ISO_DATE, true);
  return d.isValid() ? d : undefined;
}
export function fromDayjs(d: Dayjs | null | undefined): string | undefined {
  return d ? d.format(ISO_DATE) : undefined;
}

/** Elapsed time as m:ss, or h:mm:ss past an hour (the call timer). */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** Hours and minutes between now and a due time: positive while time remains, negative once late. */
export function timeToDue(
  dueIso: string,
  nowMs: number,
): { overdue: boolean; hours: number; minutes: number } {
  const diff = Math.round((new Date(dueIso).getTime() - nowMs) / 60_000);
  const abs = Math.abs(diff);
  return { overdue: diff < 0, hours: Math.floor(abs / 60), minutes: abs % 60 };
}

export { dayjs };

/**
 * A date typed as dd/mm/yyyy (also d/m/yyyy, with - or .) as YYYY-MM-DD; null when it is not a real date.
 * Counsellors type dates while listening: a text field is quicker than a calendar.
 */
export function parseTypedDate(text: string | undefined): string | null | undefined {
  const v = text?.trim();
  if (!v) return undefined;
  const d = dayjs(v.replace(/[.-]/g, '/'), ['D/M/YYYY', 'DD/MM/YYYY'], true);
  return d.isValid() ? d.format(ISO_DATE) : null;
}
