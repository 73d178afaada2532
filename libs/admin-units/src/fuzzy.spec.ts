import fc from 'fast-check';
import { FuzzyIndex, editDistance } from './fuzzy';

/** The textbook table, for reference: optimal string alignment distance. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

const word = fc.string({ unit: fc.constantFrom(...'abdhinot'), maxLength: 12 });

describe('edit distance', () => {
  it('counts a swapped pair of letters as one typo', () => {
    expect(editDistance('badinh', 'badihn', 2)).toBe(1);
    expect(editDistance('tukyy', 'tuky', 2)).toBe(1);
    expect(editDistance('nguyengiap', 'nguyengiapp', 2)).toBe(1);
  });

  it('agrees with the full table up to the bound, and says bound + 1 beyond it', () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        const exact = reference(a, b);
        expect(editDistance(a, b, max)).toBe(exact <= max ? exact : max + 1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the bigram index', () => {
  it('finds exactly the strings within the bound, as measuring every string would', () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 60 }),
        word,
        fc.integer({ min: 1, max: 2 }),
        (strings, q, max) => {
          const found = new FuzzyIndex(strings)
            .near(q, max)
            .map((n) => n.id)
            .sort((a, b) => a - b);
          const expected = strings.map((s, id) => ({ s, id })).filter(({ s }) => reference(q, s) <= max);
          expect(found).toEqual(expected.map((e) => e.id));
        },
      ),
      { numRuns: 500 },
    );
  });
});
