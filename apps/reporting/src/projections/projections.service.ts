import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, TOPICS } from '@cp/contracts';
import { LOGGER, MessagingLifecycle } from '@cp/platform';
import type { Logger } from '@cp/observability';
import { CaseloadProjection } from '../caseload/caseload.projection';
import { EventCopyProjection } from '../events/event-copy.projection';
import { StatisticsProjection } from '../statistics/statistics.projection';
import { LIVE, type Projection } from './projection';
import { rebuildProjection, startingProgress, type RebuildProgress } from './rebuild';

export const LIVE_CONSUMER = 'projections';

/**
 * One live consumer applies every read model of reporting in the same transaction per event (they never
 * disagree about what has been seen), and any of them can be rebuilt from the topics into shadow tables.
 */
@Injectable()
export class ProjectionsService implements OnModuleInit {
  private readonly projections: Projection[];
  private readonly jobs = new Map<string, RebuildProgress>();
  private readonly running = new Set<string>();

  constructor(
    private readonly ds: DataSource,
    private readonly messaging: MessagingLifecycle,
    @Inject(LOGGER) private readonly logger: Logger,
    events: EventCopyProjection,
    caseload: CaseloadProjection,
    statistics: StatisticsProjection,
  ) {
    this.projections = [events, caseload, statistics];
  }

  onModuleInit(): void {
    this.messaging.consume(
      LIVE_CONSUMER,
      [TOPICS.caseworkCases, TOPICS.intakeContacts],
      async (env, ctx) => {
        for (const p of this.projections) await p.applyBatch([env], ctx.sql, LIVE);
      },
      // A batch of one partition: each read model writes it in one statement per table.
      async (envs, ctx) => {
        for (const p of this.projections) await p.applyBatch(envs, ctx.sql, LIVE);
      },
    );
  }

  names(): string[] {
    return this.projections.map((p) => p.name);
  }

  /** Starts a rebuild in the background; its progress is read with `progress()`. */
  start(name: string): RebuildProgress {
    const p = this.projections.find((x) => x.name === name);
    if (!p) {
      throw new DomainError(
        'PROJECTION.UNKNOWN',
        `There is no read model called ${name}; there are ${this.names().join(', ')}.`,
        'not_found',
      );
    }
    if (this.running.has(name)) {
      throw new DomainError(
        'PROJECTION.REBUILD_RUNNING',
        `A rebuild of ${name} is already running.`,
        'conflict',
        {
          progress: this.jobs.get(name),
        },
      );
    }
    this.running.add(name);
    const live = this.messaging.consumer(LIVE_CONSUMER);
    const settings = this.messaging.settings;
    const first = startingProgress('starting', name);
    this.jobs.set(name, first);
    const onOurTopics: Projection = {
      name: p.name,
      tables: p.tables,
      topics: p.topics.map((t) => this.messaging.topic(t)),
      applyBatch: (envs, sql, table) => p.applyBatch(envs, sql, table),
    };
    void rebuildProjection(onOurTopics, {
      kafka: this.messaging.kafkaClient,
      sql: this.ds,
      transaction: (work) => this.ds.transaction((m) => work(m)),
      groupPrefix: settings.consumerGroupPrefix,
      topicPrefix: settings.topicPrefix,
      open: (topic, message) => this.messaging.open(topic, message),
      pauseLive: async () => live?.pause(),
      resumeLive: () => live?.resume(),
      onProgress: (progress) => this.jobs.set(name, progress),
    })
      .then((result) => {
        this.logger.info(
          {
            projection: name,
            state: result.state,
            applied: result.applied,
            eventsPerSecond: result.eventsPerSecond,
          },
          'rebuild finished',
        );
      })
      .finally(() => this.running.delete(name));
    return first;
  }

  progress(name: string): RebuildProgress {
    if (!this.names().includes(name)) {
      throw new DomainError('PROJECTION.UNKNOWN', `There is no read model called ${name}.`, 'not_found');
    }
    const job = this.jobs.get(name);
    if (!job)
      throw new DomainError(
        'PROJECTION.NO_REBUILD',
        `${name} has not been rebuilt since the service started.`,
        'not_found',
      );
    return job;
  }
}
