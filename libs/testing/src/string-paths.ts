/**
 * For the specs that check every string field of every event is either sealed or a reviewed code: the
 * path of every string leaf of a value (array positions as `*`), and whether a pattern (`a.*.b`) names it.
 */
export function stringPaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return [path.join('.')];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, Array.isArray(value) ? '*' : k]));
}

export const pathMatches = (pattern: string, path: string): boolean =>
  new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^.]+')}$`).test(path);
