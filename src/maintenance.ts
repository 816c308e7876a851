import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from './database/schema.js';
import type { Metrics } from './metrics.js';
import { countActiveSessionUsers } from './queries/sessions.js';
import { purgeExpiredIdempotencyKeys } from './queries/idempotency-keys.js';

/** Periodic housekeeping: the active-users gauge, and forgetting idempotency keys past their 24 hours. */
export function startMaintenance(db: Kysely<Database>, metrics: Metrics, log: FastifyBaseLogger): () => void {
  const refreshGauges = () => {
    countActiveSessionUsers(db).then(
      (n) => {
        metrics.activeUsers.set(n);
      },
      () => undefined,
    );
  };
  const purge = () => {
    purgeExpiredIdempotencyKeys(db).then(
      (n) => {
        if (n > 0) log.info({ purged: n }, 'expired idempotency keys removed');
      },
      () => undefined,
    );
  };
  refreshGauges();
  const gauges = setInterval(refreshGauges, 30_000);
  const purging = setInterval(purge, 60 * 60_000);
  gauges.unref();
  purging.unref();
  return () => {
    clearInterval(gauges);
    clearInterval(purging);
  };
}
