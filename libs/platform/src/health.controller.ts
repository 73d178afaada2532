import { Controller, Get, Inject, type OnModuleDestroy } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import type { Admin, Kafka } from 'kafkajs';
import { Public } from '@cp/auth';
import { KAFKA } from './tokens';
import { MessagingLifecycle } from './messaging.lifecycle';

/** How long a dependency may take to answer a health check before it counts as down. */
const CHECK_TIMEOUT_MS = 3000;

/** A readiness answer: terminus's result, and the dependencies that are down without making the service unready. */
export type Readiness = HealthCheckResult & { degraded: string[] };

/**
 * Liveness and readiness, for the orchestrator and the load balancer (no token; counted by the per-client
 * rate limit like every request, so a flood of probes cannot load the database).
 *
 * - `/health/live`: the process answers. No dependency is asked: a database outage must not make the
 *   orchestrator restart every instance.
 * - `/health/ready`: the database answers (without it nothing can be recorded: 503). Kafka down is
 *   *degraded*, not unready: commands still commit with their outbox, and the relay publishes once the
 *   broker is back (docs/performance.md, the pipeline).
 * - `/health`: the same as `/health/ready`.
 */
@ApiExcludeController()
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private admin: Admin | null = null;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly messaging: MessagingLifecycle,
  ) {}

  @Public()
  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Public()
  @Get('ready')
  @HealthCheck()
  ready(): Promise<Readiness> {
    return this.readiness();
  }

  @Public()
  @Get()
  @HealthCheck()
  readyAlias(): Promise<Readiness> {
    return this.readiness();
  }

  private async readiness(): Promise<Readiness> {
    let kafkaUp = false;
    const result = await this.health.check([
      () => this.database(),
      async () => {
        const started = this.messaging.state === 'running';
        kafkaUp = started && (await this.kafkaAnswers());
        const check = this.indicator.check('kafka');
        // Up either way: a broker outage degrades the service, it does not stop it taking reports.
        return check.up(
          kafkaUp
            ? { state: 'connected' }
            : {
                state: 'degraded',
                detail: started
                  ? 'broker unreachable: commands are kept in the outbox'
                  : 'broker unreachable since the start: commands are kept in the outbox; connecting',
              },
        );
      },
    ]);
    return { ...result, degraded: kafkaUp ? [] : ['kafka'] };
  }

  private async database(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('database');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS);
      return check.up();
    } catch {
      return check.down({ detail: 'the database does not answer' });
    }
  }

  private async kafkaAnswers(): Promise<boolean> {
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await withTimeout(this.admin.connect(), CHECK_TIMEOUT_MS);
      }
      await withTimeout(this.admin.describeCluster(), CHECK_TIMEOUT_MS);
      return true;
    } catch {
      const a = this.admin;
      this.admin = null;
      void a?.disconnect().catch(() => undefined);
      return false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await withTimeout(this.admin?.disconnect() ?? Promise.resolve(), 1000).catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
