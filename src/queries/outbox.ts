import type { Kysely } from 'kysely';
import type { Dialect } from '../database/connection.js';
import type { Database, OutboxChannel, OutboxRow } from '../database/schema.js';

type Db = Kysely<Database>;

export interface NewOutboxMessage {
  event_id: string;
  channel: OutboxChannel;
  topic: string;
  payload: unknown;
}

export async function insertOutboxMessages(db: Db, messages: NewOutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const now = new Date().toISOString();
  await db
    .insertInto('outbox')
    .values(messages.map((m) => ({ ...m, payload: JSON.stringify(m.payload), next_attempt_at: now, created_at: now })))
    .execute();
}

/**
 * Claims up to `limit` due messages for `worker` until `lockMs` from now. The update re-checks that each
 * row is still unclaimed, so two workers (or two instances) never hold the same row; on PostgreSQL
 * `skip locked` lets them take different rows instead of waiting on each other.
 *
 * The due rows are chosen in a MATERIALIZED CTE: as a plain `IN (subquery)` PostgreSQL may re-run the
 * locking subquery per outer row, each run skipping the rows just claimed, so LIMIT would not hold.
 */
export async function claimDueMessages(db: Db, dialect: Dialect, worker: string, limit: number, lockMs: number): Promise<OutboxRow[]> {
  const now = new Date().toISOString();
  const lockedUntil = new Date(Date.now() + lockMs).toISOString();
  return db
    .with(
      (cte) => cte('due').materialized(),
      (qb) => {
        const due = qb
          .selectFrom('outbox')
          .select('id')
          .where('delivered_at', 'is', null)
          .where('next_attempt_at', '<=', now)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit);
        return dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
      },
    )
    .updateTable('outbox')
    .set({ locked_until: lockedUntil, locked_by: worker })
    .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
    .where('delivered_at', 'is', null)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .returningAll()
    .execute();
}

export async function markDelivered(db: Db, id: number, worker: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ delivered_at: new Date().toISOString(), locked_until: null, locked_by: null, last_error: null })
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .execute();
}

export async function markFailed(db: Db, id: number, worker: string, error: string, retryAt: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: retryAt, locked_until: null, locked_by: null, last_error: error.slice(0, 500) }))
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .execute();
}

export async function countPendingMessages(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('delivered_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}
