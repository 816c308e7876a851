import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';

/** Operations that guess or create credentials get the stricter limit. */
const AUTH_OPERATIONS = new Set(['login', 'register', 'refreshSession']);
/** Probes a load balancer polls are never limited. */
const UNLIMITED_OPERATIONS = new Set(['getHealth', 'getReadiness']);

/**
 * Rate limits per client address: one budget for everything, and a much smaller one of its own for each of
 * login, register and refresh. With Redis the counters are shared by every instance; without it they live in this process.
 * If Redis stops answering, requests are let through rather than refused (and readiness reports it).
 */
export async function registerRateLimits(app: FastifyInstance, config: Config['rateLimit'], redis: Redis | undefined): Promise<void> {
  // Runs before the plugin's own onRoute hook, so the per-route settings are in place when it reads them.
  app.addHook('onRoute', (route) => {
    const operationId = (route.schema as { operationId?: string } | undefined)?.operationId;
    if (operationId === undefined) return;
    const routeConfig = (route.config ?? {}) as Record<string, unknown>;
    if (UNLIMITED_OPERATIONS.has(operationId)) routeConfig.rateLimit = false;
    else if (AUTH_OPERATIONS.has(operationId)) routeConfig.rateLimit = { max: config.authMax, timeWindow: config.windowMs };
    route.config = routeConfig;
  });
  await app.register(fastifyRateLimit, {
    global: true,
    max: config.max,
    timeWindow: config.windowMs,
    ...(redis ? { redis, nameSpace: 'store-erp-rate-limit-' } : {}),
    skipOnError: true,
    errorResponseBuilder: (_request, context) => {
      const retryAfter = Math.max(1, Math.ceil(context.ttl / 1000));
      return new ApiError(429, 'RATE_LIMITED', `Too many requests; try again in ${retryAfter} s`, { retry_after_seconds: retryAfter, limit: context.max });
    },
  });
}
