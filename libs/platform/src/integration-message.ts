import { HEADERS, type CommandMetadata, type IntegrationEnvelope } from '@cp/contracts';
import type { OutboxMessage } from '@cp/event-store';

/**
 * Wraps an integration event for the outbox: the envelope (same event id as the domain event, so consumers
 * dedupe on it), keyed by the aggregate id, with the headers consumers log by.
 */
export function integrationMessage<TType extends string, TData>(args: {
  topic: string;
  producer: IntegrationEnvelope['producer'];
  type: TType;
  event: { eventId: string; occurredAt: string };
  aggregateId: string;
  aggregateVersion: number;
  metadata: CommandMetadata;
  data: TData;
}): OutboxMessage {
  const envelope: IntegrationEnvelope<TType, TData> = {
    eventId: args.event.eventId,
    type: args.type,
    schemaVersion: 1,
    aggregateId: args.aggregateId,
    aggregateVersion: args.aggregateVersion,
    occurredAt: args.event.occurredAt,
    producer: args.producer,
    correlationId: args.metadata.correlationId,
    causationId: args.metadata.causationId ?? args.metadata.commandId,
    actor: args.metadata.actor,
    data: args.data,
  };
  return {
    eventId: args.event.eventId,
    topic: args.topic,
    key: args.aggregateId,
    payload: envelope,
    headers: {
      [HEADERS.eventId]: args.event.eventId,
      [HEADERS.eventType]: args.type,
      [HEADERS.schemaVersion]: '1',
      [HEADERS.correlationId]: args.metadata.correlationId,
    },
  };
}
