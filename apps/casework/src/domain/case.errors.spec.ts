import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_ERROR_CODES } from './case.errors';

/** Every non-spec source file of casework. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && e.name !== 'case.errors.ts'
      ? [path]
      : [];
  });
}

describe('the error-code catalogue', () => {
  it('lists exactly the codes casework raises', () => {
    const raised = new Set<string>();
    for (const file of sources(join(__dirname, '..'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'((?:CASE|ERASURE|LEGAL_HOLD)\.[A-Z_0-9]+)'/g)) {
        raised.add(m[1]);
      }
    }
    const listed = new Set<string>(CASE_ERROR_CODES);
    expect([...raised].filter((c) => !listed.has(c)).sort()).toEqual([]);
    expect([...listed].filter((c) => !raised.has(c)).sort()).toEqual([]);
    expect(CASE_ERROR_CODES.length).toBe(listed.size);
  });
});
