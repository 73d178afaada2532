/** Rows of the edit-distance table, reused between calls: names are short and searches many. */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment: "dinh" →
 * "dihn" is one typo, not two), or `max + 1` as soon as it must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (m + 1 > rowA.length) {
    rowA = new Int32Array(m + 1);
    rowB = new Int32Array(m + 1);
    rowC = new Int32Array(m + 1);
  }
  let before = rowA; // row i - 2
  let prev = rowB; // row i - 1
  let cur = rowC; // row i
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, before[j - 2] + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = before;
    before = prev;
    prev = cur;
    cur = t;
  }
  return prev[m] <= max ? prev[m] : max + 1;
}

function bigrams(s: string): Set<string> {
  const padded = `^${s}$`;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < padded.length; i++) grams.add(padded.slice(i, i + 2));
  return grams;
}

/**
 * Strings within a few edits of a query without measuring the distance to every string: candidates
 * have a length within the bound and share enough padded bigrams with the query (one edit, a
 * transposition included, destroys at most three of them); those whose letters differ too much are
 * dropped, and only the rest are measured.
 */
export class FuzzyIndex {
  /** Internal ids number the strings shortest first, so a posting list is ordered by length too. */
  private readonly byRank: string[];
  private readonly idOfRank: Int32Array;
  /** `firstOfLength[n]`: the first rank of a string of length n or more. */
  private readonly firstOfLength: Int32Array;
  /** Which letters each string has, one bit each: a first, very cheap lower bound of the distance. */
  private readonly letterMasks: Int32Array;
  private readonly postings = new Map<string, Int32Array>();
  private readonly counts: Uint8Array;
  /** Letter counts of the query, and those of a candidate as they are compared. */
  private readonly queryLetters = new Int32Array(128);
  private readonly seenLetters = new Int32Array(128);

  constructor(strings: readonly string[]) {
    const order = strings.map((_, id) => id).sort((a, b) => strings[a].length - strings[b].length || a - b);
    this.byRank = order.map((id) => strings[id]);
    this.idOfRank = Int32Array.from(order);
    const longest = this.byRank.length ? this.byRank[this.byRank.length - 1].length : 0;
    this.firstOfLength = new Int32Array(longest + 2);
    for (let n = 0, rank = 0; n <= longest + 1; n++) {
      while (rank < this.byRank.length && this.byRank[rank].length < n) rank++;
      this.firstOfLength[n] = rank;
    }
    this.letterMasks = Int32Array.from(this.byRank, letterMask);
    const lists = new Map<string, number[]>();
    this.byRank.forEach((s, rank) => {
      for (const g of bigrams(s)) {
        const list = lists.get(g);
        if (list) list.push(rank);
        else lists.set(g, [rank]);
      }
    });
    for (const [g, list] of lists) this.postings.set(g, Int32Array.from(list));
    this.counts = new Uint8Array(strings.length);
  }

  /** Ids of the strings at most `max` edits from `query`, with their distance (0 included). */
  near(query: string, max: number): Array<{ id: number; distance: number }> {
    const out: Array<{ id: number; distance: number }> = [];
    const lastLength = this.firstOfLength.length - 1;
    const from = this.firstOfLength[Math.min(lastLength, Math.max(0, query.length - max))];
    const to = this.firstOfLength[Math.min(lastLength, query.length + max + 1)];
    if (from >= to) return out;
    for (let i = 0; i < query.length; i++) this.queryLetters[query.charCodeAt(i) & 127]++;
    const mask = letterMask(query);
    const measure = (rank: number) => {
      // An edit adds or removes at most two letters (of the set, and of the multiset).
      if (bitCount(mask ^ this.letterMasks[rank]) > 2 * max) return;
      const s = this.byRank[rank];
      if (this.letterDifference(query, s) > 2 * max) return;
      const distance = editDistance(query, s, max);
      if (distance <= max) out.push({ id: this.idOfRank[rank], distance });
    };
    const grams = bigrams(query);
    const needed = grams.size - 3 * max;
    if (needed <= 0) {
      // Too short or too repetitive for the bigram filter to prove anything: measure by length.
      for (let rank = from; rank < to; rank++) measure(rank);
    } else {
      const touched: number[] = [];
      const counts = this.counts;
      for (const g of grams) {
        const list = this.postings.get(g);
        if (!list) continue;
        for (let k = lowerBound(list, from); k < list.length && list[k] < to; k++) {
          const rank = list[k];
          if (counts[rank] === 0) touched.push(rank);
          counts[rank]++;
        }
      }
      for (const rank of touched) {
        if (counts[rank] >= needed) measure(rank);
        counts[rank] = 0;
      }
    }
    this.queryLetters.fill(0);
    return out;
  }

  /**
   * Letters in one string and not the other, both ways: an edit changes this by two at most (a
   * transposition not at all), so half of it is a lower bound of the distance, far cheaper to get.
   */
  private letterDifference(query: string, s: string): number {
    const seen = this.seenLetters;
    let shared = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i) & 127;
      if (++seen[c] <= this.queryLetters[c]) shared++;
    }
    for (let i = 0; i < s.length; i++) seen[s.charCodeAt(i) & 127] = 0;
    return s.length - shared + (query.length - shared);
  }
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function letterMask(s: string): number {
  let mask = 0;
  for (let i = 0; i < s.length; i++) mask |= 1 << (s.charCodeAt(i) % 32);
  return mask;
}

function bitCount(n: number): number {
  n = n - ((n >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
