import { AdminUnits, CommuneSearch, foldText, type CommuneSearchOptions } from '@cp/admin-units';
import { percentile, type Result } from './lib';

/** A query a hotline counsellor might type, and the communes that would answer it. */
interface BenchQuery {
  kind: string;
  q: string;
  options: CommuneSearchOptions;
  /** Any of these in the top 10 is a find. */
  expected: Set<string>;
}

/** Deterministic pseudo-random numbers (mulberry32): the same mix on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPE_WORDS = /^(phuong|xa|dac khu|thi tran|thi xa|thanh pho|huyen|quan) /;

/** One typo in a letter of the name: a letter changed, dropped, doubled or swapped with the next. */
function typo(text: string, rnd: () => number): string {
  const letters = [...text].map((c, i) => (c === ' ' ? -1 : i)).filter((i) => i >= 0);
  const i = letters[Math.floor(rnd() * letters.length)];
  const kind = Math.floor(rnd() * 4);
  const other = 'abcdeghiklmnopqrstuvxy'[Math.floor(rnd() * 22)];
  if (kind === 0) return text.slice(0, i) + other + text.slice(i + 1);
  if (kind === 1) return text.slice(0, i) + text.slice(i + 1);
  if (kind === 2) return text.slice(0, i) + text[i] + text.slice(i);
  return i + 1 < text.length && text[i + 1] !== ' '
    ? text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2)
    : text.slice(0, i) + other + text.slice(i + 1);
}

/**
 * About `total` queries from the data: 2025 names without diacritics (with and without the type word,
 * some within a province), names as written, partial names, typos, codes and code prefixes, and
 * pre-2025 commune and district names.
 */
export function communeSearchQueries(units: AdminUnits, total: number): BenchQuery[] {
  const rnd = random(20250701);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const communes = units.communes;
  const legacy = units.legacy.filter((r) => r.oldName && units.commune(r.newCode));
  const districtTargets = new Map<string, Set<string>>();
  for (const r of legacy) {
    const set = districtTargets.get(r.oldDistrictCode) ?? new Set<string>();
    set.add(r.newCode);
    districtTargets.set(r.oldDistrictCode, set);
  }
  const bare = (name: string) => foldText(name).replace(TYPE_WORDS, '');
  const out: BenchQuery[] = [];
  const add = (kind: string, q: string, expected: string[], options: CommuneSearchOptions = {}) =>
    out.push({ kind, q, options, expected: new Set(expected) });
  while (out.length < total) {
    const c = pick(communes);
    const r = rnd();
    if (r < 0.2) {
      const typed = rnd() < 0.5 ? foldText(c.name) : bare(c.name);
      add('name', typed, [c.code], rnd() < 0.25 ? { province: c.parent! } : {});
    } else if (r < 0.27) {
      add('name_diacritics', rnd() < 0.5 ? c.name : c.name.replace(/^(Phường|Xã|Đặc khu) /, ''), [c.code]);
    } else if (r < 0.42) {
      const words = bare(c.name).split(' ');
      const cut = words.length > 1 ? 1 + Math.floor(rnd() * (words.length - 1)) : 1;
      const last = words[cut] ?? '';
      const partial = [...words.slice(0, cut), last.slice(0, 1 + Math.floor(rnd() * last.length))]
        .join(' ')
        .trim();
      add('partial', rnd() < 0.3 ? `${foldText(c.type)} ${partial}` : partial, [c.code]);
    } else if (r < 0.62) {
      const name = bare(c.name);
      if (name.replace(/ /g, '').length < 4) continue;
      add('typo', typo(name, rnd), [c.code]);
    } else if (r < 0.72) {
      const prefix = rnd() < 0.7 ? c.code : c.code.slice(0, 2 + Math.floor(rnd() * 3));
      add('code', prefix, prefix.length === 5 ? [c.code] : []);
    } else if (r < 0.88) {
      const row = pick(legacy);
      add('legacy_commune', rnd() < 0.5 ? foldText(row.oldName) : row.oldName, [row.newCode]);
    } else {
      const row = pick(legacy);
      const name = rnd() < 0.5 ? bare(row.oldDistrictName) : foldText(row.oldDistrictName);
      add('legacy_district', name, [...(districtTargets.get(row.oldDistrictCode) ?? [])]);
    }
  }
  return out;
}

/**
 * The commune search a counsellor uses while on the phone, timed in-process on the index (the HTTP
 * cost of an authenticated GET is measured by the casework benchmarks): the index build, p50/p99 of
 * a realistic mix of queries, and how often the commune meant is in the top 10.
 */
export function communeSearchBenchmarks(opts: { queries: number }): Result[] {
  const units = AdminUnits.load();
  const t0 = process.hrtime.bigint();
  const index = CommuneSearch.build(units);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const queries = communeSearchQueries(units, opts.queries);
  // Warm up the JIT as a running service would be.
  for (const q of queries.slice(0, 300)) index.search(q.q, q.options);
  const latencies: number[] = [];
  let found = 0;
  let judged = 0;
  for (const q of queries) {
    const start = process.hrtime.bigint();
    const hits = index.search(q.q, q.options);
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (q.expected.size > 0) {
      judged++;
      if (hits.some((h) => q.expected.has(h.code))) found++;
    }
  }
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return [
    { name: 'intake.commune_search.index_build_ms', value: round(buildMs), unit: 'ms' },
    { name: 'intake.commune_search.p50_ms', value: round(percentile(latencies, 50)), unit: 'ms' },
    { name: 'intake.commune_search.p99_ms', value: round(percentile(latencies, 99)), unit: 'ms' },
    { name: 'intake.commune_search.queries', value: queries.length, unit: 'queries' },
    { name: 'intake.commune_search.found_in_top10', value: round(found / judged), unit: 'ratio' },
  ];
}
