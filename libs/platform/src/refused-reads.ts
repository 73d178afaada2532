import type { AuthUser } from '@cp/auth';
import type { Logger, ProblemDetails, ProblemRequest } from '@cp/observability';

/**
 * A read that was turned away, as the request named it. Recorded like every read (docs/audit-trail.md):
 * who asked for which record, and that the answer was no — whether for want of a role, because the record
 * is outside the reader's units, or because there is none (the answer does not tell which, nor does the
 * trail).
 */
export interface RefusedRead {
  user: AuthUser;
  /** The path asked for, under `/api/v1` (without the query). */
  path: string;
  status: number;
  code: string;
}

/**
 * Records refused reads of the records a service holds. A service that holds records provides it (intake
 * and casework: `AccessLog`; reporting: its audit query log); `createServiceApp` then calls it for every
 * 403 or 404 answered to a signed-in caller's GET.
 */
export abstract class RefusedReadRecorder {
  abstract recordRefusal(refused: RefusedRead): Promise<void>;
}

/** The problem listener that hands refused reads to `recorder` (failures are logged, never answered). */
export function refusedReadListener(
  recorder: RefusedReadRecorder,
  logger: Logger,
): (req: ProblemRequest, problem: ProblemDetails) => void {
  return (req, problem) => {
    if (req.method !== 'GET' || (problem.status !== 403 && problem.status !== 404)) return;
    const user = req.user as AuthUser | undefined;
    if (!user || typeof user.sub !== 'string') return;
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
    recorder
      .recordRefusal({ user, path, status: problem.status, code: problem.code })
      .catch((err: unknown) =>
        logger.error(
          { err: { message: err instanceof Error ? err.message : String(err) }, path },
          'a refused read could not be recorded',
        ),
      );
  };
}
