import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { runWithContext } from '../context';
import type { Metrics } from '../metrics';

const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

interface Req {
  method: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  route?: { path?: string };
}
interface Res {
  statusCode: number;
  setHeader(k: string, v: string): void;
  on(event: 'finish', cb: () => void): void;
}

/**
 * Gives every request a correlation id (taken from X-Correlation-Id when it is well-formed) that then
 * follows the work through event metadata and Kafka headers. Logs method, route and status only:
 * never bodies or query strings, which may hold a child's data.
 */
export function httpContextMiddleware(logger: Logger, metrics: Metrics) {
  return (req: Req, res: Res, next: () => void): void => {
    const incoming = req.headers[CORRELATION_HEADER];
    const correlationId = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Correlation-Id', correlationId);
    const started = process.hrtime.bigint();
    runWithContext({ correlationId }, () => {
      res.on('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const route = req.route?.path ?? 'unmatched';
        metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
        const path = req.originalUrl.split('?')[0];
        if (path !== '/health' && path !== '/metrics') {
          logger.info(
            {
              correlationId,
              method: req.method,
              route,
              status: res.statusCode,
              ms: Math.round(seconds * 1000),
            },
            'http request',
          );
        }
      });
      next();
    });
  };
}
