import { formatDate, formatDateTime, formatElapsed, parseTypedDate, timeToDue } from './dates';

describe('a date typed as dd/mm/yyyy', () => {
  it('is read day first, with or without leading zeros', () => {
    expect(parseTypedDate('02/03/2017')).toBe('2017-03-02');
    expect(parseTypedDate('2/3/2017')).toBe('2017-03-02');
    expect(parseTypedDate('2-3-2017')).toBe('2017-03-02');
  });
  it('that is no real date is refused; a blank one is no date', () => {
    expect(parseTypedDate('31/02/2017')).toBeNull();
    expect(parseTypedDate('2017-03-02')).toBeNull();
    expect(parseTypedDate('  ')).toBeUndefined();
  });
});

describe('dates and times shown', () => {
  it('are dd/MM/yyyy and 24-hour in Asia/Ho_Chi_Minh, whatever the computer’s zone', () => {
    expect(formatDateTime('2026-12-06T17:30:00Z')).toBe('07/12/2026 00:30');
    expect(formatDate('2017-03-02')).toBe('02/03/2017');
  });
  it('count a call in minutes and seconds, then hours', () => {
    expect(formatElapsed(65_000)).toBe('01:05');
    expect(formatElapsed(3_725_000)).toBe('1:02:05');
  });
  it('say how long is left before a deadline, or by how much it was missed', () => {
    const now = Date.parse('2026-12-07T02:00:00Z');
    expect(timeToDue('2026-12-07T03:20:00Z', now)).toEqual({ overdue: false, hours: 1, minutes: 20 });
    expect(timeToDue('2026-12-07T01:45:00Z', now)).toEqual({ overdue: true, hours: 0, minutes: 15 });
  });
});
