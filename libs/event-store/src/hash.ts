import { createHash } from 'node:crypto';

/** The previous hash of the first event in every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level, so the same value always hashes the same whether it
 * comes from the writer's memory or back from a jsonb column (which reorders keys).
 */
export function canonicalJson(value: unknown): string {
  // Like JSON.stringify (which writes the stored jsonb), honour toJSON: a Date is its ISO string.
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Which scheme a stored event was hashed with (`es_events.hash_version`):
 *
 * - 1: `sha256(previousHash + "\n" + canonicalJson(content))` — events stored before the hash covered the
 *   time of recording;
 * - 2: `sha256("v2\n" + previousHash + "\n" + recordedAt + "\n" + canonicalJson(content))`, with
 *   `recordedAt` the ISO instant (milliseconds, UTC) the database recorded the event at. Point-in-time
 *   reads (`?at=`) select events by that instant, so changing it must break the chain like any other field.
 *
 * Every new event is hashed with the current scheme; older events keep verifying under theirs.
 */
export type HashVersion = 1 | 2;
export const HASH_VERSION: HashVersion = 2;

export interface HashedContent {
  streamId: string;
  streamType: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  occurredAt: string;
  /** When the database recorded the event (ISO, milliseconds); covered from scheme 2 on. */
  recordedAt: string;
  hashVersion: HashVersion;
}

/** The canonical text of what every scheme covers besides the previous hash (and, from 2, recordedAt). */
export function hashedText(content: Omit<HashedContent, 'recordedAt' | 'hashVersion'>): string {
  return canonicalJson({
    streamId: content.streamId,
    streamType: content.streamType,
    streamVersion: content.streamVersion,
    eventId: content.eventId,
    type: content.type,
    schemaVersion: content.schemaVersion,
    data: content.data,
    metadata: content.metadata,
    occurredAt: content.occurredAt,
  });
}

/**
 * event-sourcing rule 10: the hash covers the stored content, the time it was recorded and the previous
 * event's hash, so any alteration, insertion or deletion inside a stream breaks the chain at a locatable
 * event. The append statement computes scheme 2 in SQL (`EventStore.append`), the same way.
 */
export function eventHash(previousHash: string, content: HashedContent): string {
  const h = createHash('sha256');
  if (content.hashVersion === 1) {
    h.update(previousHash).update('\n');
  } else if (content.hashVersion === 2) {
    h.update(`v2\n${previousHash}\n${content.recordedAt}\n`);
  } else {
    throw new Error(`unknown hash version ${String(content.hashVersion)}`);
  }
  return h.update(hashedText(content)).digest('hex');
}
