export * from './holiday-calendar';
export * from './calendar-overrides';
export { DATE_HOLIDAYS_VERSION, statutoryDaysOff, type StatutoryDayOff } from './vn-holidays';
export { isLocalDate } from './local-dates';
