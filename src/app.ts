import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyJwt from '@fastify/jwt';
import scalarApiReference from '@scalar/fastify-api-reference';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import { parse } from 'yaml';
import { createSecurityHandlers } from './auth/security.js';
import { SessionService, type AccessTokenClaims } from './auth/session-service.js';
import { ensureInitialAdmin } from './accounts.js';
import type { Config } from './config.js';
import { connectDatabase, type DatabaseHandle } from './database/connection.js';
import { migrateToLatest } from './database/migrate.js';
import { ApiError } from './errors.js';
import type { OperationHandlers } from './generated/operations.js';
import { createHandlers } from './handlers/index.js';
import { createErrorHandler } from './http/error-handler.js';
import { validateResponsesBeforeSerialization, type ResponseViolation } from './http/response-validation.js';
import { createValidatorCompiler } from './http/validation.js';
import { loggerOptions } from './logger.js';
import { projectRoot, specPath } from './paths.js';

export interface BuildAppOptions {
  config: Config;
  /** An open database; by default one is opened from `config.database` and closed with the app. */
  database?: DatabaseHandle;
  /** Apply pending migrations before serving (default true). */
  migrate?: boolean;
  /** Where log lines go (default stdout). */
  logStream?: NodeJS.WritableStream;
  /** No logging at all (tests). */
  silent?: boolean;
  /** Called whenever a handler's payload does not match its documented response (tests, staging). */
  onResponseViolation?: (violation: ResponseViolation) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const API_CSP = { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } };
const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

export interface ServedRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route this server answers, for checking it against the spec. */
    servedRoutes: readonly ServedRoute[];
  }
}

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

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Builds the whole service without listening; `server.ts` listens, tests inject. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.silent ? false : { ...loggerOptions(config), ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: {} },
    routerOptions: { ignoreTrailingSlash: true },
  });

  const database = options.database ?? connectDatabase(config.database);
  if (!options.database) app.addHook('onClose', () => database.destroy());
  if (options.migrate !== false) await migrateToLatest(database.db, database.schema);
  if (config.admin) await ensureInitialAdmin(database.db, config.admin, config.bcryptCost, app.log);
  if (config.jwtSecretGenerated && config.nodeEnv !== 'test') {
    app.log.warn('JWT_SECRET is not set: using a random secret, so sessions end when the process restarts');
  }

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
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifyHelmet, { contentSecurityPolicy: API_CSP, crossOriginEmbedderPolicy: false });
  await app.register(fastifyCookie);
  await app.register(fastifyJwt, { secret: config.jwtSecret, sign: { algorithm: 'HS256', iss: 'store-erp' }, verify: { allowedIss: 'store-erp' } });

  const sessions = new SessionService(
    database.db,
    {
      sign: (claims: AccessTokenClaims, ttlSeconds: number) => app.jwt.sign(claims, { expiresIn: ttlSeconds }),
      verify: (token: string) => app.jwt.verify<AccessTokenClaims>(token),
    },
    config,
  );
  const specText = readFileSync(specPath, 'utf8');
  const handlers = createHandlers({
    db: database.db,
    dialect: database.dialect,
    config,
    sessions,
    specText,
    version: readVersion(),
    startedAt: Date.now(),
  });

  if (options.onResponseViolation) validateResponsesBeforeSerialization(app, options.onResponseViolation);
  await app.register(openapiGlue, {
    specification: parse(specText) as object,
    serviceHandlers: toServiceHandlers(handlers),
    securityHandlers: createSecurityHandlers(sessions),
  });

  await app.register(async (docs) => {
    docs.addHook('onRequest', async (_request, reply) => {
      reply.header('content-security-policy', DOCS_CSP);
    });
    await docs.register(scalarApiReference, { routePrefix: '/docs', configuration: { url: '/api/openapi.yaml', title: 'Store ERP API' } });
  });

  return app;
}
