import { ERASED } from './audit.events';

/**
 * A personal field of an event payload (event-sourcing rule 11): where it is — object keys, `*` for every
 * element of an array — and whose it is (the data subject whose key seals it).
 */
export interface PersonalFieldPath {
  path: readonly string[];
  subject: string;
}

/** Replaces, in place, the value at `path` of `node` (every match of a `*`) by `fn` of it. */
export function replaceAtPath(node: unknown, path: readonly string[], fn: (v: unknown) => unknown): void {
  if (node === null || typeof node !== 'object' || path.length === 0) return;
  const [head, ...rest] = path;
  if (head === '*') {
    if (!Array.isArray(node)) return;
    node.forEach((v: unknown, i) => {
      if (rest.length === 0) node[i] = fn(v);
      else replaceAtPath(v, rest, fn);
    });
    return;
  }
  const obj = node as Record<string, unknown>;
  if (!(head in obj)) return;
  if (rest.length === 0) obj[head] = fn(obj[head]);
  else replaceAtPath(obj[head], rest, fn);
}

/**
 * A copy of `data` as it reads once these fields are erased: each text among them reads `[erased]` —
 * what replaying the sealed events gives after the subjects' keys were destroyed.
 */
export function erasedAt<T>(data: T, fields: readonly PersonalFieldPath[]): T {
  const copy = structuredClone(data);
  for (const f of fields) replaceAtPath(copy, f.path, (v) => (typeof v === 'string' && v ? ERASED : v));
  return copy;
}
