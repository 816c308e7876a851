import { sql, type Insertable, type Kysely } from 'kysely';
import { compiledOnce } from '../database/compiled-once.js';
import type { Database, Role, SessionsTable } from '../database/schema.js';

type Db = Kysely<Database>;

export type RevocationReason = 'logout' | 'refresh_token_reused' | 'user_deactivated' | 'password_changed';

/** Sessions as they are, many at once (a new one, or imported and generated histories). */
export function insertSessions(db: Db, sessions: readonly Insertable<SessionsTable>[]): Promise<unknown> {
  return db.insertInto('sessions').values([...sessions]).execute();
}

export function insertSession(db: Db, session: { id: string; user_id: number; expires_at: string }): Promise<unknown> {
  return insertSessions(db, [{ ...session, created_at: new Date().toISOString() }]);
}

export function insertRefreshToken(db: Db, sessionId: string, tokenHash: string): Promise<unknown> {
  return db
    .insertInto('refresh_tokens')
    .values({ session_id: sessionId, token_hash: tokenHash, created_at: new Date().toISOString() })
    .execute();
}

export interface ActiveSession {
  session_id: string;
  expires_at: string;
  user_id: number;
  role: Role;
}

const selectActiveSession = compiledOnce((db: Db, sessionId: string, now: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as session_id', 'sessions.expires_at', 'users.id as user_id', 'users.role'])
    .where('sessions.id', '=', sessionId)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', 1),
);

/** The session with its user, only while it is unrevoked, unexpired and its user active (checked on every request). */
export async function findActiveSession(db: Db, sessionId: string): Promise<ActiveSession | undefined> {
  const [session] = await selectActiveSession(db, sessionId, new Date().toISOString());
  return session;
}

export function findRefreshToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens')
    .select(['id', 'session_id', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Spends a refresh token; false if it was already spent (a concurrent use or a replay). */
export async function markRefreshTokenUsed(db: Db, id: number): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ used_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function revokeSession(db: Db, sessionId: string, reason: RevocationReason): Promise<unknown> {
  return db
    .updateTable('sessions')
    .set({ revoked_at: new Date().toISOString(), revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every live session of a user, except `keepSessionId` when given. */
export function revokeUserSessions(db: Db, userId: number, reason: RevocationReason, keepSessionId?: string): Promise<unknown> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: new Date().toISOString(), revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keepSessionId !== undefined) query = query.where('id', '!=', keepSessionId);
  return query.execute();
}

/** Users with at least one live session (the active-users gauge). */
export async function countActiveSessionUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select(sql<number>`count(distinct user_id)`.as('n'))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirstOrThrow();
  return row.n;
}
