import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { UnauthorizedException, type INestApplication, type LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import {
  Metrics,
  ProblemDetailsFilter,
  httpContextMiddleware,
  strictValidationPipe,
  type Logger,
  type ProblemDetails,
  type ProblemRequest,
} from '@cp/observability';
import { JwtVerifier, UNPREFIXED_ROUTES } from '@cp/auth';
import { developmentCheckpointKey } from '@cp/event-store';
import type { ServiceConfig } from './config';
import { separateRoles } from './database';
import {
  BODY_LIMIT,
  NoUnexpectedBodyInterceptor,
  answerClientErrors,
  bodyParserErrors,
  corsOptions,
  inputShapeGuard,
  methodNotAllowed,
  rateLimit,
  requireJsonBody,
  securityHeaders,
} from './http-hardening';
import { LOGGER } from './tokens';
import { PostgresThrottlerStorage } from './rate-limit-storage';
import { RefusedReadRecorder, refusedReadListener } from './refused-reads';

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
  hardenHttp(
    app,
    { ...config, rateLimitStorage: app.get(PostgresThrottlerStorage) },
    logger,
    app.get(JwtVerifier),
    app.get(Metrics),
    refusedReads(app, logger),
  );
  app.enableShutdownHooks();
  boundShutdown(logger);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(docs.title)
      .setDescription(docs.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  serveApiDocs(app, document, config.production, app.get(JwtVerifier));
  answerClientErrors(app.getHttpServer());
  await app.init();
  answerEverythingAsProblems(app, logger);
  await app.listen(config.port, '0.0.0.0');
  if (config.personalData.development) {
    logger.warn(
      'personal data is sealed with the published development keys: set PERSONAL_DATA_MASTER_KEYS and PERSONAL_DATA_INDEX_KEY outside development',
    );
  }
  warnAboutIntegrity(config, logger);
  logger.info({ port: config.port }, `${config.service} listening; API docs at /api/docs`);
  return app;
}

/** The listener that records refused reads, when the service holds records (RefusedReadRecorder). */
function refusedReads(app: INestApplication, logger: Logger) {
  let recorder: RefusedReadRecorder;
  try {
    recorder = app.get(RefusedReadRecorder, { strict: false });
  } catch {
    return undefined;
  }
  return refusedReadListener(recorder, logger);
}

/** What development mode lets a service do that makes its records' integrity unprovable (docs/audit-integrity.md). */
function warnAboutIntegrity(config: ServiceConfig, logger: Logger): void {
  if (!separateRoles({ url: config.databaseUrl, migrationUrl: config.migrationDatabaseUrl })) {
    logger.warn(
      'the service works as the owner of its tables (DATABASE_URL names the role of MIGRATION_DATABASE_URL): it could change its own records; give it a restricted role outside development',
    );
  }
  if (config.checkpointKey && config.checkpointKey.keyId === developmentCheckpointKey(config.service).keyId) {
    logger.warn(
      'checkpoints are signed with the published development key: set CHECKPOINT_SIGNING_KEY outside development',
    );
  }
}

/**
 * Hostile input: security headers, CORS (only for CORS_ORIGINS), a rate limit per user, JSON bodies only
 * and at most BODY_LIMIT, no prototype keys or deep nesting, 405 for a wrong method, strict validation,
 * and problem details for every refusal. Exported so tests harden a small app exactly the same way. The
 * rate limit counts in `rateLimitStorage` (the services: PostgreSQL, shared by their instances); without
 * one, in @nestjs/throttler's in-memory storage, per app.
 */
export function hardenHttp(
  app: INestApplication,
  config: Pick<ServiceConfig, 'production' | 'corsOrigins' | 'rateLimitPerMinute'> & {
    rateLimitStorage?: ThrottlerStorage;
  },
  logger: Logger,
  verifier: Pick<JwtVerifier, 'verify'>,
  metrics?: Metrics,
  onProblem?: (req: ProblemRequest, problem: ProblemDetails) => void,
): void {
  const http = app.getHttpAdapter().getInstance() as {
    disable: (k: string) => void;
    set: (k: string, v: unknown) => void;
  };
  http.disable('x-powered-by');
  http.set('trust proxy', false);
  app.use(securityHeaders({ production: config.production }));
  if (metrics) app.use(httpContextMiddleware(logger, metrics));
  const cors = corsOptions(config.corsOrigins);
  if (cors) app.enableCors(cors);
  app.use(
    rateLimit(
      config.rateLimitStorage ?? new ThrottlerStorageService(),
      config.rateLimitPerMinute,
      verifier,
      logger,
    ),
  );
  app.use(methodNotAllowed());
  app.use(requireJsonBody());
  (app as NestExpressApplication).useBodyParser('json', {
    limit: BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
  });
  app.use(bodyParserErrors());
  app.use(inputShapeGuard());
  app.setGlobalPrefix('api/v1', { exclude: [...UNPREFIXED_ROUTES] });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalInterceptors(new NoUnexpectedBodyInterceptor());
  app.useGlobalFilters(new ProblemDetailsFilter(logger, onProblem));
}

/**
 * After the routes: every other path, and every error of a plain middleware, as problem details (Nest's own
 * handlers cover only the `/api/v1` prefix; without this a stranger's path got an HTML page).
 */
export function answerEverythingAsProblems(app: INestApplication, logger: Logger): void {
  const http = app.getHttpAdapter().getInstance() as { use: (...handlers: unknown[]) => void };
  const { notFound, error } = new ProblemDetailsFilter(logger).fallbacks();
  http.use(notFound);
  http.use(error);
}

/**
 * The OpenAPI document and Swagger UI at `/api/docs` (JSON at `/api/docs/openapi.json`, YAML at
 * `/api/docs-yaml`). The documentation shows the API's whole surface: in production only to a signed-in
 * user (a valid bearer token).
 */
export function serveApiDocs(
  app: INestApplication,
  document: OpenAPIObject,
  production: boolean,
  verifier: Pick<JwtVerifier, 'verify'>,
): void {
  // Swagger UI also serves the document as YAML at /api/docs-yaml, outside the /api/docs mount.
  if (production) app.use(['/api/docs', '/api/docs-yaml'], docsNeedToken(verifier));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}

/** `/api/docs` answers 401 (problem details) without a valid bearer token. */
function docsNeedToken(verifier: Pick<JwtVerifier, 'verify'>) {
  return (
    req: { headers: Record<string, string | string[] | undefined> },
    _res: unknown,
    next: (err?: unknown) => void,
  ) => {
    const header = req.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
    verifier.verify(token).then(
      () => next(),
      () =>
        next(
          new UnauthorizedException({
            code: 'AUTH.TOKEN_REQUIRED',
            detail: 'The API documentation needs a valid bearer token in production.',
          }),
        ),
    );
  };
}

/** How long a service asked to stop may take before it exits anyway (an orchestrator kills at 10 s). */
export const SHUTDOWN_DEADLINE_MS = 9_000;

/**
 * A stop request (SIGTERM, SIGINT) ends the process within SHUTDOWN_DEADLINE_MS, whatever hangs: with the
 * broker unreachable, disconnecting its clients can wait on retries for minutes. Commands and consumed
 * messages are transactional, so exiting mid-way loses nothing (the outbox and the inbox resume).
 */
function boundShutdown(logger: Logger): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        logger.warn({ signal, deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
        process.exit(0);
      }, SHUTDOWN_DEADLINE_MS).unref();
    });
  }
}

/**
 * Migrates the service's database and stops: the migrations and grants the service runs when it starts
 * (`openDatabase`, as the owner named by MIGRATION_DATABASE_URL), without listening, consuming or
 * publishing. Building the module runs the DataSource's factory, which migrates; no lifecycle hook runs,
 * so nothing connects to the broker.
 */
export async function migrateService(module: unknown): Promise<void> {
  const app = await NestFactory.create(module as never, { logger: false, abortOnError: false });
  await app.get(DataSource).destroy();
}

/**
 * Entry point of a service: starts it, or says why it could not start and exits non-zero. With the
 * argument `migrate` (`node dist/apps/<service>/src/main.js migrate`, what `npm run migrate` runs), only
 * migrates its database and exits.
 */
export function runService(
  module: unknown,
  config: ServiceConfig,
  docs: { title: string; description: string },
): void {
  if (process.argv[2] === 'migrate') {
    migrateService(module).then(
      () => {
        process.stdout.write(`${config.service}: database migrated\n`);
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(
          `${config.service} could not migrate: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        process.exit(1);
      },
    );
    return;
  }
  createServiceApp(module, config, docs).catch((err: unknown) => {
    process.stderr.write(
      `${config.service} failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
}
