import { Controller, Get, Header, HttpException, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { Admin, Kafka } from 'kafkajs';
import { Public } from '@cp/auth';
import { Metrics } from '@cp/observability';
import { KAFKA } from './tokens';

/** /health (database and Kafka answer) and /metrics (Prometheus). No token needed. */
@ApiExcludeController()
@Controller()
export class OpsController {
  private admin: Admin | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly metrics: Metrics,
  ) {}

  @Public()
  @Get('health')
  async health(): Promise<Record<string, unknown>> {
    const checks: Record<string, 'up' | 'down'> = { database: 'down', kafka: 'down' };
    try {
      await this.dataSource.query('SELECT 1');
      checks.database = 'up';
    } catch {
      /* reported below */
    }
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      await withTimeout(this.admin.describeCluster(), 3000);
      checks.kafka = 'up';
    } catch {
      const a = this.admin;
      this.admin = null;
      await a?.disconnect().catch(() => undefined);
    }
    const ok = Object.values(checks).every((v) => v === 'up');
    const body = { status: ok ? 'up' : 'down', checks };
    if (!ok)
      throw new HttpException(
        {
          code: 'HEALTH.DOWN',
          detail: `down: ${Object.keys(checks)
            .filter((k) => checks[k] === 'down')
            .join(', ')}`,
          ...body,
        },
        503,
      );
    return body;
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
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
      (e) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
