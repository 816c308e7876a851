import type { Kysely } from 'kysely';
import type { Database } from '../database/schema.js';

type Db = Kysely<Database>;

export function findLiveIdempotencyKey(db: Db, userId: number, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body', 'order_id'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
}

/** Forgets an expired key so the same key can be used again. */
export async function deleteExpiredIdempotencyKey(db: Db, userId: number, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('expires_at', '<=', new Date().toISOString())
    .execute();
}

export async function insertIdempotencyKey(
  db: Db,
  record: { user_id: number; key: string; request_hash: string; order_id: number; response_status: number; response_body: string; ttlSeconds: number },
): Promise<void> {
  const now = Date.now();
  const { ttlSeconds, ...values } = record;
  await db
    .insertInto('idempotency_keys')
    .values({ ...values, created_at: new Date(now).toISOString(), expires_at: new Date(now + ttlSeconds * 1000).toISOString() })
    .execute();
}

export async function purgeExpiredIdempotencyKeys(db: Db): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', new Date().toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
