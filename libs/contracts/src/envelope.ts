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
  producer: 'intake' | 'casework' | 'reporting';
  correlationId: string;
  causationId: string | null;
  /** Acting user and unit: who did it, not who they are (no personal data). */
  actor: { id: string; roles: string[]; unit: string | null };
  data: TData;
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
