import { sql } from 'kysely';
import { flagColumn, flagType, isPostgres, timestampType, withId, type MigrationDb } from './helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const ts = timestampType(db);

  await withId(db, db.schema.createTable('categories'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'varchar(1000)')
    .addColumn('parent_id', 'integer', (c) => c.references('categories.id').onDelete('restrict'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('categories_not_own_parent', sql`parent_id is null or parent_id <> id`)
    .execute();
  await db.schema
    .createIndex('categories_sibling_name_unique')
    .on('categories')
    .unique()
    .expression(sql`coalesce(parent_id, 0), lower(name)`)
    .execute();
  await db.schema.createIndex('categories_parent_id_idx').on('categories').columns(['parent_id', 'name', 'id']).execute();

  await withId(db, db.schema.createTable('products'))
    .addColumn('sku', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'varchar(2000)')
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('stock_quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('category_id', 'integer', (c) => c.references('categories.id').onDelete('restrict'))
    .addColumn('active', flagType(db), flagColumn(db, 'active', true))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('products_price_not_negative', sql`price_cents >= 0`)
    .addCheckConstraint('products_stock_not_negative', sql`stock_quantity >= 0`)
    .execute();
  await db.schema.createIndex('products_sku_unique').on('products').unique().expression(sql`lower(sku)`).execute();
  await db.schema.createIndex('products_category_price_idx').on('products').columns(['category_id', 'price_cents', 'id']).execute();
  await db.schema.createIndex('products_category_name_idx').on('products').columns(['category_id', 'name', 'id']).execute();
  await db.schema.createIndex('products_price_idx').on('products').columns(['price_cents', 'id']).execute();
  await db.schema.createIndex('products_name_idx').on('products').columns(['name', 'id']).execute();
  await db.schema.createIndex('products_created_at_idx').on('products').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('products_stock_idx').on('products').columns(['stock_quantity', 'id']).execute();
  await db.schema.createIndex('products_active_idx').on('products').columns(['active', 'id']).execute();
  if (isPostgres(db)) {
    // Substring search (`q`) over name, SKU and description uses this trigram index on PostgreSQL.
    // The extension lives in one schema for the whole database; its operator class is named through it.
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    const { rows } = await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`.execute(db);
    const opclass = sql.raw(`${rows[0]?.schema ?? 'public'}.gin_trgm_ops`);
    await sql`create index products_search_trgm_idx on products using gin ((lower(name || ' ' || sku || ' ' || coalesce(description, ''))) ${opclass})`.execute(db);
  }

  await withId(db, db.schema.createTable('orders'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('pending'))
    .addColumn('total_cents', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('orders_status_check', sql`status in ('pending', 'paid', 'shipped', 'delivered', 'cancelled')`)
    .addCheckConstraint('orders_total_not_negative', sql`total_cents >= 0`)
    .execute();
  await db.schema.createIndex('orders_user_created_idx').on('orders').columns(['user_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('orders_status_created_idx').on('orders').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('orders_created_idx').on('orders').columns(['created_at', 'id']).execute();

  await withId(db, db.schema.createTable('order_items'))
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id').onDelete('restrict'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('restrict'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price_cents', 'integer', (c) => c.notNull())
    .addCheckConstraint('order_items_quantity_positive', sql`quantity > 0`)
    .addCheckConstraint('order_items_price_not_negative', sql`unit_price_cents >= 0`)
    .addUniqueConstraint('order_items_order_product_unique', ['order_id', 'product_id'])
    .execute();
  await db.schema.createIndex('order_items_product_id_idx').on('order_items').column('product_id').execute();

  await withId(db, db.schema.createTable('stock_movements'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('restrict'))
    .addColumn('delta', 'integer', (c) => c.notNull())
    .addColumn('reason', 'varchar(16)', (c) => c.notNull())
    .addColumn('order_id', 'integer', (c) => c.references('orders.id').onDelete('restrict'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('note', 'varchar(500)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addCheckConstraint('stock_movements_delta_not_zero', sql`delta <> 0`)
    .addCheckConstraint('stock_movements_reason_check', sql`reason in ('initial', 'order', 'cancel', 'adjustment')`)
    .addCheckConstraint('stock_movements_order_reason', sql`(reason in ('order', 'cancel')) = (order_id is not null)`)
    .execute();
  await db.schema.createIndex('stock_movements_product_idx').on('stock_movements').columns(['product_id', 'id']).execute();
  await db.schema.createIndex('stock_movements_order_idx').on('stock_movements').column('order_id').execute();

  await withId(db, db.schema.createTable('idempotency_keys'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('key', 'varchar(100)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id').onDelete('restrict'))
    .addColumn('response_status', 'integer', (c) => c.notNull())
    .addColumn('response_body', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addUniqueConstraint('idempotency_keys_user_key_unique', ['user_id', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires_idx').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of ['idempotency_keys', 'stock_movements', 'order_items', 'orders', 'products', 'categories']) {
    await db.schema.dropTable(table).execute();
  }
}
