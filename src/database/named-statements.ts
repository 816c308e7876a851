import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Distinct statement texts a pool prepares; past this many, further texts run unnamed (as pg does by default). */
export const MAX_NAMED_STATEMENTS = 500;
/** Only data statements are worth preparing; DDL and transaction control run once or cost nothing to parse. */
const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

export const TRANSACTION_START = /^\s*(begin|start transaction)\b/i;
export const TRANSACTION_END = /^\s*(commit|rollback|end)\s*$/i;

/** PostgreSQL refuses to run a prepared statement whose result columns changed since it was prepared. */
function isStalePlan(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '0A000' && /cached plan must not change result type/.test(error.message);
}

/** Names each distinct data statement text after its hash, so every connection prepares it under the same name. */
export class StatementNames {
  private readonly names = new Map<string, string>();

  nameFor(sql: string): string | undefined {
    const known = this.names.get(sql);
    if (known !== undefined) return known;
    if (this.names.size >= MAX_NAMED_STATEMENTS || !DATA_STATEMENT.test(sql)) return undefined;
    const name = `kysely_${createHash('sha1').update(sql).digest('base64url')}`;
    this.names.set(sql, name);
    return name;
  }

  get size(): number {
    return this.names.size;
  }
}

/**
 * The pool Kysely sees: every data statement runs as a named prepared statement, so PostgreSQL parses and
 * plans it once per connection rather than on every execution (a primary-key lookup costs the server
 * about a third as much). PostgreSQL re-plans by itself after schema changes, except when a statement's
 * result columns change: the statement is retried unnamed (unless inside a transaction, which then fails),
 * and that connection runs statements unnamed until it is replaced on release.
 */
export function withNamedStatements(pool: pg.Pool, names = new StatementNames()): PostgresPool {
  const adapters = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  // Kysely passes a cursor here only when the dialect is given one to stream with; ours is not.
  const adapterFor = (client: pg.PoolClient): PostgresPoolClient => {
    let inTransaction = false;
    let stale = false;
    const query = async (sql: string, parameters: readonly unknown[]) => {
      if (TRANSACTION_START.test(sql)) inTransaction = true;
      else if (TRANSACTION_END.test(sql)) inTransaction = false;
      const values = [...parameters];
      const name = stale ? undefined : names.nameFor(sql);
      if (name === undefined) return client.query(sql, values);
      try {
        return await client.query({ name, text: sql, values });
      } catch (error) {
        if (!isStalePlan(error)) throw error;
        // A table changed shape after this connection prepared the statement (another instance migrated):
        // the connection is replaced when released; until then, statements run unnamed.
        stale = true;
        if (inTransaction) throw error;
        return client.query(sql, values);
      }
    };
    return {
      query: query as unknown as PostgresPoolClient['query'],
      release: (destroy?: boolean) => {
        client.release(destroy === true || stale);
      },
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let adapter = adapters.get(client);
      if (!adapter) {
        adapter = adapterFor(client);
        adapters.set(client, adapter);
      }
      return adapter;
    },
    end: () => pool.end(),
  };
}
