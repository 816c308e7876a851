/** `npm run db:migrate`: applies pending migrations to the configured database and exits. */
import { ConfigError, loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/database/connection.js';
import { migrateToLatest } from '../src/database/migrate.js';

try {
  const config = loadConfig();
  const database = connectDatabase(config.database);
  try {
    const result = await migrateToLatest(database.db, database.schema);
    const applied = result.results?.map((r) => r.migrationName) ?? [];
    console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  } finally {
    await database.destroy();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
