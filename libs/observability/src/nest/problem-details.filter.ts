import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@cp/contracts';
import type { Logger } from 'pino';
import { currentContext } from '../context';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  correlationId?: string;
  errors?: Array<{ field: string; messages: string[] }>;
  [key: string]: unknown;
}

const STATUS_BY_KIND: Record<DomainError['kind'], number> = {
  invalid: 422,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 409,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  503: 'Service Unavailable',
  500: 'Internal Server Error',
};

export interface ProblemRequest {
  method?: string;
  originalUrl?: string;
  url?: string;
  /** The verified caller, when the token was checked before the refusal. */
  user?: unknown;
}

interface ProblemResponse {
  status: (s: number) => { send: (body: string) => void };
  setHeader: (k: string, v: string) => void;
  headersSent?: boolean;
}

/**
 * Every error leaves the service as RFC 9457 problem details with a stable `code`:
 * domain errors by their kind, HTTP errors as thrown, anything else as a 500 that reveals nothing.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  /**
   * `onProblem` hears of every problem answered (e.g. to record a refused read of a child's record); it
   * must not throw, and the answer does not wait for it.
   */
  constructor(
    private readonly logger: Logger,
    private readonly onProblem?: (req: ProblemRequest, problem: ProblemDetails) => void,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<ProblemRequest>(), http.getResponse<ProblemResponse>());
  }

  /**
   * The same answers for what never reaches Nest's router (its not-found and error handlers only cover the
   * `/api/v1` prefix): any other path is a problem+json 404, and an error of a plain middleware a problem
   * too — never the framework's HTML page. Install after the application's routes.
   */
  fallbacks(): {
    notFound: (req: ProblemRequest, res: ProblemResponse) => void;
    error: (err: unknown, req: ProblemRequest, res: ProblemResponse, next: (err?: unknown) => void) => void;
  } {
    return {
      notFound: (req, res) =>
        this.respond(
          new HttpException(
            {
              code: 'REQUEST.NOT_FOUND',
              detail: 'There is nothing at this address: the API is under /api/v1 (see /api/docs).',
            },
            404,
          ),
          req,
          res,
        ),
      // Express recognises an error handler by its four parameters.
      error: (err, req, res, _next) => this.respond(err, req, res),
    };
  }

  private respond(exception: unknown, req: ProblemRequest, res: ProblemResponse): void {
    // A plain middleware's client error (e.g. a malformed percent-encoding) carries its status.
    const status = (exception as { status?: unknown } | null)?.status;
    if (
      !(exception instanceof HttpException) &&
      typeof status === 'number' &&
      status >= 400 &&
      status < 500
    ) {
      exception = new HttpException(
        { code: defaultCode(status), detail: TITLES[status] ?? 'Bad request' },
        status,
      );
    }
    const problem = this.toProblem(exception);
    problem.instance = (req.originalUrl ?? req.url ?? '').split('?')[0];
    problem.correlationId = currentContext()?.correlationId;
    if (problem.status >= 500) {
      const err =
        exception instanceof Error
          ? { name: exception.name, message: exception.message, stack: exception.stack }
          : { value: String(exception) };
      this.logger.error({ err }, 'unhandled error');
    }
    this.onProblem?.(req, problem);
    if (res.headersSent) return;
    res.setHeader('Content-Type', 'application/problem+json');
    if (problem.status === 503) res.setHeader('Retry-After', '5');
    res.status(problem.status).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) {
      const status = STATUS_BY_KIND[exception.kind];
      return {
        type: `/problems/${exception.code.toLowerCase().replace(/[._]/g, '-')}`,
        title: TITLES[status] ?? 'Error',
        status,
        code: exception.code,
        detail: exception.detail,
        ...exception.extra,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const b = (typeof body === 'object' && body !== null ? body : { message: body }) as Record<
        string,
        unknown
      >;
      const code = typeof b.code === 'string' ? b.code : defaultCode(status);
      const detail =
        typeof b.detail === 'string'
          ? b.detail
          : typeof b.message === 'string'
            ? b.message
            : Array.isArray(b.message)
              ? (b.message as string[]).join('; ')
              : (TITLES[status] ?? 'Error');
      const problem: ProblemDetails = {
        type: `/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
        title: TITLES[status] ?? 'Error',
        status,
        code,
        detail,
      };
      if (Array.isArray(b.errors)) problem.errors = b.errors as ProblemDetails['errors'];
      // Extra members the thrower chose to expose (e.g. the checks of a failing /health).
      for (const [k, v] of Object.entries(b)) {
        if (!(k in problem) && !['message', 'statusCode', 'error', 'title', 'type'].includes(k))
          problem[k] = v;
      }
      return problem;
    }
    const pgCode = databaseErrorCode(exception);
    if (pgCode === '57014' || pgCode === 'ECONNREFUSED' || pgCode === '57P01' || pgCode === '53300') {
      // A statement cut by DB_STATEMENT_TIMEOUT_MS, or a database that is down or full of connections.
      return {
        type: '/problems/database-unavailable',
        title: TITLES[503],
        status: 503,
        code: 'DATABASE.UNAVAILABLE',
        detail:
          'The database did not answer in time. Nothing was changed by this request; try again in a moment.',
      };
    }
    return {
      type: '/problems/internal',
      title: TITLES[500],
      status: 500,
      code: 'INTERNAL',
      detail:
        'Something went wrong on our side. Nothing you sent was lost; try again, and quote the correlation id if it persists.',
    };
  }
}

/** The PostgreSQL SQLSTATE (or the socket error code) behind a database failure, if it is one. */
function databaseErrorCode(exception: unknown): string | undefined {
  const e = exception as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

function defaultCode(status: number): string {
  switch (status) {
    case 400:
      return 'REQUEST.INVALID';
    case 404:
      return 'REQUEST.NOT_FOUND';
    case 413:
      return 'REQUEST.TOO_LARGE';
    case 415:
      return 'REQUEST.UNSUPPORTED_MEDIA_TYPE';
    default:
      return `HTTP.${status}`;
  }
}
