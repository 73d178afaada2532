/** Folded form of the Latin letters met so far ('' for a mark or an apostrophe, ' ' for anything else). */
const FOLDED_CHARS = new Map<number, string>();

function foldChar(code: number): string {
  let f = FOLDED_CHARS.get(code);
  if (f === undefined) {
    const ch = String.fromCharCode(code);
    if ((code >= 0x300 && code <= 0x36f) || '’‘´'.includes(ch)) f = '';
    else {
      const base = ch.normalize('NFD').charAt(0).toLowerCase();
      f = base === 'đ' ? 'd' : /^[a-z0-9]$/.test(base) ? base : ' ';
    }
    // Vietnamese lies below U+2000; anything else typed is folded each time, so the cache stays small.
    if (code < 0x2000) FOLDED_CHARS.set(code, f);
  }
  return f;
}

/**
 * What people type, folded for matching: no diacritics, `đ` as `d`, lower case, apostrophes dropped
 * ("Ea H’Leo" → "ea hleo"), any other punctuation a single space ("Phan Rang-Tháp Chàm" →
 * "phan rang thap cham"). The data mixes precomposed and decomposed Vietnamese; both fold alike.
 * One pass over the characters: the index folds some 15,000 names when it is built.
 */
export function foldText(text: string): string {
  let out = '';
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let f: string;
    if (code >= 97 && code <= 122) f = text[i];
    else if (code >= 65 && code <= 90) f = String.fromCharCode(code + 32);
    else if (code >= 48 && code <= 57) f = text[i];
    else if (code === 39 || code === 96) f = '';
    else if (code < 128) f = ' ';
    else f = foldChar(code);
    if (f === ' ') space = out.length > 0;
    else if (f !== '') {
      if (space) out += ' ';
      out += f;
      space = false;
    }
  }
  return out;
}

/** A unit type word at the start of a folded name or query ("xa", "thi tran", …) in its folded form. */
export type TypeKey =
  'phuong' | 'xa' | 'dac khu' | 'thi tran' | 'thi xa' | 'thanh pho' | 'huyen' | 'quan' | 'tinh';

/** The 2025 commune-level types (phường / xã / đặc khu). The others name only pre-2025 units or provinces. */
export const CURRENT_COMMUNE_TYPES: ReadonlySet<TypeKey> = new Set<TypeKey>(['phuong', 'xa', 'dac khu']);

/** Longest first, so "thi xa" is not read as "thi" + "xa". */
const TYPE_WORDS: ReadonlyArray<readonly [readonly string[], TypeKey]> = [
  [['dac', 'khu'], 'dac khu'],
  [['thi', 'tran'], 'thi tran'],
  [['thi', 'xa'], 'thi xa'],
  [['thanh', 'pho'], 'thanh pho'],
  [['phuong'], 'phuong'],
  [['xa'], 'xa'],
  [['huyen'], 'huyen'],
  [['quan'], 'quan'],
  [['tinh'], 'tinh'],
];

/** Abbreviations counsellors type ("tt tu ky", "p ba dinh"); only ever read off a query. */
const TYPE_ABBREVIATIONS: ReadonlyMap<string, TypeKey> = new Map<string, TypeKey>([
  ['p', 'phuong'],
  ['x', 'xa'],
  ['dk', 'dac khu'],
  ['tt', 'thi tran'],
  ['tx', 'thi xa'],
  ['tp', 'thanh pho'],
  ['q', 'quan'],
  ['h', 'huyen'],
]);

/**
 * Splits a leading type word off folded words: ["xa","tu","ky"] → { type: "xa", rest: ["tu","ky"] }.
 * Nothing is split when nothing would remain ("Phường" alone) or when no type word leads.
 */
export function splitType(
  words: readonly string[],
  abbreviations = false,
): { type: TypeKey | null; rest: string[] } {
  for (const [typeWords, key] of TYPE_WORDS) {
    if (words.length > typeWords.length && typeWords.every((w, i) => words[i] === w)) {
      return { type: key, rest: words.slice(typeWords.length) };
    }
  }
  const abbreviated = abbreviations && words.length > 1 ? TYPE_ABBREVIATIONS.get(words[0]) : undefined;
  if (abbreviated) return { type: abbreviated, rest: words.slice(1) };
  return { type: null, rest: [...words] };
}

/** The type a query names and nothing else ("đặc khu"), if it does. */
export function typeOnly(words: readonly string[]): TypeKey | null {
  for (const [typeWords, key] of TYPE_WORDS) {
    if (words.length === typeWords.length && typeWords.every((w, i) => words[i] === w)) return key;
  }
  return null;
}
