import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { INestApplication, LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  Metrics,
  ProblemDetailsFilter,
  httpContextMiddleware,
  strictValidationPipe,
  type Logger,
} from '@cp/observability';
import type { ServiceConfig } from './config';
import { LOGGER } from './tokens';

class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

/**
 * Creates and starts one service: strict JSON input with a size limit, problem-details errors,
 * correlation ids, security headers, REST under /api/v1, OpenAPI at /api/docs, /health and /metrics.
 */
export async function createServiceApp(
  module: unknown,
  config: ServiceConfig,
  docs: { title: string; description: string },
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module as never, {
    bufferLogs: true,
    bodyParser: false,
  });
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new NestPinoLogger(logger));
  app.useBodyParser('json', { limit: '256kb', type: ['application/json', 'application/*+json'] });
  const http = app.getHttpAdapter().getInstance() as {
    disable: (k: string) => void;
    set: (k: string, v: unknown) => void;
  };
  http.disable('x-powered-by');
  http.set('trust proxy', false);
  app.use((_req: unknown, res: { setHeader: (k: string, v: string) => void }, next: () => void) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(httpContextMiddleware(logger, app.get(Metrics)));
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'metrics'] });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(docs.title)
      .setDescription(docs.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  await app.listen(config.port, '0.0.0.0');
  logger.info({ port: config.port }, `${config.service} listening; API docs at /api/docs`);
  return app;
}

/** Entry point of a service: starts it, or says why it could not start and exits non-zero. */
export function runService(
  module: unknown,
  config: ServiceConfig,
  docs: { title: string; description: string },
): void {
  createServiceApp(module, config, docs).catch((err: unknown) => {
    process.stderr.write(
      `${config.service} failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
}
