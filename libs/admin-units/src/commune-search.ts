import type { AdminUnit } from './admin-unit';
import { CURRENT_COMMUNE_TYPES, foldText, splitType, typeOnly, type TypeKey } from './fold';
import { FuzzyIndex } from './fuzzy';
import type { LegacyCommune } from './legacy-csv';

/** How a commune came to match: its code, its 2025 name, a pre-2025 name, or a name within a typo or two. */
export type MatchedBy = 'code' | 'name' | 'legacy' | 'fuzzy';

export interface CommuneHit {
  code: string;
  name: string;
  /** phường / xã / đặc khu */
  type: string;
  provinceCode: string;
  provinceName: string;
  matchedBy: MatchedBy;
  /**
   * When the best match was a pre-2025 commune or district: the old communes (or the parts of them)
   * that went into this commune through it.
   */
  legacy?: LegacyCommune[];
  /** "formerly Xã Quang Phục, Huyện Tứ Kỳ, Tỉnh Hải Dương — Nhập toàn bộ", one per old commune. */
  reason?: string;
}

export interface CommuneSearchOptions {
  /** Only communes of this 2025 province (2-digit code). */
  province?: string;
  /** How many hits, 1–50; 10 by default. */
  limit?: number;
}

export const COMMUNE_SEARCH_LIMIT = { default: 10, max: 50 } as const;

/**
 * Ranks, best first: exact code, exact name, beginning of a name, all words typed, then pre-2025 names
 * (a counsellor who types a current name means it, unless the words name a unit type that no longer
 * exists: "huyện Tứ Kỳ", "thị trấn Tứ Kỳ"), then typos, below everything spelt right.
 */
const SCORE = {
  code: 1000,
  codePrefix: 950,
  exact: 900,
  exactWithQualifier: 880,
  prefix: 800,
  /** A prefix of the name as spelt, spaces included ("ba di" of "Ba Đình", not of "Bađi…"), and whole words. */
  prefixAsSpelt: 10,
  prefixWholeWords: 5,
  prefixWithQualifier: 780,
  words: 700,
  wordsWithQualifier: 680,
  legacyCode: 600,
  fuzzy: 300,
  fuzzyPerEdit: 40,
  fuzzyWords: 220,
  fuzzyWordsPerEdit: 20,
  fuzzyCode: 250,
  /** The query is a type word alone ("đặc khu"): the communes of that type, after any name match. */
  typeOnly: 100,
  /** From a 2025 name match to the same match on a pre-2025 commune / district. */
  legacyCommune: -300,
  legacyDistrict: -310,
  legacyFuzzyCommune: -100,
  legacyFuzzyDistrict: -110,
  /** The query's type word: the unit's own, another, or a pre-2025 type the unit had ("thị trấn", "huyện"). */
  sameType: 20,
  otherType: -200,
  namedOldType: 300,
} as const;

const enum Kind {
  Commune,
  OldCommune,
  OldDistrict,
}

/** Something a query can match: a 2025 commune, a pre-2025 commune or a pre-2025 district. */
interface Doc {
  kind: Kind;
  type: TypeKey | null;
  /** The folded name without its type word ("tu ky"). */
  spelt: string;
  /** The same without spaces ("tuky"): what exact, prefix and typo matching compare. */
  compact: string;
  /** Vocabulary ids of the words of the name without its type word. */
  words: number[];
  /** Words that may narrow a query down but are not the name: the district's and the province's. */
  qualifiers: number[];
  /** The 2025 communes it leads to (indexes into `communes`). */
  targets: number[];
  /** For a pre-2025 unit: per target, the old communes that went into it. */
  rows: LegacyCommune[][] | null;
}

/** One reading of the query: its type word if it is read as one, and the rest. */
interface Reading {
  type: TypeKey | null;
  tokens: string[];
  spelt: string;
  compact: string;
}

/**
 * What one typed word matches: name words (at 0 edits, or 1–2 for a typo) and qualifier words (only
 * spelt out, or begun with 3 letters or more: "h" is no way to say "Hải Dương").
 */
interface TokenMatch {
  name: Map<number, number>;
  qualifier: Set<number>;
}

interface Entry {
  commune: number;
  score: number;
  matchedBy: MatchedBy;
  /** Length of the name that matched: the closest to what was typed ranks first among equals. */
  length: number;
  rows: LegacyCommune[] | null;
}

type Offer = (
  commune: number,
  score: number,
  matchedBy: MatchedBy,
  length: number,
  rows: LegacyCommune[] | null,
) => void;

const DIGITS = /^[0-9 ]+$/;

/** Names without spaces with the docs bearing each: exact lookup, prefix range, near names. */
class NameTable {
  readonly names: string[] = [];
  readonly docs: number[][] = [];
  private readonly ids = new Map<string, number>();
  private sorted: number[] = [];
  private fuzzyIndex?: FuzzyIndex;

  add(compact: string, doc: number): void {
    let id = this.ids.get(compact);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(compact, id);
      this.names.push(compact);
      this.docs.push([]);
    }
    this.docs[id].push(doc);
  }

  seal(): void {
    this.sorted = this.names.map((_, i) => i).sort((a, b) => compare(this.names[a], this.names[b]));
    this.fuzzyIndex = new FuzzyIndex(this.names);
  }

  exact(compact: string): number | undefined {
    return this.ids.get(compact);
  }

  /** Names that begin with `prefix`, itself excluded. */
  *startingWith(prefix: string): Generator<number> {
    for (let i = lowerBound(this.sorted, prefix, (id) => this.names[id]); i < this.sorted.length; i++) {
      const id = this.sorted[i];
      const name = this.names[id];
      if (!name.startsWith(prefix)) return;
      if (name.length > prefix.length) yield id;
    }
  }

  near(compact: string, max: number): Array<{ id: number; distance: number }> {
    return this.fuzzyIndex!.near(compact, max);
  }
}

/**
 * Finds 2025 communes from what a hotline counsellor types: names without diacritics, partial names,
 * with or without the type word, 5-digit codes and code prefixes, typos (one edit in 4–7 letters, two
 * from 8), optionally within one province, and pre-2025 commune and district names through the official
 * mapping. Pure and in memory: built once, and a search only touches the candidates that the name
 * tables, the word postings and the bigram indexes give it, stopping when later (lower-ranked) ways
 * of matching could no longer change the answer.
 */
export class CommuneSearch {
  private readonly communes: AdminUnit[];
  private readonly provinceNames = new Map<string, string>();
  private readonly communeByCode = new Map<string, number>();
  private readonly sortedCodes: string[];
  private readonly docs: Doc[] = [];
  private readonly oldCommuneDocsByCode = new Map<string, number[]>();
  private readonly communesByType = new Map<TypeKey, number[]>();
  private readonly currentNames = new NameTable();
  private readonly legacyNames = new NameTable();
  // Vocabulary: folded words and, per word, the docs that have it in the name or as a qualifier.
  private readonly vocabulary = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly sortedWordIds: number[];
  private readonly inName: number[][] = [];
  private readonly inQualifiers: number[][] = [];
  private readonly wordFuzzy: FuzzyIndex;
  // Per search: the best score of each doc so far, valid where `docSeen` holds the search's stamp.
  private readonly docScore: Int32Array;
  private readonly docFuzzy: Uint8Array;
  private readonly docSeen: Int32Array;
  private readonly docMark: Int32Array;
  private stamp = 0;
  private mark = 0;

  constructor(
    communes: readonly AdminUnit[],
    provinces: readonly AdminUnit[],
    legacy: readonly LegacyCommune[],
  ) {
    this.communes = [...communes].sort((a, b) => compare(a.code, b.code));
    for (const p of provinces) this.provinceNames.set(p.code, p.name);
    this.communes.forEach((c, i) => this.communeByCode.set(c.code, i));
    this.sortedCodes = this.communes.map((c) => c.code);

    const wordId = (w: string) => {
      let id = this.vocabulary.get(w);
      if (id === undefined) {
        id = this.words.length;
        this.vocabulary.set(w, id);
        this.words.push(w);
        this.inName.push([]);
        this.inQualifiers.push([]);
      }
      return id;
    };
    // District and province names repeat over thousands of rows: fold each once (without its type).
    const foldedWords = new Map<string, string[]>();
    const wordsOf = (name: string) => {
      let w = foldedWords.get(name);
      if (!w) {
        const folded = foldText(name);
        w = folded ? splitType(folded.split(' ')).rest : [];
        foldedWords.set(name, w);
      }
      return w;
    };
    // Thousands of old communes share a district and province: their qualifier words are listed once.
    // Type words ("huyện", "tỉnh") are left out: they would qualify nearly everything.
    const qualifierSets = new Map<string, number[]>();
    const qualifiersOf = (names: string[]) => {
      const key = names.join('|');
      let ids = qualifierSets.get(key);
      if (!ids) {
        const set = new Set<number>();
        for (const n of names) for (const w of wordsOf(n)) set.add(wordId(w));
        ids = [...set];
        qualifierSets.set(key, ids);
      }
      return ids;
    };
    const addDoc = (
      kind: Kind,
      name: string,
      qualifierNames: string[],
      targets: number[],
      rows: LegacyCommune[][] | null,
    ): number | null => {
      const folded = foldText(name);
      if (!folded || targets.length === 0) return null;
      const { type, rest } = splitType(folded.split(' '));
      const id = this.docs.length;
      const words = [...new Set(rest.map(wordId))];
      const qualifiers = qualifiersOf(qualifierNames).filter((w) => !words.includes(w));
      for (const w of words) this.inName[w].push(id);
      for (const w of qualifiers) this.inQualifiers[w].push(id);
      const compact = rest.join('');
      (kind === Kind.Commune ? this.currentNames : this.legacyNames).add(compact, id);
      this.docs.push({ kind, type, spelt: rest.join(' '), compact, words, qualifiers, targets, rows });
      return id;
    };

    this.communes.forEach((c, i) => {
      const id = addDoc(Kind.Commune, c.name, [this.provinceNames.get(c.parent ?? '') ?? ''], [i], null);
      const type = id === null ? null : this.docs[id].type;
      if (type) {
        const list = this.communesByType.get(type);
        if (list) list.push(i);
        else this.communesByType.set(type, [i]);
      }
    });

    // Pre-2025 communes, one doc per old commune (several rows when it was split), and districts.
    const oldCommunes = new Map<string, LegacyCommune[]>();
    const districts = new Map<string, LegacyCommune[]>();
    const push = (map: Map<string, LegacyCommune[]>, key: string, row: LegacyCommune) => {
      const list = map.get(key);
      if (list) list.push(row);
      else map.set(key, [row]);
    };
    for (const row of legacy) {
      if (!this.communeByCode.has(row.newCode)) continue;
      if (row.oldName) {
        push(oldCommunes, `${row.oldCode}|${row.oldDistrictCode}|${row.oldName}`, row);
      }
      if (row.oldDistrictName) {
        push(districts, row.oldDistrictCode || `${row.oldDistrictName}|${row.oldProvinceCode}`, row);
      }
    }
    const byTarget = (rows: LegacyCommune[]) => {
      const groups = new Map<number, LegacyCommune[]>();
      for (const r of rows) {
        const t = this.communeByCode.get(r.newCode)!;
        const list = groups.get(t);
        if (list) list.push(r);
        else groups.set(t, [r]);
      }
      const targets = [...groups.keys()].sort((a, b) => a - b);
      return { targets, rows: targets.map((t) => groups.get(t)!) };
    };
    for (const rows of oldCommunes.values()) {
      const { targets, rows: perTarget } = byTarget(rows);
      const first = rows[0];
      const id = addDoc(
        Kind.OldCommune,
        first.oldName,
        [first.oldDistrictName, first.oldProvinceName],
        targets,
        perTarget,
      );
      if (id !== null && first.oldCode) {
        const list = this.oldCommuneDocsByCode.get(first.oldCode);
        if (list) list.push(id);
        else this.oldCommuneDocsByCode.set(first.oldCode, [id]);
      }
    }
    for (const rows of districts.values()) {
      const { targets, rows: perTarget } = byTarget(rows);
      addDoc(
        Kind.OldDistrict,
        mostCommon(rows.map((r) => r.oldDistrictName)),
        [rows[0].oldProvinceName],
        targets,
        perTarget,
      );
    }

    this.sortedWordIds = this.words.map((_, i) => i).sort((a, b) => compare(this.words[a], this.words[b]));
    this.wordFuzzy = new FuzzyIndex(this.words);
    this.currentNames.seal();
    this.legacyNames.seal();
    this.docScore = new Int32Array(this.docs.length);
    this.docFuzzy = new Uint8Array(this.docs.length);
    this.docSeen = new Int32Array(this.docs.length);
    this.docMark = new Int32Array(this.docs.length);
  }

  /**
   * The index over the units and the pre-2025 mapping that `units` holds (an AdminUnits; only these three
   * lists are read, so the search does not depend on the class that builds it).
   */
  static build(units: {
    communes: readonly AdminUnit[];
    provinces: readonly AdminUnit[];
    legacy: readonly LegacyCommune[];
  }): CommuneSearch {
    return new CommuneSearch(units.communes, units.provinces, units.legacy);
  }

  /** How many names (2025 communes, pre-2025 communes and districts) the index holds. */
  get size(): number {
    return this.docs.length;
  }

  search(query: string, options: CommuneSearchOptions = {}): CommuneHit[] {
    const asked = options.limit ?? COMMUNE_SEARCH_LIMIT.default;
    const limit = Number.isFinite(asked)
      ? Math.min(COMMUNE_SEARCH_LIMIT.max, Math.max(1, Math.floor(asked)))
      : COMMUNE_SEARCH_LIMIT.default;
    const folded = foldText(query.slice(0, 200));
    if (!folded) return [];
    const found = new Map<number, Entry>();
    const offer: Offer = (commune, score, matchedBy, length, rows) => {
      if (options.province && this.communes[commune].parent !== options.province) return;
      const e = found.get(commune);
      if (!e) found.set(commune, { commune, score, matchedBy, length, rows });
      else if (score > e.score || (score === e.score && length < e.length)) {
        e.score = score;
        e.matchedBy = matchedBy;
        e.length = length;
        e.rows = rows;
      } else if (score === e.score && rows && e.rows && rows !== e.rows) {
        e.rows = [...new Set([...e.rows, ...rows])];
      }
    };

    if (DIGITS.test(folded)) this.searchCode(folded.replace(/ /g, ''), limit, offer, found);
    else this.searchText(folded, limit, offer, found);

    const ranked = [...found.values()].sort(
      (a, b) =>
        b.score - a.score ||
        a.length - b.length ||
        compare(this.communes[a.commune].code, this.communes[b.commune].code),
    );
    return ranked.slice(0, limit).map((e) => this.hit(e));
  }

  private searchCode(code: string, limit: number, offer: Offer, found: Map<number, Entry>): void {
    const exact = this.communeByCode.get(code);
    if (exact !== undefined) offer(exact, SCORE.code, 'code', 0, null);
    for (const id of this.oldCommuneDocsByCode.get(code) ?? []) {
      const doc = this.docs[id];
      doc.targets.forEach((t, i) => offer(t, SCORE.legacyCode, 'legacy', 0, doc.rows![i]));
    }
    if (code.length < 5) {
      // Same score for all, then by code: the first `limit` of the range are the answer.
      for (let i = lowerBound(this.sortedCodes, code); i < this.sortedCodes.length; i++) {
        if (!this.sortedCodes[i].startsWith(code) || found.size >= limit) break;
        offer(i, SCORE.codePrefix, 'code', 0, null);
      }
    }
    if (exact === undefined && found.size < limit && code.length >= 4 && code.length <= 6) {
      // A mistyped code: one digit wrong, missing, extra or two swapped.
      for (const variant of codeVariants(code)) {
        const c = this.communeByCode.get(variant);
        if (c !== undefined) offer(c, SCORE.fuzzyCode, 'fuzzy', 1, null);
      }
    }
  }

  private searchText(folded: string, limit: number, offer: Offer, found: Map<number, Entry>): void {
    const tokens = folded.split(' ');
    const readings: Reading[] = [reading(null, tokens)];
    // "Phường Sơn" may be the phường called Sơn or the unit called Phương Sơn: both readings are tried.
    const typed = splitType(tokens, true);
    if (typed.type) readings.push(reading(typed.type, typed.rest));
    // The most a pre-2025 name can gain from the type word: much when the query names an old type.
    const oldTypeBonus = readings.some((r) => r.type && !CURRENT_COMMUNE_TYPES.has(r.type))
      ? SCORE.sameType + SCORE.namedOldType
      : SCORE.sameType;
    /** Whether `limit` communes already rank above anything still to be tried. */
    const settled = (bound: number) => {
      let above = 0;
      for (const e of found.values()) if (e.score > bound && ++above >= limit) return true;
      return false;
    };

    const touched: number[] = [];
    this.stamp++;
    const consider = (doc: number, score: number, fuzzy: boolean) => {
      if (this.docSeen[doc] !== this.stamp) {
        this.docSeen[doc] = this.stamp;
        this.docScore[doc] = score;
        this.docFuzzy[doc] = fuzzy ? 1 : 0;
        touched.push(doc);
      } else if (score > this.docScore[doc]) {
        this.docScore[doc] = score;
        this.docFuzzy[doc] = fuzzy ? 1 : 0;
      }
    };
    const flush = () => {
      for (const id of touched) {
        const doc = this.docs[id];
        const fuzzy = this.docFuzzy[id] === 1;
        const by: MatchedBy = fuzzy ? 'fuzzy' : doc.kind === Kind.Commune ? 'name' : 'legacy';
        const score = this.docScore[id];
        for (let i = 0; i < doc.targets.length; i++) {
          offer(doc.targets[i], score, by, doc.compact.length, doc.rows?.[i] ?? null);
        }
      }
      touched.length = 0;
    };
    const scored = (q: Reading, doc: number, base: number, fuzzy: boolean) => {
      const d = this.docs[doc];
      consider(doc, base + kindOffset(d, fuzzy) + typeOffset(d, q.type), fuzzy);
    };
    const prefixScore = (q: Reading, doc: number) => {
      const spelt = this.docs[doc].spelt;
      if (!spelt.startsWith(q.spelt)) return SCORE.prefix;
      const wholeWords = spelt.length === q.spelt.length || spelt[q.spelt.length] === ' ';
      return SCORE.prefix + SCORE.prefixAsSpelt + (wholeWords ? SCORE.prefixWholeWords : 0);
    };

    // 1. The name as typed, or its beginning: 2025 names, then pre-2025 ones.
    for (const q of readings) {
      for (const table of [this.currentNames, this.legacyNames]) {
        const exact = table.exact(q.compact);
        if (exact !== undefined) for (const d of table.docs[exact]) scored(q, d, SCORE.exact, false);
      }
      for (const id of this.currentNames.startingWith(q.compact)) {
        for (const d of this.currentNames.docs[id]) scored(q, d, prefixScore(q, d), false);
      }
    }
    flush();
    const prefixBound = SCORE.prefix + SCORE.prefixAsSpelt + SCORE.prefixWholeWords;
    if (!settled(prefixBound + SCORE.legacyCommune + oldTypeBonus)) {
      for (const q of readings) {
        for (const id of this.legacyNames.startingWith(q.compact)) {
          for (const d of this.legacyNames.docs[id]) scored(q, d, prefixScore(q, d), false);
        }
      }
      flush();
    }

    // 2. Every word typed, in any order, the last one perhaps unfinished.
    if (!settled(Math.max(SCORE.words + SCORE.sameType, SCORE.words + SCORE.legacyCommune + oldTypeBonus))) {
      for (const q of readings) {
        if (q.tokens.length === 1 && q.compact.length < 2) continue;
        const matches = q.tokens.map((t, i) => this.tokenMatch(t, i === q.tokens.length - 1, false));
        this.matchWords(q, matches, (d, m) => {
          const doc = this.docs[d];
          const base =
            m.nameTokens === q.tokens.length
              ? SCORE.words
              : m.nameCompact === doc.compact
                ? SCORE.exactWithQualifier
                : doc.compact.startsWith(m.nameCompact)
                  ? SCORE.prefixWithQualifier
                  : SCORE.wordsWithQualifier;
          scored(q, d, base, false);
        });
      }
      flush();
    }
    if (found.size >= limit) return;
    const type = typeOnly(tokens);
    if (type) {
      for (const c of this.communesByType.get(type) ?? []) offer(c, SCORE.typeOnly, 'name', 0, null);
    }
    if (found.size >= limit) return;

    // 3. Typos: the whole name within an edit or two, or one word of it.
    for (const q of readings) {
      if (q.compact.length >= 4) {
        const max = maxEdits(q.compact);
        for (const table of [this.currentNames, this.legacyNames]) {
          for (const { id, distance } of table.near(q.compact, max)) {
            if (distance === 0) continue;
            for (const d of table.docs[id]) scored(q, d, SCORE.fuzzy - SCORE.fuzzyPerEdit * distance, true);
          }
        }
      }
      const exact = q.tokens.map((t, i) => this.tokenMatch(t, i === q.tokens.length - 1, false));
      q.tokens.forEach((token, i) => {
        if (token.length < 4) return;
        const misspelt = this.tokenMatch(token, i === q.tokens.length - 1, true);
        if (misspelt.name.size === exact[i].name.size) return;
        const matches = exact.map((m, j) => (j === i ? misspelt : m));
        this.matchWords(q, matches, (d, m) => {
          if (m.edits > 0) scored(q, d, SCORE.fuzzyWords - SCORE.fuzzyWordsPerEdit * m.edits, true);
        });
      });
    }
    flush();
  }

  /** The words a token matches: itself, any word it begins if it is the last one typed, near words. */
  private tokenMatch(token: string, last: boolean, fuzzy: boolean): TokenMatch {
    const name = new Map<number, number>();
    const qualifier = new Set<number>();
    const exact = this.vocabulary.get(token);
    if (exact !== undefined) {
      name.set(exact, 0);
      qualifier.add(exact);
    }
    if (last) {
      for (
        let i = lowerBound(this.sortedWordIds, token, (id) => this.words[id]);
        i < this.sortedWordIds.length;
        i++
      ) {
        const id = this.sortedWordIds[i];
        if (!this.words[id].startsWith(token)) break;
        name.set(id, 0);
        if (token.length >= 3) qualifier.add(id);
      }
    }
    if (fuzzy && token.length >= 4) {
      for (const { id, distance } of this.wordFuzzy.near(token, maxEdits(token))) {
        if (!name.has(id)) name.set(id, distance);
      }
    }
    return { name, qualifier };
  }

  /**
   * Docs that have every token among their name words or qualifiers, at least one in the name. The
   * rarest token goes first; once few docs are left, the others are checked on those docs directly.
   */
  private matchWords(
    q: Reading,
    matches: TokenMatch[],
    each: (doc: number, m: { nameTokens: number; nameCompact: string; edits: number }) => void,
  ): void {
    if (matches.length === 0 || matches.some((m) => m.name.size === 0 && m.qualifier.size === 0)) return;
    const costs = matches.map((m) => {
      let n = 0;
      for (const id of m.name.keys()) n += this.inName[id].length;
      for (const id of m.qualifier) n += this.inQualifiers[id].length;
      return n;
    });
    const order = matches.map((_, i) => i).sort((a, b) => costs[a] - costs[b]);
    if (this.mark > 0x7fff0000) {
      this.docMark.fill(0);
      this.mark = 0;
    }
    const has = (doc: Doc, m: TokenMatch) => {
      for (let k = 0; k < doc.words.length; k++) if (m.name.has(doc.words[k])) return true;
      for (let k = 0; k < doc.qualifiers.length; k++) if (m.qualifier.has(doc.qualifiers[k])) return true;
      return false;
    };
    // `docMark[d] === mark`: d is still in. Each step moves the survivors to a new mark.
    let mark = ++this.mark;
    let docs: number[] = [];
    order.forEach((i, step) => {
      const m = matches[i];
      if (step > 0 && docs.length * 8 < costs[i]) {
        docs = docs.filter((d) => has(this.docs[d], m));
        return;
      }
      const next = ++this.mark;
      const survivors: number[] = [];
      const keep = (d: number) => {
        if (step === 0 ? this.docMark[d] !== next : this.docMark[d] === mark) {
          this.docMark[d] = next;
          survivors.push(d);
        }
      };
      for (const id of m.name.keys()) this.inName[id].forEach(keep);
      for (const id of m.qualifier) this.inQualifiers[id].forEach(keep);
      mark = next;
      docs = survivors;
    });
    for (const d of docs) {
      const doc = this.docs[d];
      let nameTokens = 0;
      let nameCompact = '';
      let edits = 0;
      for (let i = 0; i < matches.length; i++) {
        let best = -1;
        for (const w of doc.words) {
          const e = matches[i].name.get(w);
          if (e !== undefined && (best < 0 || e < best)) best = e;
        }
        if (best >= 0) {
          nameTokens++;
          nameCompact += q.tokens[i];
          edits += best;
        }
      }
      if (nameTokens > 0) each(d, { nameTokens, nameCompact, edits });
    }
  }

  private hit(e: Entry): CommuneHit {
    const c = this.communes[e.commune];
    const province = c.parent ?? '';
    const out: CommuneHit = {
      code: c.code,
      name: c.name,
      type: c.type,
      provinceCode: province,
      provinceName: this.provinceNames.get(province) ?? '',
      matchedBy: e.matchedBy,
    };
    if (e.rows?.length) {
      // Copies: the rows are the index's own.
      out.legacy = e.rows.map((r) => ({ ...r }));
      out.reason = e.rows.map(formerly).join('; ');
    }
    return out;
  }
}

/** "formerly Xã Quang Phục, Huyện Tứ Kỳ, Tỉnh Hải Dương — Nhập toàn bộ" */
export function formerly(row: LegacyCommune): string {
  const where = [row.oldName, row.oldDistrictName, row.oldProvinceName].filter(Boolean).join(', ');
  return row.mergeNote ? `formerly ${where} — ${row.mergeNote}` : `formerly ${where}`;
}

function reading(type: TypeKey | null, tokens: string[]): Reading {
  return { type, tokens, spelt: tokens.join(' '), compact: tokens.join('') };
}

function kindOffset(doc: Doc, fuzzy: boolean): number {
  if (doc.kind === Kind.OldCommune) return fuzzy ? SCORE.legacyFuzzyCommune : SCORE.legacyCommune;
  if (doc.kind === Kind.OldDistrict) return fuzzy ? SCORE.legacyFuzzyDistrict : SCORE.legacyDistrict;
  return 0;
}

function typeOffset(doc: Doc, type: TypeKey | null): number {
  if (!type) return 0;
  if (doc.type !== type) return SCORE.otherType;
  return doc.kind !== Kind.Commune && !CURRENT_COMMUNE_TYPES.has(type)
    ? SCORE.sameType + SCORE.namedOldType
    : SCORE.sameType;
}

/** One edit in 4–7 letters, two from 8: "tu kyy", "ba dihn", "nguyen giapp". */
function maxEdits(s: string): number {
  return s.length >= 8 ? 2 : 1;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound<T>(
  sorted: readonly T[],
  key: string,
  get: (t: T) => string = (t) => t as unknown as string,
): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (get(sorted[mid]) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mostCommon(names: string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

/** 5-digit codes one edit from a typed code: a digit changed, dropped, added, or two swapped. */
function codeVariants(code: string): Set<string> {
  const out = new Set<string>();
  const digits = '0123456789';
  if (code.length === 5) {
    for (let i = 0; i < 5; i++) for (const d of digits) out.add(code.slice(0, i) + d + code.slice(i + 1));
    for (let i = 0; i < 4; i++) out.add(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2));
  } else if (code.length === 6) {
    for (let i = 0; i < 6; i++) out.add(code.slice(0, i) + code.slice(i + 1));
  } else if (code.length === 4) {
    for (let i = 0; i <= 4; i++) for (const d of digits) out.add(code.slice(0, i) + d + code.slice(i));
  }
  out.delete(code);
  return out;
}
