import { sql } from 'kysely';
import { timestampType, withId, type MigrationDb } from './helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const ts = timestampType(db);
  await withId(db, db.schema.createTable('outbox'))
    .addColumn('event_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('topic', 'varchar(64)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', ts, (c) => c.notNull())
    .addColumn('locked_until', ts)
    .addColumn('locked_by', 'varchar(64)')
    .addColumn('delivered_at', ts)
    .addColumn('last_error', 'varchar(500)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addCheckConstraint('outbox_channel_check', sql`channel in ('email', 'sms', 'analytics')`)
    .addUniqueConstraint('outbox_event_channel_unique', ['event_id', 'channel'])
    .execute();
  // The worker's claim query: only pending rows, oldest due first.
  await db.schema
    .createIndex('outbox_pending_idx')
    .on('outbox')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('delivered_at'), 'is', null)
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('outbox').execute();
}
