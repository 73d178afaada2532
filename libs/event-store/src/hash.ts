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
}

/**
 * ARCHITECTURE §2 rule 10: the hash covers the stored content and the previous event's hash, so any
 * alteration, insertion or deletion inside a stream breaks the chain at a locatable event.
 */
export function eventHash(previousHash: string, content: HashedContent): string {
  return createHash('sha256')
    .update(previousHash)
    .update('\n')
    .update(
      canonicalJson({
        streamId: content.streamId,
        streamType: content.streamType,
        streamVersion: content.streamVersion,
        eventId: content.eventId,
        type: content.type,
        schemaVersion: content.schemaVersion,
        data: content.data,
        metadata: content.metadata,
        occurredAt: content.occurredAt,
      }),
    )
    .digest('hex');
}
