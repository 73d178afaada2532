/**
 * The envelope of every integration event on Kafka. The Kafka key is `aggregateId`, so all events of
 * one aggregate share a partition and keep their order end to end.
 */
export interface IntegrationEnvelope<TType extends string = string, TData = unknown> {
  /** Same id as the domain event it was derived from: consumers dedupe on it. */
  eventId: string;
  type: TType;
  schemaVersion: number;
  aggregateId: string;
  /** Version of the aggregate stream after this event. */
  aggregateVersion: number;
  occurredAt: string;
  /**
   * The service that wrote it. A consumer does not take the body's word for it: the topic's ACLs let one
   * service write it (kafka-principals.json), and a message claiming another is refused
   * (`attributeToTopic` in libs/platform), so past the consumer this field is what the broker vouches for.
   */
  producer: 'intake' | 'casework' | 'reporting';
  correlationId: string;
  causationId: string | null;
  /** Acting user and unit: who did it, not who they are (no personal data). */
  actor: { id: string; roles: string[]; unit: string | null };
  data: TData;
  /**
   * Where the domain event this envelope was derived from sits in its source stream, with its hash and
   * the previous event's hash: consumers keep a copy of the chain and can check it against the source.
   * Set by the event store when the event is appended (absent on messages that are not stored events).
   */
  integrity?: EventIntegrityV1;
}

export interface EventIntegrityV1 {
  /** The source service's event-store stream id (e.g. `case-<uuid>`). */
  streamId: string;
  streamVersion: number;
  hash: string;
  prevHash: string;
}

/** Kafka header names used alongside the JSON envelope. */
export const HEADERS = {
  eventId: 'cp-event-id',
  eventType: 'cp-event-type',
  schemaVersion: 'cp-schema-version',
  correlationId: 'cp-correlation-id',
  causationId: 'cp-causation-id',
  error: 'cp-error',
  failedAt: 'cp-failed-at',
  originalTopic: 'cp-original-topic',
  originalPartition: 'cp-original-partition',
  originalOffset: 'cp-original-offset',
} as const;
