// Typed clients of the three services, generated from their OpenAPI documents (`npm run console:api`).
// Each service is reached under its own prefix of the console's origin (the proxy strips it).
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as IntakePaths } from './generated/intake';
import type { paths as CaseworkPaths } from './generated/casework';
import type { paths as ReportingPaths } from './generated/reporting';
import { ProblemError, asProblem, isProblem } from './problems';

let accessToken: () => string | undefined = () => undefined;

/** The signed-in user's access token, read at each request (silent renewal replaces it). */
export function setAccessTokenSource(source: () => string | undefined): void {
  accessToken = source;
}

const bearer: Middleware = {
  onRequest({ request }) {
    const token = accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

export const intake = createClient<IntakePaths>({ baseUrl: '/api/intake' });
export const casework = createClient<CaseworkPaths>({ baseUrl: '/api/casework' });
export const reporting = createClient<ReportingPaths>({ baseUrl: '/api/reporting' });
for (const client of [intake, casework, reporting]) client.use(bearer);

export interface Answer<T> {
  data: T;
  /** The record's version from the ETag, to send back as If-Match. */
  version: number | undefined;
}

/**
 * The answer's body, or a ProblemError. The services' documents describe requests, not responses (their
 * controllers return interfaces), so the caller names the view type it expects (see views.ts).
 */
export async function answer<T>(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<Answer<T>> {
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (err) {
    throw new ProblemError(asProblem(err));
  }
  const { data, error, response } = result;
  if (!response.ok) {
    throw new ProblemError(isProblem(error) ? error : asProblem(error, response.status));
  }
  const etag = response.headers.get('ETag');
  const m = etag ? /(\d+)/.exec(etag) : null;
  return { data: data as T, version: m ? Number(m[1]) : undefined };
}

/** The value of If-Match for a version seen. */
export const ifMatch = (version: number | undefined): string | undefined =>
  version === undefined ? undefined : `"${version}"`;

/** A fresh Idempotency-Key: a command retried (double click, lost answer) with the same key acts once. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
