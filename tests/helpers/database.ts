import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle } from '../../src/database/connection.js';

/** Set TEST_DATABASE_URL=postgres://… to run the suite on PostgreSQL; otherwise it runs on SQLite. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL;
export const testDialect = testDatabaseUrl?.startsWith('postgres') ? 'postgres' : 'sqlite';

/**
 * A fresh, empty database for one test app: an in-memory SQLite database, or a new PostgreSQL schema
 * that is dropped again on destroy.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (testDialect === 'sqlite' || testDatabaseUrl === undefined) {
    return connectDatabase({ dialect: 'sqlite', filename: ':memory:' });
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = connectDatabase({ dialect: 'postgres', connectionString: testDatabaseUrl, poolMax: 5 }, { schema });
  return {
    ...handle,
    async destroy() {
      await handle.destroy();
      const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}
