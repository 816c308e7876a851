import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { withNamedStatements } from './named-statements.js';
import type { Database } from './schema.js';

export type Dialect = DatabaseConfig['dialect'];

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL: the schema the tables live in. */
  schema?: string;
  /** Subscribes to every query's outcome and duration (for metrics). */
  onQuery(listener: (event: LogEvent) => void): void;
  destroy(): Promise<void>;
}

function queryListeners() {
  const listeners: ((event: LogEvent) => void)[] = [];
  return {
    log: (event: LogEvent) => {
      for (const listener of listeners) listener(event);
    },
    onQuery: (listener: (event: LogEvent) => void) => {
      listeners.push(listener);
    },
  };
}

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;
type ValueParser = (value: string) => unknown;
const builtinParser = pg.types.getTypeParser.bind(pg.types) as (oid: number, format?: 'text' | 'binary') => ValueParser;
const parseTimestamp = builtinParser(TIMESTAMPTZ_OID) as (value: string) => Date;

/** How PostgreSQL writes a timestamptz when the session's TimeZone is UTC, e.g. `2026-11-25 03:17:34.12+00`. */
const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

/** A timestamptz as ISO-8601 text with milliseconds (what `Date#toISOString` gives), without making a Date when it can. */
export function timestampToIso(value: string): string {
  const match = UTC_TIMESTAMP.exec(value);
  if (!match) return parseTimestamp(value).toISOString();
  return `${match[1] ?? ''}T${match[2] ?? ''}.${`${match[3] ?? ''}000`.slice(0, 3)}Z`;
}

/** Type parsers for this pool only: timestamps as ISO-8601 text and counts as numbers, like SQLite. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): ValueParser {
    if (oid === TIMESTAMPTZ_OID) return timestampToIso;
    if (oid === INT8_OID) return (value: string) => Number(value);
    return builtinParser(oid, format);
  },
};

/**
 * SQLite's own lower() folds only ASCII; case-insensitive uniqueness and search must fold 'É' as
 * PostgreSQL does, so every connection to the file (the expression indexes use it) replaces it.
 */
export function registerSqliteFunctions(sqlite: SqliteDatabase.Database): void {
  sqlite.function('lower', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
}

export interface ConnectOptions {
  /** PostgreSQL only: a schema to work in, made first if missing (tests isolate themselves this way). */
  schema?: string;
}

export function connectDatabase(config: DatabaseConfig, options: ConnectOptions = {}): DatabaseHandle {
  if (config.dialect === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.connectionString,
      max: config.poolMax,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      types: pgTypes,
      // UTC sessions write timestamps in the one shape timestampToIso reads without a Date. PGOPTIONS,
      // which pg reads only when no options are given, still applies (after ours, so it can override).
      options: ['-c TimeZone=UTC', process.env.PGOPTIONS ?? '', options.schema ? `-c search_path=${options.schema}` : ''].filter(Boolean).join(' '),
    });
    // A client losing its server must not crash the process: pg emits 'error' on idle clients through
    // the pool, and on a checked-out client on the client itself. The query in flight rejects either way.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    const { log, onQuery } = queryListeners();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: config.preparedStatements === false ? pool : withNamedStatements(pool) }), log });
    return { db, dialect: 'postgres', schema: options.schema ?? 'public', onQuery, destroy: () => db.destroy() };
  }
  if (config.filename !== ':memory:') mkdirSync(dirname(config.filename), { recursive: true });
  const sqlite = new SqliteDatabase(config.filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  registerSqliteFunctions(sqlite);
  const { log, onQuery } = queryListeners();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log });
  return { db, dialect: 'sqlite', onQuery, destroy: () => db.destroy() };
}
