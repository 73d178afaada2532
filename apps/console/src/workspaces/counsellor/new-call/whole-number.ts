/** A number typed in a text field (ages): digits only, as a number; blank is no value. */
export function wholeNumber(value: unknown): number | string | undefined {
  if (typeof value === 'number') return value;
  const v = typeof value === 'string' ? value.trim() : '';
  if (v === '') return undefined;
  return /^\d+$/.test(v) ? Number(v) : v;
}
