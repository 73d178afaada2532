import pino, { type Logger } from 'pino';
import { currentContext } from './context';

export type { Logger } from 'pino';

/**
 * Paths that may carry a child's or a reporter's personal data. Services should not log payloads at
 * all; this is the safety net if one slips through (DOMAIN §6).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.personal',
  '*.reporter',
  'children[*].name',
  'children[*].birthDate',
  '*.children[*].name',
  '*.children[*].birthDate',
  'body',
  '*.body',
  'data.personal',
  'payload',
];

/** One structured logger per process; every line carries the correlation id of the work in hand. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const ctx = currentContext();
      return ctx ? { ...ctx } : {};
    },
  });
}
