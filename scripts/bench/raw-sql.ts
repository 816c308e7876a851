/**
 * The database's own limit: the statements a handler ran (captured from Kysely's query log while the
 * scenario's requests went through the app), replayed with bare drivers at the same concurrency.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { registerSqliteFunctions } from '../../src/database/connection.js';
import { StatementNames, TRANSACTION_END, TRANSACTION_START } from '../../src/database/named-statements.js';

export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}
/** The statements of one API request, in order, the id of the order it created (if any), and its response. */
export interface StatementSample {
  statements: Statement[];
  createdOrderId?: number;
  response?: { status: number; body: unknown };
}

export interface RunStats {
  requests: number;
  seconds: number;
  latenciesMs: number[];
  errors: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HASH = /^[0-9a-f]{64}$/;

/** New values for the unique strings a request wrote (event and session ids, token hashes), consistently within one replay. */
function freshParameters(statements: Statement[]): Statement[] {
  const renamed = new Map<string, string>();
  return statements.map((statement) => ({
    sql: statement.sql,
    parameters: statement.parameters.map((value) => {
      if (typeof value !== 'string' || !(UUID.test(value) || HASH.test(value))) return value;
      const fresh = renamed.get(value) ?? (HASH.test(value) ? randomBytes(32).toString('hex') : randomUUID());
      renamed.set(value, fresh);
      return fresh;
    }),
  }));
}

/** The column each parameter of an `insert into "t" ("a", "b") values ($1, $2), ...` fills. */
function insertColumns(sql: string): string[] | undefined {
  const match = /^insert into "\w+" \(([^)]*)\)/.exec(sql);
  return match?.[1]?.split(',').map((column) => column.trim().replace(/"/g, ''));
}

/** Points the rows a replayed request inserts at the order that replay created, not the original. */
function withOrderId(statement: Statement, oldId: number | undefined, newId: number | undefined): Statement {
  if (oldId === undefined || newId === undefined) return statement;
  const columns = insertColumns(statement.sql);
  if (!columns) return statement;
  return {
    sql: statement.sql,
    parameters: statement.parameters.map((value, index) => (columns[index % columns.length] === 'order_id' && value === oldId ? newId : value)),
  };
}

/** Replays one request's statements on PostgreSQL, the way the app runs them (see `replayOnPostgres`). */
export class PostgresRequestReplayer {
  private readonly names = new StatementNames();

  constructor(private readonly pool: pg.Pool) {}

  /** Opens every connection of the pool, as a server's warm-up would have. */
  async openAll(size: number): Promise<void> {
    const opened = await Promise.all(Array.from({ length: size }, () => this.pool.connect()));
    for (const client of opened) client.release();
  }

  async replay(sample: StatementSample): Promise<void> {
    let transaction: pg.PoolClient | undefined;
    try {
      let newOrderId: number | undefined;
      for (const captured of freshParameters(sample.statements)) {
        const statement = withOrderId(captured, sample.createdOrderId, newOrderId);
        const client = transaction ?? (await this.pool.connect());
        if (!transaction && TRANSACTION_START.test(statement.sql)) transaction = client;
        const name = this.names.nameFor(statement.sql);
        const values = [...statement.parameters];
        let result: pg.QueryResult<{ id?: number }>;
        try {
          result = await client.query<{ id?: number }>(name === undefined ? { text: statement.sql, values } : { name, text: statement.sql, values });
        } finally {
          if (client !== transaction) client.release();
        }
        if (statement.sql.startsWith('insert into "orders"')) newOrderId = result.rows[0]?.id;
        if (transaction && TRANSACTION_END.test(statement.sql)) {
          transaction.release();
          transaction = undefined;
        }
      }
    } catch (error) {
      if (transaction) {
        await transaction.query('rollback').catch(() => undefined);
        transaction.release();
      }
      throw error;
    }
  }
}

/**
 * As the app runs them: `streams` requests at a time through a pool of `poolSize` connections (the server's
 * own pool size), each statement taking a connection and giving it back unless it is inside a transaction,
 * which holds one from `begin` to its end (Kysely's way); data statements as named prepared statements
 * (see src/database/named-statements.ts). `measure` is called as the clock starts and as it stops, before
 * the connections close (their backends' CPU time is still readable then).
 */
export async function replayOnPostgres<Mark>(
  url: string,
  samples: StatementSample[],
  streams: number,
  poolSize: number,
  durationMs: number,
  measure?: () => Mark,
): Promise<RunStats & { marks?: [Mark, Mark] }> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const replayer = new PostgresRequestReplayer(pool);
  await replayer.openAll(poolSize);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const first = measure?.();
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: streams }, async () => {
      while (performance.now() < deadline) {
        const sample = samples[next++ % samples.length] ?? { statements: [] };
        const begin = performance.now();
        try {
          await replayer.replay(sample);
          latencies.push(performance.now() - begin);
        } catch (error) {
          errors += 1;
          if (errors === 1) console.error(`  first SQL error: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const last = measure?.();
  await pool.end();
  return { requests: latencies.length, seconds, latenciesMs: latencies, errors, ...(first !== undefined && last !== undefined ? { marks: [first, last] } : {}) };
}

/** SQLite runs in-process and serializes writers: one connection, statements back to back. */
export function replayOnSqlite(filename: string, samples: StatementSample[], durationMs: number): RunStats {
  const db = new SqliteDatabase(filename);
  db.pragma('busy_timeout = 5000');
  registerSqliteFunctions(db);
  const prepared = new Map<string, SqliteDatabase.Statement>();
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  while (performance.now() < started + durationMs) {
    const sample = samples[next++ % samples.length] ?? { statements: [] };
    const begin = performance.now();
    try {
      let newOrderId: number | undefined;
      for (const captured of freshParameters(sample.statements)) {
        const statement = withOrderId(captured, sample.createdOrderId, newOrderId);
        let stmt = prepared.get(statement.sql);
        if (!stmt) {
          stmt = db.prepare(statement.sql);
          prepared.set(statement.sql, stmt);
        }
        if (stmt.reader) {
          const rows = stmt.all(...statement.parameters) as { id?: number }[];
          if (statement.sql.startsWith('insert into "orders"')) newOrderId = rows[0]?.id;
        } else stmt.run(...statement.parameters);
      }
      latencies.push(performance.now() - begin);
    } catch {
      errors += 1;
      if (db.inTransaction) db.exec('rollback');
    }
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { requests: latencies.length, seconds, latenciesMs: latencies, errors };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
