import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one service, served at /metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsAppended: Counter<'stream_type'>;
  readonly outboxPublished: Counter<'topic'>;
  readonly messagesConsumed: Counter<'topic' | 'outcome'>;
  readonly deadlinesMissed: Counter<'kind'>;
  readonly consumerApply: Histogram<'consumer' | 'topic'>;
  readonly consumerLag: Histogram<'consumer' | 'topic'>;
  readonly consumerBatch: Histogram<'consumer' | 'topic'>;
  readonly outboxPublish: Histogram<'stage'>;
  readonly outboxBatch: Histogram;
  /** Reporting's integrity sweep (docs/audit-integrity.md): alerts raised, alerts held, sweeps run. */
  readonly integrityAlertsRaised: Counter<'kind' | 'producer'>;
  readonly integrityAlerts: Gauge<'kind' | 'producer'>;
  readonly integritySweeps: Counter<'outcome'>;
  readonly integrityLastSweep: Gauge;

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
    // Where the time of the pipeline goes, stage by stage (docs/performance.md).
    const fast = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
    this.consumerApply = new Histogram({
      name: 'cp_consumer_apply_seconds',
      help: 'Time a consumer spends applying a message: its share of the transaction it was applied in',
      labelNames: ['consumer', 'topic'],
      buckets: fast,
      registers: [this.registry],
    });
    this.consumerLag = new Histogram({
      name: 'cp_consumer_lag_seconds',
      help: 'From a message being written to Kafka to its effect being committed by this consumer',
      labelNames: ['consumer', 'topic'],
      buckets: [...fast, 30, 60],
      registers: [this.registry],
    });
    this.consumerBatch = new Histogram({
      name: 'cp_consumer_batch_size',
      help: 'Messages a consumer applied in one transaction',
      labelNames: ['consumer', 'topic'],
      buckets: [1, 2, 5, 10, 20, 50, 100],
      registers: [this.registry],
    });
    this.outboxPublish = new Histogram({
      name: 'cp_outbox_publish_seconds',
      help: 'One batch of the outbox relay, by stage (read, send, mark)',
      labelNames: ['stage'],
      buckets: fast,
      registers: [this.registry],
    });
    this.integrityAlertsRaised = new Counter({
      name: 'cp_integrity_alerts_raised_total',
      help: 'Integrity alerts raised by this reporting process: evidence that a record was altered or deleted',
      labelNames: ['kind', 'producer'],
      registers: [this.registry],
    });
    this.integrityAlerts = new Gauge({
      name: 'cp_integrity_alerts',
      help: 'Integrity alerts reporting holds (never cleared: each is evidence), by kind and producer',
      labelNames: ['kind', 'producer'],
      registers: [this.registry],
    });
    this.integritySweeps = new Counter({
      name: 'cp_integrity_sweeps_total',
      help: "Runs of reporting's integrity sweep, by outcome (completed, failed, skipped: another instance ran it)",
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    this.integrityLastSweep = new Gauge({
      name: 'cp_integrity_last_sweep_timestamp_seconds',
      help: "When reporting's integrity sweep last completed (Unix time)",
      registers: [this.registry],
    });
    this.outboxBatch = new Histogram({
      name: 'cp_outbox_batch_size',
      help: 'Messages published per batch of the outbox relay',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers: [this.registry],
    });
  }
}
