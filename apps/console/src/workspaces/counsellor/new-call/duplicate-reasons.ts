/**
 * The intake says why two reports may be about the same child in English words (apps/intake duplicates.ts):
 * each is shown as its Vietnamese phrase from the catalog, never as the service's text.
 */
export function reasonKey(reason: string): { key: string; n?: number } {
  const r = reason.trim().toLowerCase();
  let m: RegExpExecArray | null;
  if (r === 'same name') return { key: 'panel.reasons.same_name' };
  if ((m = /^name differs by (\d+) letters?$/.exec(r)))
    return { key: 'panel.reasons.name_differs', n: Number(m[1]) };
  if (r === 'same family and given name') return { key: 'panel.reasons.same_family_and_given' };
  if (r === 'same given name') return { key: 'panel.reasons.same_given' };
  if (r === 'same year of birth') return { key: 'panel.reasons.same_birth_year' };
  if (r === 'year of birth one apart') return { key: 'panel.reasons.birth_year_one_apart' };
  if (r === 'same age') return { key: 'panel.reasons.same_age' };
  if ((m = /^ages (\d+) years? apart$/.exec(r))) return { key: 'panel.reasons.ages_apart', n: Number(m[1]) };
  if (r === 'same commune') return { key: 'panel.reasons.same_commune' };
  if (r === 'lives in the same commune') return { key: 'panel.reasons.same_residence' };
  return { key: 'panel.reasons.other' };
}
