import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database/connection.js';
import { forUpdate } from '../database/locking.js';
import type { Database, NewUser, Role, UserRow } from '../database/schema.js';
import type { SortTerm } from '../http/sorting.js';
import { containsPattern } from './text-search.js';

type Db = Kysely<Database>;

export function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function insertUser(db: Db, user: Omit<NewUser, 'created_at' | 'updated_at'>): Promise<UserRow> {
  const now = new Date().toISOString();
  return db
    .insertInto('users')
    .values({ ...user, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface UserChanges {
  username?: string;
  email?: string;
  password_hash?: string;
  role?: Role;
  active?: 0 | 1;
}

/** Applies changes if the row is still at `expectedVersion`; undefined when it was not (changed or gone). */
export function updateUserAtVersion(db: Db, id: number, expectedVersion: number, changes: UserChanges): Promise<UserRow | undefined> {
  return db
    .updateTable('users')
    .set({ ...changes, version: expectedVersion + 1, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** Locks every active admin row until the transaction ends (see forUpdate). */
export async function lockActiveAdmins(db: Db, dialect: Dialect): Promise<void> {
  await forUpdate(db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1).orderBy('id'), dialect).execute();
}

export interface UserListFilter {
  role?: Role;
  active?: boolean;
  q?: string;
}

export type UserSortColumn = 'id' | 'username' | 'email' | 'role' | 'created_at';

function applyUserFilter(db: Db, filter: UserListFilter) {
  let query = db.selectFrom('users');
  if (filter.role !== undefined) query = query.where('role', '=', filter.role);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
  if (filter.q !== undefined) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(username)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(email)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  return query;
}

export async function listUsers(
  db: Db,
  filter: UserListFilter,
  sort: SortTerm<UserSortColumn>[],
  limit: number,
  offset: number,
): Promise<{ rows: UserRow[]; total: number }> {
  let query = applyUserFilter(db, filter).selectAll();
  for (const term of sort) query = query.orderBy(term.column, term.direction);
  const [rows, count] = await Promise.all([
    query.limit(limit).offset(offset).execute(),
    applyUserFilter(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.count };
}
