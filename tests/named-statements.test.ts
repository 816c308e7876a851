/**
 * PostgreSQL runs Kysely's data statements as named prepared statements (parsed and planned once per
 * connection), and survives a table changing shape under a prepared statement.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/database/connection.js';
import { MAX_NAMED_STATEMENTS, StatementNames } from '../src/database/named-statements.js';
import { createTestDatabase, testDialect } from './helpers/database.js';

describe('StatementNames', () => {
  it('gives a data statement one stable name, and none to DDL or transaction control', () => {
    const names = new StatementNames();
    const select = 'select * from "products" where "id" = $1';
    const name = names.nameFor(select);
    expect(name).toMatch(/^kysely_[\w-]+$/);
    expect(names.nameFor(select)).toBe(name);
    expect(new StatementNames().nameFor(select)).toBe(name);
    expect(names.nameFor('select * from "products" where "id" = $2')).not.toBe(name);
    for (const statement of ['insert into "t" ("a") values ($1)', 'update "t" set "a" = $1', 'delete from "t"', 'with x as (select 1) select * from x']) {
      expect(names.nameFor(statement)).toBeDefined();
    }
    for (const statement of ['begin', 'commit', 'rollback', 'create table "t" ("a" integer)', 'savepoint "sp"']) {
      expect(names.nameFor(statement)).toBeUndefined();
    }
  });

  it(`names at most ${String(MAX_NAMED_STATEMENTS)} distinct texts; later ones run unnamed`, () => {
    const names = new StatementNames();
    for (let i = 0; i < MAX_NAMED_STATEMENTS; i += 1) expect(names.nameFor(`select ${String(i)}`)).toBeDefined();
    expect(names.nameFor('select "one more"')).toBeUndefined();
    expect(names.nameFor('select 0')).toBeDefined();
    expect(names.size).toBe(MAX_NAMED_STATEMENTS);
  });
});

interface Scratch {
  scratch: { id: number; label: string };
}

describe.skipIf(testDialect !== 'postgres')('named prepared statements on PostgreSQL', () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.destroy();
    handle = undefined;
  });

  async function scratchDatabase(): Promise<Kysely<Scratch>> {
    handle = await createTestDatabase();
    const db = handle.db as unknown as Kysely<Scratch>;
    await sql`create table scratch (id integer primary key, label text not null)`.execute(db);
    await db.insertInto('scratch').values({ id: 1, label: 'one' }).execute();
    return db;
  }

  const preparedOnThisConnection = (db: Kysely<Scratch>) =>
    sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(db).then((r) => r.rows);

  it('prepares each data statement once per connection, under its hashed name', async () => {
    const db = await scratchDatabase();
    await db.transaction().execute(async (trx) => {
      for (let id = 1; id <= 3; id += 1) await trx.selectFrom('scratch').selectAll().where('id', '=', id).execute();
      const prepared = await preparedOnThisConnection(trx);
      const text = 'select * from "scratch" where "id" = $1';
      expect(prepared.filter((row) => row.statement === text)).toEqual([{ name: new StatementNames().nameFor(text), statement: text }]);
    });
  });

  it('answers correctly when a migration elsewhere adds a column under a prepared statement, and replaces that connection', async () => {
    const db = await scratchDatabase();
    const read = () => db.selectFrom('scratch').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    const backend = (connection: Kysely<Scratch>) => sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(connection).then((r) => r.rows[0]?.pid);
    let staleBackend: number | undefined;
    await db.connection().execute(async (connection) => {
      staleBackend = await backend(connection);
      expect(await connection.selectFrom('scratch').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()).toEqual({ id: 1, label: 'one' });
      await sql`alter table scratch add column note text`.execute(connection);
      // Same connection, same prepared statement, different result columns: retried unnamed.
      expect(await connection.selectFrom('scratch').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()).toEqual({ id: 1, label: 'one', note: null });
    });
    for (let i = 0; i < 10; i += 1) expect(await read()).toEqual({ id: 1, label: 'one', note: null });
    // The pool holds one connection here (poolMax 5, used one at a time): the stale one was closed, not reused.
    expect(await db.connection().execute(backend)).not.toBe(staleBackend);
  });

  it('inside a transaction the stale statement fails that transaction only; the next one succeeds', async () => {
    const db = await scratchDatabase();
    await db.connection().execute(async (connection) => {
      await connection.selectFrom('scratch').selectAll().execute();
      await sql`alter table scratch add column note text`.execute(connection);
      await expect(connection.transaction().execute((trx) => trx.selectFrom('scratch').selectAll().execute())).rejects.toThrow(/cached plan/);
    });
    expect(await db.transaction().execute((trx) => trx.selectFrom('scratch').selectAll().execute())).toEqual([{ id: 1, label: 'one', note: null }]);
  });

  it('runs statements unnamed with DATABASE_PREPARED_STATEMENTS=false', async () => {
    const { connectDatabase } = await import('../src/database/connection.js');
    const base = await scratchDatabase();
    const unnamed = connectDatabase({ dialect: 'postgres', connectionString: process.env.TEST_DATABASE_URL ?? '', poolMax: 1, preparedStatements: false }, { schema: handle?.schema });
    try {
      const db = unnamed.db as unknown as Kysely<Scratch>;
      await db.selectFrom('scratch').selectAll().execute();
      expect(await preparedOnThisConnection(db)).toEqual([]);
      await base.transaction().execute(async (trx) => {
        await trx.selectFrom('scratch').selectAll().execute();
        expect((await preparedOnThisConnection(trx)).map((row) => row.statement)).toContain('select * from "scratch"');
      });
    } finally {
      await unnamed.destroy();
    }
  });
});
