import pino, { type Logger } from 'pino';
import { currentContext } from './context';

export type { Logger } from 'pino';

/**
 * Keys whose values may be a child's, a family's or a reporter's personal data, or a case's narrative:
 * every personal field the services seal (children's and reporters' identities, the caller's account, and
 * every free text of a case), request bodies and message payloads. Services log ids and codes, never
 * payloads; this is the safety net if one slips through, and it applies at any depth of a logged object.
 * The services' specs check that each field they seal is listed here.
 */
export const REDACTED_KEYS: ReadonlySet<string> = new Set([
  // requests and messages
  'authorization',
  'cookie',
  'body',
  'payload',
  'data',
  'personal',
  // people
  'reporter',
  'name',
  'birthDate',
  'phone',
  'address',
  'callerKey',
  'ethnicity',
  'parents',
  'caregivers',
  'caregiver',
  'abuser',
  'allegedAbuser',
  'allegedAbusers',
  'carers',
  'occupation',
  'age',
  'identity',
  'familySituation',
  // what the caller told, and every free text of a case
  'notes',
  'note',
  'place',
  'currentCondition',
  'expectedWithoutHelp',
  'actionsTaken',
  'summary',
  'description',
  'placementNote',
  'reason',
  'reasons',
  'revisionReason',
  'minutes',
  'goals',
  'participants',
  'childViews',
  'reasonNotHeard',
  'authorityRequest',
  'authority',
  'reportNumber',
  'decisionNo',
  'transferredTo',
  'reference',
  'provider',
  'policeUnit',
  'responsibleBody',
  'q',
]);

const CENSOR = '[redacted]';
const MAX_DEPTH = 12;

/**
 * A copy of `value` with every listed key's value replaced, at any depth. An error keeps its name and
 * message (they are the service's own words); a cycle or an object deeper than MAX_DEPTH is cut.
 */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1, seen));
  if (value instanceof Error) {
    return { type: value.name, message: value.message, stack: value.stack };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (REDACTED_KEYS.has(k) && v !== null && v !== undefined) out[k] = CENSOR;
    else if (ERROR_KEYS.has(k) && v !== null && typeof v === 'object') out[k] = errorShape(v, depth, seen);
    else out[k] = redactDeep(v, depth + 1, seen);
  }
  return out;
}

/** Where a logged error sits (`{ err: { name, message } }`, kafkajs's `error`): its name and message stay. */
const ERROR_KEYS = new Set(['err', 'error']);
const ERROR_FIELDS = new Set(['name', 'type', 'message', 'stack', 'code']);

function errorShape(value: object, depth: number, seen: WeakSet<object>): unknown {
  if (value instanceof Error || Array.isArray(value)) return redactDeep(value, depth + 1, seen);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (ERROR_FIELDS.has(k) && (typeof v === 'string' || typeof v === 'number')) out[k] = v;
    else if (REDACTED_KEYS.has(k) && v !== null && v !== undefined) out[k] = CENSOR;
    else out[k] = redactDeep(v, depth + 1, seen);
  }
  return out;
}

/** One structured logger per process; every line carries the correlation id of the work in hand. */
export function createLogger(service: string, level = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    base: { service },
    formatters: {
      // Every logged object goes through the deep redaction, whatever its shape and depth.
      log: (object) => redactDeep(object) as Record<string, unknown>,
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const ctx = currentContext();
      return ctx ? { ...ctx } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
