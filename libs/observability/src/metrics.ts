import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one service, served at /metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsAppended: Counter<'stream_type'>;
  readonly outboxPublished: Counter<'topic'>;
  readonly messagesConsumed: Counter<'topic' | 'outcome'>;
  readonly deadlinesMissed: Counter<'kind'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'cp_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.eventsAppended = new Counter({
      name: 'cp_events_appended_total',
      help: 'Domain events appended to the event store',
      labelNames: ['stream_type'],
      registers: [this.registry],
    });
    this.outboxPublished = new Counter({
      name: 'cp_outbox_published_total',
      help: 'Outbox messages published to Kafka',
      labelNames: ['topic'],
      registers: [this.registry],
    });
    this.messagesConsumed = new Counter({
      name: 'cp_messages_consumed_total',
      help: 'Kafka messages handled by consumers, by outcome (applied, duplicate, dead_lettered)',
      labelNames: ['topic', 'outcome'],
      registers: [this.registry],
    });
    this.deadlinesMissed = new Counter({
      name: 'cp_deadlines_missed_total',
      help: 'Case deadlines reported missed by the deadline watcher',
      labelNames: ['kind'],
      registers: [this.registry],
    });
  }
}
