import { sql } from 'kysely';
import { ApiError } from '../errors.js';
import type { OperationHandlers } from '../generated/operations.js';
import { success } from '../http/envelope.js';
import type { HandlerContext } from './context.js';

type HealthHandlers = Pick<OperationHandlers, 'getHealth' | 'getReadiness' | 'getOpenApiDocument'>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('timed out'));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error('failed'));
      },
    );
  });
}

export function createHealthHandlers({ db, version, startedAt, specText, services, redis }: HandlerContext): HealthHandlers {
  return {
    getHealth() {
      const uptime = Math.floor((Date.now() - startedAt) / 1000);
      return Promise.resolve({ status: 200, body: success({ status: 'ok' as const, version, uptime_seconds: uptime }) });
    },

    async getReadiness() {
      const [database, cache] = await Promise.all([
        sql`select 1`.execute(db).then(
          () => 'ok' as const,
          () => 'down' as const,
        ),
        redis === undefined
          ? Promise.resolve('not_configured' as const)
          : withTimeout(redis.ping(), 1000).then(
              () => 'ok' as const,
              () => 'down' as const,
            ),
      ]);
      if (database === 'down' || cache === 'down') {
        throw new ApiError(503, 'SERVICE_UNAVAILABLE', 'Not ready: a dependency is unreachable', { checks: { database, redis: cache } });
      }
      const breakers = {
        payment: services.payment.state,
        email: services.email.state,
        sms: services.sms.state,
        analytics: services.analytics.state,
      };
      return { status: 200, body: success({ status: 'ready' as const, checks: { database, redis: cache }, services: breakers }) };
    },

    getOpenApiDocument() {
      return Promise.resolve({ status: 200, body: specText, headers: { 'content-type': 'application/yaml; charset=utf-8' } });
    },
  };
}
