import type { HashVersion } from './hash';

export interface EventMetadata {
  actorId: string;
  roles: string[];
  unit: string | null;
  correlationId: string;
  causationId: string | null;
  commandId: string | null;
  [key: string]: unknown;
}

/** An event about to be appended. */
export interface NewEvent<TData = unknown> {
  eventId: string;
  type: string;
  /** Schema version of `data`; 1 unless the payload had a breaking change. */
  schemaVersion?: number;
  data: TData;
  metadata: EventMetadata;
  occurredAt: string;
}

export interface StoredEvent<TData = unknown> {
  globalPosition: string;
  streamId: string;
  streamType: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
  occurredAt: string;
  recordedAt: string;
  previousHash: string;
  hash: string;
  /** The scheme the hash was computed with (see `HashVersion`). */
  hashVersion: HashVersion;
}

/** A message for Kafka written in the same transaction as the events (transactional outbox). */
export interface OutboxMessage {
  eventId: string;
  topic: string;
  /** Kafka key: the aggregate id, so per-aggregate order holds end to end. */
  key: string;
  payload: unknown;
  headers?: Record<string, string>;
}

export interface AppendResult {
  streamId: string;
  /** Stream version after the append. */
  version: number;
  events: Array<{
    eventId: string;
    globalPosition: string;
    streamVersion: number;
    hash: string;
    /** When the database recorded it (covered by the hash). */
    recordedAt: string;
  }>;
}

/** Turns an old payload into the next schema version. Stored events are never rewritten. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an upcaster sees the old payload as stored
export type Upcaster = (data: any) => any;
export interface UpcasterRegistration {
  type: string;
  fromVersion: number;
  upcast: Upcaster;
}
