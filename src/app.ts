import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import scalarApiReference from '@scalar/fastify-api-reference';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import { Redis } from 'ioredis';
import { parse } from 'yaml';
import { ensureInitialAdmin } from './accounts.js';
import { createSecurityHandlers } from './auth/security.js';
import { SessionService, type AccessTokenClaims } from './auth/session-service.js';
import { rememberingVerifier } from './auth/verified-tokens.js';
import type { Config } from './config.js';
import { connectDatabase, type DatabaseHandle } from './database/connection.js';
import { migrateToLatest } from './database/migrate.js';
import { ApiError } from './errors.js';
import { createExternalServices, type ExternalServices } from './external/service.js';
import type { OperationHandlers } from './generated/operations.js';
import { createHandlers } from './handlers/index.js';
import { createErrorHandler } from './http/error-handler.js';
import { registerRateLimits } from './http/rate-limit.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { validateResponsesBeforeSerialization, type ResponseViolation } from './http/response-validation.js';
import { createValidatorCompiler, requireDocumentedBodies, type OpenApiDocument } from './http/validation.js';
import { BatchedLogFile, openLogFile, writerTo } from './log-file.js';
import { loggerOptions } from './logger.js';
import { startMaintenance } from './maintenance.js';
import { Metrics } from './metrics.js';
import { OutboxWorker } from './notifications/outbox-worker.js';
import { packageVersion, specPath } from './paths.js';

export interface BuildAppOptions {
  config: Config;
  /** An open database; by default one is opened from `config.database` and closed with the app. */
  database?: DatabaseHandle;
  /** Apply pending migrations before serving (default true). */
  migrate?: boolean;
  /** Run the outbox worker in this process (default true). */
  outboxWorker?: boolean;
  /** Run periodic housekeeping (metrics gauges, expired idempotency keys) in this process (default true). */
  maintenance?: boolean;
  /** Where log lines go (default stdout, or LOG_FILE). */
  logStream?: NodeJS.WritableStream;
  /** No logging at all (tests). */
  silent?: boolean;
  /** Called whenever a handler's payload does not match its documented response (tests, staging). */
  onResponseViolation?: (violation: ResponseViolation) => void;
}

export interface ServedRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route this server answers, for checking it against the spec. */
    servedRoutes: readonly ServedRoute[];
    metrics: Metrics;
    services: ExternalServices;
    outbox: OutboxWorker;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Access tokens whose verified claims are kept (each until it expires), the least recently used dropped first. */
const VERIFIED_TOKENS_KEPT = 10_000;
/** The longest a log line waits in the file destination's buffer. */
const LOG_FLUSH_MS = 1000;
/** JSON only: nothing may load, frame or submit. Without `useDefaults: false` helmet would merge in its policy for HTML pages. */
const API_CSP = { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } };
const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

interface HandlerResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Adapts typed handlers (which return status, body and headers) to the reply-based functions glue calls. */
function toServiceHandlers(handlers: OperationHandlers) {
  const service: Record<string, (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>> = {};
  for (const [operationId, handler] of Object.entries(handlers) as [string, (req: never, reply: FastifyReply) => Promise<HandlerResult>][]) {
    service[operationId] = async (request, reply) => {
      const result = await handler(request as never, reply);
      if (result.headers) reply.headers(result.headers);
      reply.code(result.status);
      return result.body;
    };
  }
  return service;
}

interface Logging {
  logger: FastifyServerOptions['logger'];
  /** Writes what the log file has pending and stops its timer (lines logged later still reach it). */
  closeFile?: () => void;
}

function loggerFor(config: Config, options: BuildAppOptions): Logging {
  if (options.silent) return { logger: false };
  if (options.logStream) return { logger: { ...loggerOptions(config), stream: options.logStream } };
  if (config.logFile) {
    // Batches of 4 KB or more, each a plain write(2) to the page cache on this thread: handing them to libuv's
    // thread pool cost more in thread wake-ups than the writes themselves.
    const file = new BatchedLogFile(writerTo(openLogFile(config.logFile)), {
      batchChars: 4096,
      flushMs: LOG_FLUSH_MS,
      report: (message) => {
        process.stderr.write(`${message}\n`);
      },
    });
    // A process that exits without closing the app (a fatal error, a shutdown past its grace period), or
    // logs after closing it, must not take its last lines along.
    process.on('exit', () => {
      file.flushSync();
    });
    return {
      logger: { ...loggerOptions(config), stream: file },
      closeFile: () => {
        file.stopTimer();
      },
    };
  }
  return { logger: loggerOptions(config) };
}

/** Builds the whole service without listening; `server.ts` listens, tests inject. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const logging = loggerFor(config, options);
  const app = Fastify({
    logger: logging.logger,
    // One access line per request (written when it completes) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // While draining, requests already on an open connection are served (with `Connection: close`)
    // rather than answered with Fastify's own 503 body, which is not our envelope.
    return503OnClosing: false,
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
  });

  const metrics = new Metrics();
  const database = options.database ?? connectDatabase(config.database);
  database.onQuery(metrics.onQuery);
  if (options.migrate !== false) await migrateToLatest(database.db, database.schema);
  if (config.admin) await ensureInitialAdmin(database.db, config.admin, config.bcryptCost, app.log);
  if (config.jwtSecretGenerated && config.nodeEnv !== 'test') {
    app.log.warn('JWT_SECRET is not set: using a random secret, so sessions end when the process restarts');
  }

  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, lazyConnect: false })
    : undefined;
  // Connection trouble is reported by readiness; it must not crash the process.
  redis?.on('error', () => undefined);
  const services = createExternalServices(config.services, app.log, (name, state) => {
    metrics.setBreakerState(name, state);
  });
  for (const service of Object.values(services)) metrics.setBreakerState(service.name, service.state);
  const outbox = new OutboxWorker({
    db: database.db,
    dialect: database.dialect,
    services,
    log: app.log,
    pollMs: config.outbox.pollMs,
    batchSize: config.outbox.batchSize,
    onBacklog: (pending) => {
      metrics.outboxBacklog.set(pending);
    },
  });
  app.decorate('metrics', metrics);
  app.decorate('services', services);
  app.decorate('outbox', outbox);

  const servedRoutes: ServedRoute[] = [];
  app.decorate('servedRoutes', servedRoutes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) servedRoutes.push({ method, url: route.url });
  });

  app.setValidatorCompiler(createValidatorCompiler());
  app.setErrorHandler(createErrorHandler(config.bodyLimitBytes));
  app.setNotFoundHandler((request) => {
    throw new ApiError(404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0] ?? ''}`);
  });
  app.removeContentTypeParser(['text/plain']);
  // The spec serves YAML but never accepts it; glue warns unless some parser claims the type.
  app.addContentTypeParser('application/yaml', (_request, _payload, done) => {
    done(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'), undefined);
  });
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // The hooks on every request's path take a callback: an async hook costs a promise and a microtask turn.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    request.log.debug({ req: request }, 'incoming request');
    done();
  });
  // Shutting down: tell keep-alive clients to go, so their connections do not hold the process open.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({ req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime }, 'request completed');
    done();
  });
  metrics.instrument(app);

  // X-Frame-Options for browsers that predate CSP's frame-ancestors: DENY, as the policy says, not helmet's SAMEORIGIN.
  registerSecurityHeaders(app, { contentSecurityPolicy: API_CSP, crossOriginEmbedderPolicy: false, frameguard: { action: 'deny' } });
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['gzip', 'deflate'],
    customTypes: /^text\/|^application\/(json|yaml)|\+json$/,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyJwt, {
    secret: config.jwtSecret,
    sign: { algorithm: 'HS256', iss: 'store-erp' },
    verify: { allowedIss: 'store-erp' },
  });
  await registerRateLimits(app, config.rateLimit, redis);

  const sessions = new SessionService(
    database.db,
    {
      sign: (claims: AccessTokenClaims, ttlSeconds: number) => app.jwt.sign(claims, { expiresIn: ttlSeconds }),
      verify: rememberingVerifier((token: string) => app.jwt.verify<AccessTokenClaims & { exp?: number }>(token), VERIFIED_TOKENS_KEPT),
    },
    config,
  );
  const specText = readFileSync(specPath, 'utf8');
  const specDocument = parse(specText) as OpenApiDocument;
  const handlers = createHandlers({
    db: database.db,
    dialect: database.dialect,
    config,
    sessions,
    services,
    redis,
    specText,
    version: packageVersion(),
    startedAt: Date.now(),
  });

  requireDocumentedBodies(app, specDocument);
  if (options.onResponseViolation) validateResponsesBeforeSerialization(app, options.onResponseViolation);
  await app.register(openapiGlue, {
    specification: specDocument,
    serviceHandlers: toServiceHandlers(handlers),
    securityHandlers: createSecurityHandlers(sessions),
  });

  app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  await app.register(async (docs) => {
    docs.addHook('onRequest', async (_request, reply) => {
      reply.header('content-security-policy', DOCS_CSP);
    });
    await docs.register(scalarApiReference, { routePrefix: '/docs', configuration: { url: '/api/openapi.yaml', title: 'Store ERP API' } });
  });

  const stopMaintenance = options.maintenance === false ? () => undefined : startMaintenance(database.db, metrics, app.log);
  if (options.outboxWorker !== false) {
    app.addHook('onReady', (done) => {
      outbox.start();
      done();
    });
  }
  // Shutdown order: stop taking work, let the delivery in progress finish, then close connections.
  app.addHook('onClose', async () => {
    stopMaintenance();
    await outbox.stop();
    for (const service of Object.values(services)) service.shutdown();
    if (redis) await redis.quit().catch(() => undefined);
    if (!options.database) await database.destroy();
    logging.closeFile?.();
  });

  return app;
}
