import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@cp/auth';
import { Metrics } from '@cp/observability';

/** /metrics (Prometheus), without a token: keep it off the public network. Health is HealthController. */
@ApiExcludeController()
@Controller()
export class OpsController {
  constructor(private readonly metrics: Metrics) {}

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
