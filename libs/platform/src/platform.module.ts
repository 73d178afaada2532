import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import { AuthGuard, JwtVerifier } from '@cp/auth';
import { EventStore, LocalKeyWrapper, PersonalDataVault, type PersonalDataPolicy } from '@cp/event-store';
import { createKafka } from '@cp/messaging';
import { Metrics, createLogger } from '@cp/observability';
import type { ServiceConfig } from './config';
import { openDatabase, type DatabaseAccess, type MigrationClass } from './database';
import { MessagingLifecycle } from './messaging.lifecycle';
import { HealthController } from './health.controller';
import { IdempotencyPurge } from './idempotency-purge';
import { OpsController } from './ops.controller';
import { PostgresThrottlerStorage } from './rate-limit-storage';
import { CONFIG, KAFKA, LOGGER } from './tokens';

/**
 * What every service has: config, logger, metrics, its database with the event store, Kafka with the
 * outbox relay and consumers, token verification as a global guard, the administrative units, the rate
 * limit's shared counters, and the /health and /metrics endpoints.
 */
@Module({})
export class PlatformModule {
  /**
   * `personalData`: which fields of this service's events are personal (sealed at rest, rule 11).
   * `database`: the service's own tables the application role may only append to, or owns (see
   * `DatabaseAccess`).
   */
  static forRoot(
    config: ServiceConfig,
    migrations: MigrationClass[] = [],
    opts: {
      personalData?: PersonalDataPolicy;
      database?: Pick<DatabaseAccess, 'appendOnly' | 'applicationOwned'>;
    } = {},
  ): DynamicModule {
    const logger = createLogger(config.service, config.logLevel);
    return {
      module: PlatformModule,
      global: true,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController, OpsController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Metrics, useValue: new Metrics(config.service) },
        {
          provide: DataSource,
          useFactory: () =>
            openDatabase(
              { url: config.databaseUrl, migrationUrl: config.migrationDatabaseUrl, ...opts.database },
              migrations,
              20,
              config.statementTimeoutMs,
            ),
        },
        {
          provide: PersonalDataVault,
          useValue: new PersonalDataVault(
            new LocalKeyWrapper(config.personalData.masterKeys),
            config.personalData.indexSecret,
          ),
        },
        {
          provide: EventStore,
          useFactory: (ds: DataSource, vault: PersonalDataVault) => {
            const store = new EventStore(ds, vault);
            if (opts.personalData) store.usePersonalDataPolicy(opts.personalData);
            return store;
          },
          inject: [DataSource, PersonalDataVault],
        },
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka(config.kafkaBrokers, `cp-${config.service}`, logger, config.kafkaSecurity),
        },
        {
          provide: JwtVerifier,
          useValue: new JwtVerifier(config.auth),
        },
        { provide: AdminUnits, useValue: AdminUnits.load() },
        { provide: APP_GUARD, useClass: AuthGuard },
        MessagingLifecycle,
        IdempotencyPurge,
        PostgresThrottlerStorage,
      ],
      exports: [
        CONFIG,
        LOGGER,
        Metrics,
        DataSource,
        EventStore,
        PersonalDataVault,
        KAFKA,
        JwtVerifier,
        AdminUnits,
        MessagingLifecycle,
        PostgresThrottlerStorage,
      ],
    };
  }
}
