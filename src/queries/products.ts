import { sql, type Insertable, type Kysely } from 'kysely';
import { compiledOnce } from '../database/compiled-once.js';
import type { Database, ProductRow, ProductsTable } from '../database/schema.js';
import type { SortTerm } from '../http/sorting.js';
import { insertStockMovements } from './stock-movements.js';
import { containsPattern } from './text-search.js';

type Db = Kysely<Database>;

export type ProductSortColumn = 'id' | 'name' | 'sku' | 'price_cents' | 'stock_quantity' | 'created_at';
export type ProductColumn = keyof ProductRow;

const selectProductById = compiledOnce((db: Db, id: number) => db.selectFrom('products').selectAll().where('id', '=', id));

export async function findProductById(db: Db, id: number): Promise<ProductRow | undefined> {
  const [product] = await selectProductById(db, id);
  return product;
}

export interface ProductFilter {
  categoryIds?: number[];
  minPriceCents?: number;
  maxPriceCents?: number;
  q?: string;
  inStock?: boolean;
  active?: boolean;
}

/** The text `q` searches; the same expression is indexed with trigrams on PostgreSQL. */
const searchText = sql<string>`lower(name || ' ' || sku || ' ' || coalesce(description, ''))`;

function filtered(db: Db, filter: ProductFilter) {
  let query = db.selectFrom('products');
  if (filter.categoryIds !== undefined) {
    const ids = filter.categoryIds;
    // `in ()` is a syntax error on PostgreSQL: no categories means no products.
    if (ids.length === 0) query = query.where(sql<boolean>`false`);
    else query = ids.length === 1 && ids[0] !== undefined ? query.where('category_id', '=', ids[0]) : query.where('category_id', 'in', ids);
  }
  if (filter.minPriceCents !== undefined) query = query.where('price_cents', '>=', filter.minPriceCents);
  if (filter.maxPriceCents !== undefined) query = query.where('price_cents', '<=', filter.maxPriceCents);
  if (filter.inStock !== undefined) query = query.where('stock_quantity', filter.inStock ? '>' : '=', 0);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
  if (filter.q !== undefined) query = query.where(searchText, 'like', sql<string>`${containsPattern(filter.q)} escape '\\'`);
  return query;
}

export async function listProducts(
  db: Db,
  filter: ProductFilter,
  columns: readonly ProductColumn[],
  sort: SortTerm<ProductSortColumn>[],
  limit: number,
  offset: number,
): Promise<{ rows: Partial<ProductRow>[]; total: number }> {
  let query = filtered(db, filter).select(columns);
  for (const term of sort) query = query.orderBy(term.column, term.direction);
  const [rows, count] = await Promise.all([
    query.limit(limit).offset(offset).execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.count };
}

export function insertProduct(
  db: Db,
  product: { sku: string; name: string; description: string | null; price_cents: number; stock_quantity: number; category_id: number | null; active: 0 | 1 },
): Promise<ProductRow> {
  const now = new Date().toISOString();
  return db
    .insertInto('products')
    .values({ ...product, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Many products at once (seeding, loading), each with the `initial` movement its stock ledger starts from; returns their ids. */
export function insertProductsWithInitialStock(db: Db, products: Insertable<ProductsTable>[]): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('products').values(products).returning(['id', 'stock_quantity']).execute();
    await insertStockMovements(
      trx,
      inserted.map((p) => ({ product_id: p.id, delta: p.stock_quantity, reason: 'initial' as const, user_id: null })),
    );
    return inserted.map((p) => p.id);
  });
}

export interface ProductChanges {
  sku?: string;
  name?: string;
  description?: string | null;
  price_cents?: number;
  category_id?: number | null;
  active?: 0 | 1;
}

export function updateProductAtVersion(db: Db, id: number, expectedVersion: number, changes: ProductChanges): Promise<ProductRow | undefined> {
  return db
    .updateTable('products')
    .set({ ...changes, version: expectedVersion + 1, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Adds `delta` to the stock in one conditional statement, so that concurrent changes can never take it
 * below zero: the row is locked by the update and the condition re-checked against the latest value.
 * Undefined when the product is missing, inactive (with `requireActive`), or the stock would go negative.
 */
/** The most units one product may hold; keeps every stock sum far inside a 32-bit column. */
export const MAX_STOCK = 1_000_000_000;

export function changeStock(
  db: Db,
  productId: number,
  delta: number,
  options: { requireActive?: boolean } = {},
): Promise<Pick<ProductRow, 'id' | 'price_cents' | 'stock_quantity'> | undefined> {
  let query = db
    .updateTable('products')
    .set((eb) => ({
      stock_quantity: eb('stock_quantity', '+', delta),
      version: eb('version', '+', 1),
      updated_at: new Date().toISOString(),
    }))
    .where('id', '=', productId)
    .where('stock_quantity', '>=', -delta)
    .where('stock_quantity', '<=', MAX_STOCK - delta);
  if (options.requireActive) query = query.where('active', '=', 1);
  return query.returning(['id', 'price_cents', 'stock_quantity']).executeTakeFirst();
}

export async function isProductOrdered(db: Db, productId: number): Promise<boolean> {
  const row = await db.selectFrom('order_items').select('id').where('product_id', '=', productId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function deleteProductWithLedger(db: Db, productId: number): Promise<void> {
  await db.deleteFrom('stock_movements').where('product_id', '=', productId).execute();
  await db.deleteFrom('products').where('id', '=', productId).execute();
}
