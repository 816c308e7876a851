import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from '../../db/migrations/index.js';
import type { Database } from './schema.js';

/** Applies every pending migration in order; throws if one fails (the failed one is rolled back). */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    // Kysely otherwise finds its bookkeeping tables in any schema, including another app's.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${result.error instanceof Error ? result.error.message : 'unknown error'}`);
  }
  return result;
}
