/**
 * Problem details (RFC 9457) as the services send them: a stable `code` the console translates, and for
 * invalid input `errors[].field` (`children[0].sex`) or a domain error's `field`, placed on the form field.
 * The services' `title`, `detail` and messages are English for developers: they are never shown.
 */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string;
  field?: string;
  correlationId?: string;
  errors?: Array<{ field: string; messages?: string[] }>;
  [key: string]: unknown;
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code);
    this.name = 'ProblemError';
  }
}

export function isProblem(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Problem).code === 'string' &&
    typeof (body as Problem).status === 'number'
  );
}

/** A failure that is not a problem body (network down, proxy error page) as a problem the console knows. */
export function asProblem(error: unknown, status = 0): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (isProblem(error)) return error;
  if (status >= 500) return { status, code: 'SERVICE.UNAVAILABLE' };
  if (status > 0) return { status, code: 'REQUEST.FAILED' };
  return { status: 0, code: 'NETWORK.OFFLINE' };
}

/** The catalog key of a problem's sentence: its code when the catalog has it, else one per status class. */
export function problemKey(problem: Problem, has: (key: string) => boolean): string {
  const byCode = `problems.${problem.code}`;
  if (has(byCode)) return byCode;
  if (problem.status === 401) return 'problems.AUTH.UNAUTHENTICATED';
  if (problem.status === 403) return 'problems.AUTH.FORBIDDEN';
  if (problem.status === 404) return 'problems.REQUEST.NOT_FOUND';
  if (problem.status === 409) return 'problems.CONCURRENCY.VERSION_CONFLICT';
  if (problem.status === 422 || problem.status === 400) return 'problems.REQUEST.VALIDATION_FAILED';
  if (problem.status === 429) return 'problems.RATE_LIMITED';
  return 'problems.UNKNOWN';
}

export type FieldPath = Array<string | number>;

/** `children[0].reporter.name` → ['children', 0, 'reporter', 'name'] (antd's NamePath). */
export function fieldPath(field: string): FieldPath {
  const out: FieldPath = [];
  for (const part of field.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [field];
    if (m[1]) out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** The fields a problem names, each once: `errors[].field` of a validation error, or a domain error's `field`. */
export function problemFields(problem: Problem): FieldPath[] {
  const names = new Set<string>();
  for (const e of problem.errors ?? []) if (e.field) names.add(e.field);
  if (typeof problem.field === 'string' && problem.field) names.add(problem.field);
  return [...names].map(fieldPath);
}

/**
 * A service field as the form names it, when the two differ (the form keeps a commune as {value, label}
 * and reporter details under `reporter`). `undefined`: the form has no such field; the message stays on top.
 */
export function toFormField(
  path: FieldPath,
  formFields: ReadonlyMap<string, FieldPath>,
): FieldPath | undefined {
  const key = path.filter((p) => typeof p === 'string').join('.');
  const mapped = formFields.get(key);
  if (!mapped) return undefined;
  // Keep the indexes of the service path (children[1].name → ['children', 1, 'name']).
  const indexes = path.filter((p): p is number => typeof p === 'number');
  let i = 0;
  return mapped.map((p) => (p === '#' ? (indexes[i++] ?? 0) : p));
}
