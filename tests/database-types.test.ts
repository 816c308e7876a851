/** Values read from PostgreSQL come back as SQLite gives them: timestamps as ISO-8601 text, counts as numbers. */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { timestampToIso } from '../src/database/connection.js';
import { createTestDatabase, testDialect } from './helpers/database.js';

const viaDate = (text: string) => (pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (value: string) => Date)(text).toISOString();

describe('timestampToIso', () => {
  it.each([
    '2026-11-25 03:17:34+00',
    '2026-11-25 03:17:34.1+00',
    '2026-11-25 03:17:34.12+00',
    '2026-11-25 03:17:34.123+00',
    '2026-11-25 03:17:34.123456+00',
    '2026-11-25 03:17:34.999999+00',
    '1999-12-31 23:59:59.5+00',
    // Not UTC: the general parser answers.
    '2026-01-02 03:04:05.678+05:30',
    '2026-01-02 03:04:05-08',
  ])('%s reads as Date#toISOString would', (text) => {
    expect(timestampToIso(text)).toBe(viaDate(text));
    expect(timestampToIso(text)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

describe.skipIf(testDialect !== 'postgres')('PostgreSQL values through the pool', () => {
  const database = createTestDatabase();
  afterAll(async () => {
    await (await database).destroy();
  });

  it('returns timestamps in UTC ISO-8601 whatever zone they were written in, and counts as numbers', async () => {
    const { db } = await database;
    const { rows } = await sql<{ at: string; earlier: string; n: number }>`
      select '2026-01-02 03:04:05.678+05:30'::timestamptz as at, '2026-11-25T03:17:34.1Z'::timestamptz as earlier, count(*) as n from (values (1), (2)) v(x)`.execute(db);
    expect(rows).toEqual([{ at: '2026-01-01T21:34:05.678Z', earlier: '2026-11-25T03:17:34.100Z', n: 2 }]);
    // The session is in UTC, so timestamps take timestampToIso's quick path.
    expect((await sql<{ TimeZone: string }>`show timezone`.execute(db)).rows[0]).toEqual({ TimeZone: 'UTC' });
  });
});
