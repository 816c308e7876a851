import { sql } from 'kysely';
import { serviceUnavailable } from '../errors.js';
import type { OperationHandlers } from '../generated/operations.js';
import { success } from '../http/envelope.js';
import type { HandlerContext } from './context.js';

type HealthHandlers = Pick<OperationHandlers, 'getHealth' | 'getReadiness' | 'getOpenApiDocument'>;

export function createHealthHandlers({ db, version, startedAt, specText }: HandlerContext): HealthHandlers {
  return {
    getHealth() {
      const uptime = Math.floor((Date.now() - startedAt) / 1000);
      return Promise.resolve({ status: 200, body: success({ status: 'ok' as const, version, uptime_seconds: uptime }) });
    },

    async getReadiness() {
      try {
        await sql`select 1`.execute(db);
      } catch {
        throw serviceUnavailable();
      }
      return { status: 200, body: success({ status: 'ready' as const, checks: { database: 'ok' as const } }) };
    },

    getOpenApiDocument() {
      return Promise.resolve({ status: 200, body: specText, headers: { 'content-type': 'application/yaml; charset=utf-8' } });
    },
  };
}
