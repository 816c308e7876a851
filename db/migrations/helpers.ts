import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, PostgresAdapter } from 'kysely';

// Migrations take Kysely<any> by design: they are frozen in time and must not follow today's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MigrationDb = Kysely<any>;

export function isPostgres(db: MigrationDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-incrementing integer primary key on either dialect. */
export function withId<T extends string>(db: MigrationDb, table: CreateTableBuilder<T>): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export function timestampType(db: MigrationDb): 'timestamptz' | 'text' {
  return isPostgres(db) ? 'timestamptz' : 'text';
}

/** A NOT NULL boolean stored as boolean on PostgreSQL and as a checked 0/1 integer on SQLite. */
export function flagColumn(db: MigrationDb, column: string, defaultValue: boolean) {
  return (c: ColumnDefinitionBuilder) =>
    isPostgres(db)
      ? c.notNull().defaultTo(defaultValue)
      : c.notNull().defaultTo(defaultValue ? 1 : 0).check(sql`${sql.ref(column)} in (0, 1)`);
}

export function flagType(db: MigrationDb): 'boolean' | 'integer' {
  return isPostgres(db) ? 'boolean' : 'integer';
}
