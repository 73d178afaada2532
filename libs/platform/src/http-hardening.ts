import {
  BadRequestException,
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import type { Observable } from 'rxjs';
import helmet from 'helmet';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { JwtVerifier } from '@cp/auth';
import type { Logger } from '@cp/observability';

// Hostile input: everything here runs before a request reaches a controller, and every
// refusal leaves as problem details through the global ProblemDetailsFilter (errors are passed to
// `next`, which Nest's error handler hands to the filter).

/** The JSON body limit of every service. */
export const BODY_LIMIT = '256kb';
/** Deepest nesting of objects and arrays accepted in a JSON body (real forms need 4). */
export const MAX_JSON_DEPTH = 16;
/** Longest accepted query parameter value and the most parameters in one query string. */
export const MAX_QUERY_VALUE_LENGTH = 1000;
export const MAX_QUERY_PARAMS = 30;
/** Keys that could reach an object's prototype when copied into a class instance. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * The Content-Security-Policy directives: strict by default; Swagger UI (/api/docs) needs its own scripts
 * and inline styles, nothing else.
 */
const API_CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};
const DOCS_CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};
/** The API's policy as one header value, for answers written without Express (`answerClientErrors`). */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Helmet with exactly our headers: its other defaults (Origin-Agent-Cluster, X-XSS-Protection, …) off. */
function helmetWith(csp: Record<string, string[]>, production: boolean) {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: csp },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    originAgentCluster: false,
    referrerPolicy: { policy: 'no-referrer' },
    // The services run behind TLS in production only; HSTS on plain HTTP would be ignored or, worse, pinned.
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xContentTypeOptions: true,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: { action: 'deny' },
    xPermittedCrossDomainPolicies: { permittedPolicies: 'none' },
    xPoweredBy: true,
    xXssProtection: false,
  });
}

/** Is this a page or document of Swagger UI (served with the docs' CSP)? */
function isDocs(path: string): boolean {
  return path === '/api/docs' || path.startsWith('/api/docs/') || path === '/api/docs-json';
}

/**
 * Security headers on every answer, written by helmet. Answers hold children's data: never cached, never
 * framed, never sniffed, no referrer; HSTS in production (the services run behind TLS there).
 * `Cache-Control: no-store` is not a helmet header: it is set here.
 */
export function securityHeaders(opts: { production: boolean }) {
  const api = helmetWith(API_CSP_DIRECTIVES, opts.production);
  const docs = helmetWith(DOCS_CSP_DIRECTIVES, opts.production);
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Cache-Control', 'no-store');
    (isDocs(req.path) ? docs : api)(req, res, next);
  };
}

/** The CORS options of `app.enableCors`, or none when no origin is allowed (then no CORS header at all). */
export function corsOptions(origins: string[]) {
  if (!origins.length) return undefined;
  const allowed = new Set(origins);
  return {
    // A function, so an origin that is not listed gets no CORS header at all (not even on a preflight).
    origin: (origin: string | undefined, cb: (err: Error | null, allow?: boolean) => void) =>
      cb(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PUT'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
    exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Correlation-Id'],
    credentials: false,
    maxAge: 600,
  };
}

/** The rate limit's window: requests are counted per key and minute. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

const EXEMPT = new Set(['/metrics']);

/**
 * 429 RATE_LIMITED with Retry-After once a user (the verified token's `sub`) or, without a valid token,
 * a client address, has sent more than `perMinute` in the current minute. The health checks count too
 * (they ask the database and the broker); /metrics, scraped from inside the network, is exempt.
 *
 * A middleware rather than @nestjs/throttler's guard: it must count every path before routing (unknown
 * paths, the API docs, a wrong method) and count a request with an invalid token against its address,
 * which a guard running after the authentication guard never sees. The counting is the library's
 * `ThrottlerStorage`: PostgreSQL in the services (`PostgresThrottlerStorage`, shared by all instances),
 * its in-memory storage in tests of a lone app. If the storage fails, the request goes through: the limit
 * protects the service, it must not take it down with the database (the failure is logged).
 */
export function rateLimit(
  storage: ThrottlerStorage,
  perMinute: number,
  verifier: Pick<JwtVerifier, 'verify'>,
  logger?: Logger,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (perMinute <= 0 || EXEMPT.has(req.path)) return next();
    keyOf(req, verifier)
      .then((key) => storage.increment(key, RATE_LIMIT_WINDOW_MS, perMinute, 0, 'default'))
      .then(
        ({ totalHits, timeToExpire }) => {
          if (totalHits <= perMinute) return next();
          const retryAfterSeconds = Math.max(1, Math.ceil(timeToExpire));
          res.setHeader('Retry-After', String(retryAfterSeconds));
          next(
            new HttpException(
              {
                code: 'RATE_LIMITED',
                detail: `Too many requests: at most ${perMinute} a minute per user. Try again in ${retryAfterSeconds} s.`,
              },
              429,
            ),
          );
        },
        (err: unknown) => {
          logger?.warn({ err }, 'the rate limit could not count a request; it goes through');
          next();
        },
      )
      .catch(next);
  };
}

async function keyOf(req: Request, verifier: Pick<JwtVerifier, 'verify'>): Promise<string> {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (match) {
    try {
      // The verifier remembers verified tokens: the guard's own check costs nothing more.
      return `user:${(await verifier.verify(match[1])).sub}`;
    } catch {
      /* an invalid token counts against the client's address */
    }
  }
  return `ip:${req.socket.remoteAddress ?? 'unknown'}`;
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

/**
 * A path that exists with another method answers 405 with `Allow` (not 404). Routes are looked up at
 * request time, when Nest has registered them all.
 */
export function methodNotAllowed() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const stack = (req.app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
    const method = req.method.toLowerCase();
    const allowed = new Set<string>();
    for (const layer of stack) {
      if (!layer.route) continue;
      let matches = false;
      try {
        matches = layer.match(req.path);
      } catch {
        /* a malformed percent-encoding: routing refuses it with 400 */
      }
      if (!matches) continue;
      const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
      if (
        methods.includes(method) ||
        methods.includes('_all') ||
        (method === 'head' && methods.includes('get'))
      )
        return next();
      for (const m of methods) allowed.add(m.toUpperCase());
    }
    if (!allowed.size) return next();
    if (allowed.has('GET')) allowed.add('HEAD');
    res.setHeader('Allow', [...allowed].sort().join(', '));
    next(
      new HttpException(
        {
          code: 'REQUEST.METHOD_NOT_ALLOWED',
          detail: `This path takes ${[...allowed].sort().join(', ')}, not ${req.method.slice(0, 20)}.`,
        },
        405,
      ),
    );
  };
}

/** A body must be JSON: anything else is 415 before it is read. */
export function requireJsonBody() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!hasBody(req) || req.is(JSON_TYPES)) return next();
    next(
      new UnsupportedMediaTypeException({
        code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        detail: 'Send the body as JSON with Content-Type: application/json.',
      }),
    );
  };
}

/**
 * Errors of the JSON body parser as problem details with stable codes and without the parser's message
 * (which quotes the input): malformed JSON 400, too large 413, a charset or encoding it cannot read 415.
 */
export function bodyParserErrors() {
  return (err: unknown, _req: Request, _res: Response, next: NextFunction): void => {
    const type = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
    switch (type) {
      case 'entity.parse.failed':
        return next(
          new BadRequestException({
            code: 'REQUEST.MALFORMED_JSON',
            detail: 'The body is not well-formed JSON.',
          }),
        );
      case 'entity.too.large':
        return next(
          new PayloadTooLargeException({
            code: 'REQUEST.TOO_LARGE',
            detail: `The body is larger than the limit of ${BODY_LIMIT}.`,
          }),
        );
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return next(
          new UnsupportedMediaTypeException({
            code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
            detail: 'Send the body as UTF-8 JSON, not compressed.',
          }),
        );
      case 'request.aborted':
      case 'request.size.invalid':
        return next(
          new BadRequestException({ code: 'REQUEST.INVALID', detail: 'The body was not received whole.' }),
        );
      default:
        return next(err);
    }
  };
}

function fieldError(field: string, message: string, detail: string): BadRequestException {
  return new BadRequestException({
    code: 'REQUEST.VALIDATION_FAILED',
    detail,
    errors: [{ field, messages: [message] }],
  });
}

/**
 * Refuses, before validation, what the validation pipe should never have to walk: JSON nested deeper
 * than MAX_JSON_DEPTH, keys that reach a prototype (`__proto__`, `constructor`, `prototype`) anywhere,
 * and query strings with repeated, too many or too long parameters.
 */
export function inputShapeGuard() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (/%00/i.test(req.originalUrl.split('?')[0]) || req.path.includes('\u0000')) {
      return next(
        new BadRequestException({
          code: 'REQUEST.INVALID_CHARACTER',
          detail: 'The path holds a NUL character (%00), which no identifier contains.',
        }),
      );
    }
    const query = req.query as Record<string, unknown>;
    const keys = Object.keys(query);
    if (keys.length > MAX_QUERY_PARAMS) {
      return next(
        new BadRequestException({
          code: 'REQUEST.VALIDATION_FAILED',
          detail: `Too many query parameters: at most ${MAX_QUERY_PARAMS}.`,
        }),
      );
    }
    for (const k of keys) {
      const v = query[k];
      const field = safeName(k);
      if (FORBIDDEN_KEYS.has(k)) {
        return next(
          fieldError(field, `property ${field} should not exist`, `Remove the query parameter ${field}.`),
        );
      }
      if (typeof v !== 'string') {
        return next(
          fieldError(field, 'give this query parameter once', `Give the query parameter ${field} once.`),
        );
      }
      if (v.includes('\u0000')) {
        return next(fieldError(field, NUL_MESSAGE, `The query parameter ${field} holds a NUL character.`));
      }
      if (v.length > MAX_QUERY_VALUE_LENGTH) {
        return next(
          fieldError(
            field,
            `at most ${MAX_QUERY_VALUE_LENGTH} characters`,
            `The query parameter ${field} is longer than ${MAX_QUERY_VALUE_LENGTH} characters.`,
          ),
        );
      }
    }
    const problem = checkJson(req.body);
    if (problem) return next(problem);
    next();
  };
}

/** PostgreSQL stores no U+0000 in text or jsonb: refused at the door rather than failing in SQL. */
const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';

/** Iterative (a hostile body must not exhaust the stack here either). */
function checkJson(body: unknown): BadRequestException | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: body, depth: 1, path: '' }];
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string' && value.includes('\u0000')) {
      return fieldError(
        path || '(body)',
        NUL_MESSAGE,
        `The field ${path || '(body)'} holds a NUL character.`,
      );
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      return new BadRequestException({
        code: 'REQUEST.TOO_DEEP',
        detail: `The body is nested deeper than ${MAX_JSON_DEPTH} levels.`,
      });
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, depth: depth + 1, path: `${path}[${i}]` }));
      continue;
    }
    for (const [k, v] of Object.entries(value)) {
      const field = path ? `${path}.${safeName(k)}` : safeName(k);
      if (k.includes('\u0000'))
        return fieldError(field, NUL_MESSAGE, `The field ${field} holds a NUL character.`);
      if (FORBIDDEN_KEYS.has(k)) {
        return fieldError(field, `property ${safeName(k)} should not exist`, `Remove the field ${field}.`);
      }
      stack.push({ value: v, depth: depth + 1, path: field });
    }
  }
  return undefined;
}

/** A field name as it may be echoed back: printable, short. */
function safeName(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 60 ? `${printable.slice(0, 60)}…` : printable;
}

/**
 * Requests Node's HTTP parser refuses (headers too large, a malformed request line) get a problem-details
 * answer too, instead of Node's bare status line.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify({
      type: tooLarge ? '/problems/request-headers-too-large' : '/problems/request-invalid',
      title: tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
      status,
      code: tooLarge ? 'REQUEST.HEADERS_TOO_LARGE' : 'REQUEST.INVALID',
      detail: tooLarge
        ? 'The request line or headers are too large; send long input in a JSON body.'
        : 'The request could not be read as HTTP.',
    });
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Security-Policy: ${API_CSP}\r\n` +
        'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\n' +
        'Referrer-Policy: no-referrer\r\nConnection: close\r\n\r\n' +
        body,
    );
  });
}

/** Nest's metadata of a handler's parameters: keys `<paramtype>:<index>`; BODY is 3, RAW_BODY 12. */
const ROUTE_ARGS_METADATA = '__routeArguments__';

/**
 * Whitelisting for routes that take no body: their validation pipe never sees one, so without this any
 * fields would be silently accepted. Such a route accepts no body or `{}`; anything else is 400 naming
 * the fields.
 */
@Injectable()
export class NoUnexpectedBodyInterceptor implements NestInterceptor {
  private readonly takesBody = new WeakMap<object, boolean>();

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const handler = ctx.getHandler();
    let takes = this.takesBody.get(handler);
    if (takes === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctx.getClass(), handler.name) ?? {}) as Record<
        string,
        unknown
      >;
      takes = Object.keys(args).some((k) => k.startsWith('3:') || k.startsWith('12:'));
      this.takesBody.set(handler, takes);
    }
    const body = ctx.switchToHttp().getRequest<Request>().body as unknown;
    if (takes || body === undefined || isEmptyObject(body)) return next.handle();
    const fields =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? Object.keys(body).map(safeName)
        : ['(body)'];
    throw new BadRequestException({
      code: 'REQUEST.VALIDATION_FAILED',
      detail: `This request takes no body: remove ${fields.join(', ')}.`,
      errors: fields.map((field) => ({ field, messages: [`property ${field} should not exist`] })),
    });
  }
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}
