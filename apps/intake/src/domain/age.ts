/** A child's age in whole years on `at`, from a date of birth as YYYY-MM-DD (null if it does not read). */
export function ageOn(birthDate: string, at: string): number | null {
  const b = new Date(`${birthDate}T00:00:00Z`);
  const a = new Date(at);
  if (Number.isNaN(b.getTime())) return null;
  let age = a.getUTCFullYear() - b.getUTCFullYear();
  if (
    a.getUTCMonth() < b.getUTCMonth() ||
    (a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() < b.getUTCDate())
  )
    age--;
  return age >= 0 ? age : null;
}
