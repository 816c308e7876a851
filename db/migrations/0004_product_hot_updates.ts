import { sql } from 'kysely';
import { isPostgres, type MigrationDb } from './helpers.js';

/**
 * Every order changes products.stock_quantity. While that column was indexed, each change was a
 * non-HOT update on PostgreSQL: a new entry in every index of the table (the trigram index too) and a
 * dead tuple behind, so reads slowed as the table bloated. Without the index (sorting by stock is rare
 * and sorts the filtered rows instead) and with room left on each page, stock changes update in place.
 * The category indexes now include `active`, so a category page and its count read the index alone.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('products_stock_idx').execute();
  await db.schema.dropIndex('products_category_price_idx').execute();
  await db.schema.dropIndex('products_category_name_idx').execute();
  await db.schema.createIndex('products_category_active_price_idx').on('products').columns(['category_id', 'active', 'price_cents', 'id']).execute();
  await db.schema.createIndex('products_category_active_name_idx').on('products').columns(['category_id', 'active', 'name', 'id']).execute();
  if (isPostgres(db)) await sql`alter table products set (fillfactor = 80)`.execute(db);
}

export async function down(db: MigrationDb): Promise<void> {
  if (isPostgres(db)) await sql`alter table products reset (fillfactor)`.execute(db);
  await db.schema.dropIndex('products_category_active_name_idx').execute();
  await db.schema.dropIndex('products_category_active_price_idx').execute();
  await db.schema.createIndex('products_category_name_idx').on('products').columns(['category_id', 'name', 'id']).execute();
  await db.schema.createIndex('products_category_price_idx').on('products').columns(['category_id', 'price_cents', 'id']).execute();
  await db.schema.createIndex('products_stock_idx').on('products').columns(['stock_quantity', 'id']).execute();
}
