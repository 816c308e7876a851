import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { connectDatabase, type DatabaseHandle } from '../../src/database/connection.js';
import { testConfig } from '../helpers/app.js';
import { createTestDatabase, testDatabaseUrl, testDialect } from '../helpers/database.js';

/**
 * One database that several app instances (in turn, or at once) can open, as separate processes would:
 * a temporary SQLite file, or a PostgreSQL schema reached through a pool of its own per app.
 */
export interface SharedDatabase {
  /** The test's own connection, for looking and for arranging rows. */
  inspect: DatabaseHandle;
  /** Builds an app instance on the shared database. */
  buildApp(env: Record<string, string>, options?: { outboxWorker?: boolean }): Promise<FastifyInstance>;
  /** Closes the apps' leftover pools and removes the database. */
  destroy(): Promise<void>;
}

export async function createSharedDatabase(): Promise<SharedDatabase> {
  if (testDialect === 'postgres' && testDatabaseUrl !== undefined) {
    const base = await createTestDatabase();
    const connectionString = testDatabaseUrl;
    const pools: DatabaseHandle[] = [];
    return {
      inspect: base,
      async buildApp(env, options = {}) {
        // A pool of its own on the same schema: another instance, not a shared connection.
        const database = connectDatabase({ dialect: 'postgres', connectionString, poolMax: 5 }, { schema: base.schema });
        pools.push(database);
        const app = await buildApp({ config: testConfig(env), database, outboxWorker: options.outboxWorker ?? false, silent: true });
        await app.ready();
        return app;
      },
      async destroy() {
        for (const pool of pools) await pool.destroy();
        await base.destroy();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'store-erp-resilience-'));
  const filename = join(dir, 'store.db');
  let inspect: DatabaseHandle | undefined;
  const shared: SharedDatabase = {
    get inspect(): DatabaseHandle {
      if (!inspect) throw new Error('build an app first: it creates the database');
      return inspect;
    },
    async buildApp(env, options = {}) {
      // The app opens (and on close, closes) the file itself, as a fresh process would.
      const app = await buildApp({
        config: testConfig({ ...env, DATABASE_URL: filename }),
        outboxWorker: options.outboxWorker ?? false,
        silent: true,
      });
      await app.ready();
      inspect ??= connectDatabase({ dialect: 'sqlite', filename });
      return app;
    },
    async destroy() {
      await inspect?.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return shared;
}
