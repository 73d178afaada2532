import vi from './vi.json';
import en from './en.json';

function flatten(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}
const variables = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the Vietnamese and English catalogs', () => {
  const v = flatten(vi);
  const e = flatten(en);

  it('have the same keys', () => {
    expect([...v.keys()].filter((k) => !e.has(k))).toEqual([]);
    expect([...e.keys()].filter((k) => !v.has(k))).toEqual([]);
  });
  it('use the same variables in each sentence', () => {
    for (const [k, s] of v) expect([k, variables(s)]).toEqual([k, variables(e.get(k) ?? '')]);
  });
  it('have no empty sentence', () => {
    expect([...v, ...e].filter(([, s]) => s.trim() === '').map(([k]) => k)).toEqual([]);
  });
});
