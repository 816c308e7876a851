/** The bench's SQL side replays a handler's statements the way the server runs them (scripts/bench/raw-sql.ts). */
import { describe, expect, it } from 'vitest';
import { replayOnPostgres, type StatementSample } from '../scripts/bench/raw-sql.js';
import { testDatabaseUrl, testDialect } from './helpers/database.js';

describe.skipIf(testDialect !== 'postgres')('replayOnPostgres', () => {
  it('runs a transaction on one connection from begin to commit, while more streams than connections share the pool', async () => {
    // A savepoint is refused outside a transaction block: run on any other connection than the one that
    // began, it would fail, and the replay would count an error.
    const samples: StatementSample[] = [
      {
        statements: [
          { sql: 'begin', parameters: [] },
          { sql: 'savepoint "replay"', parameters: [] },
          { sql: 'select $1::int as "id"', parameters: [7] },
          { sql: 'release savepoint "replay"', parameters: [] },
          { sql: 'commit', parameters: [] },
        ],
      },
      { statements: [{ sql: 'select $1::int + 1 as "id"', parameters: [1] }] },
    ];
    const stats = await replayOnPostgres(testDatabaseUrl ?? '', samples, 8, 2, 300);
    expect(stats.errors).toBe(0);
    expect(stats.requests).toBeGreaterThan(8);
    expect(stats.latenciesMs).toHaveLength(stats.requests);
  });

  it('counts a failing request as an error and goes on with the next', async () => {
    const samples: StatementSample[] = [
      { statements: [{ sql: 'begin', parameters: [] }, { sql: 'select 1 / $1::int as "id"', parameters: [0] }, { sql: 'commit', parameters: [] }] },
      { statements: [{ sql: 'select $1::int as "id"', parameters: [1] }] },
    ];
    const stats = await replayOnPostgres(testDatabaseUrl ?? '', samples, 4, 2, 200);
    expect(stats.errors).toBeGreaterThan(0);
    expect(stats.requests).toBeGreaterThan(0);
  });
});
