import type { IndexedChild } from '../../../domain/indexed-child';

/** Edit distance, stopping early once it exceeds `max` (names are short; this stays cheap). */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Could two children of two reports be the same child? Names are compared folded (no diacritics, lower
 * case) with small typos tolerated; ages must be compatible; the same commune adds weight. Returns a
 * score in [0, 1] with the reasons a counsellor can check, or null when they are clearly different.
 */
export function likelySameChild(
  a: IndexedChild,
  b: IndexedChild,
  ctx: { sameCommune: boolean },
): { score: number; reasons: string[] } | null {
  const reasons: string[] = [];
  let score = 0;
  if (a.name && b.name) {
    const x = a.name.replace(/\s+/g, ' ');
    const y = b.name.replace(/\s+/g, ' ');
    const d = editDistance(x, y, 2);
    const tx = x.split(' ');
    const ty = y.split(' ');
    if (d === 0) {
      score += 0.6;
      reasons.push('same name');
    } else if (d <= (Math.min(x.length, y.length) >= 8 ? 2 : 1)) {
      score += 0.45;
      reasons.push(`name differs by ${d} letter${d > 1 ? 's' : ''}`);
    } else if (tx[0] === ty[0] && tx[tx.length - 1] === ty[ty.length - 1]) {
      score += 0.35;
      reasons.push('same family and given name');
    } else if (tx[tx.length - 1] === ty[ty.length - 1]) {
      score += 0.15;
      reasons.push('same given name');
    } else {
      return null;
    }
  }
  if (a.birthYear !== null && b.birthYear !== null) {
    if (Math.abs(a.birthYear - b.birthYear) > 1) return null;
    score += a.birthYear === b.birthYear ? 0.25 : 0.1;
    reasons.push(a.birthYear === b.birthYear ? 'same year of birth' : 'year of birth one apart');
  } else if (a.ageYears !== null && b.ageYears !== null) {
    const diff = Math.abs(a.ageYears - b.ageYears);
    if (diff > 2) return null;
    score += diff <= 1 ? 0.2 : 0.1;
    reasons.push(diff === 0 ? 'same age' : `ages ${diff} year${diff > 1 ? 's' : ''} apart`);
  }
  if (ctx.sameCommune) {
    score += 0.15;
    reasons.push('same commune');
  }
  if (a.residenceCommuneCode && a.residenceCommuneCode === b.residenceCommuneCode) {
    score += 0.1;
    reasons.push('lives in the same commune');
  }
  // Without a name on both sides, only a strong coincidence of place and age is worth showing.
  const threshold = a.name && b.name ? 0.5 : 0.45;
  return score >= threshold ? { score: Math.round(score * 100) / 100, reasons } : null;
}
