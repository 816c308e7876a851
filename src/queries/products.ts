import { sql, type Insertable, type Kysely } from 'kysely';
import { compiledByShape, compiledOnce, jsonShapeKey } from '../database/compiled-once.js';
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

/** What fixes a product list's SQL beside which filter values are given. */
interface FilterShape {
  inStock: boolean | undefined;
  active: boolean | undefined;
}

/** Filter values: each becomes a parameter (the category ids one each). */
type FilterValues = {
  categoryIds: number[] | undefined;
  minPriceCents: number | undefined;
  maxPriceCents: number | undefined;
  /** A LIKE pattern for `q`. */
  pattern: string | undefined;
};

function filtered(db: Db, shape: FilterShape, values: FilterValues) {
  let query = db.selectFrom('products');
  const ids = values.categoryIds;
  if (ids !== undefined) {
    // `in ()` is a syntax error on PostgreSQL: no categories means no products.
    if (ids.length === 0) query = query.where(sql<boolean>`false`);
    else query = ids.length === 1 && ids[0] !== undefined ? query.where('category_id', '=', ids[0]) : query.where('category_id', 'in', ids);
  }
  if (values.minPriceCents !== undefined) query = query.where('price_cents', '>=', values.minPriceCents);
  if (values.maxPriceCents !== undefined) query = query.where('price_cents', '<=', values.maxPriceCents);
  if (values.pattern !== undefined) query = query.where(searchText, 'like', sql<string>`${values.pattern} escape '\\'`);
  if (shape.inStock !== undefined) query = query.where('stock_quantity', shape.inStock ? '>' : '=', 0);
  if (shape.active !== undefined) query = query.where('active', '=', shape.active ? 1 : 0);
  return query;
}

interface PageShape extends FilterShape {
  columns: readonly ProductColumn[];
  sort: readonly SortTerm<ProductSortColumn>[];
}

// Compiled once per shape: building and compiling a list query cost the server more CPU than its rows.
const selectProductPage = compiledByShape(jsonShapeKey, (db: Db, shape: PageShape, values: FilterValues & { limit: number; offset: number }) => {
  let query = filtered(db, shape, values).select(shape.columns);
  for (const term of shape.sort) query = query.orderBy(term.column, term.direction);
  return query.limit(values.limit).offset(values.offset);
});

const countProducts = compiledByShape(jsonShapeKey, (db: Db, shape: FilterShape, values: FilterValues) =>
  filtered(db, shape, values).select((eb) => eb.fn.countAll<number>().as('count')),
);

export async function listProducts(
  db: Db,
  filter: ProductFilter,
  columns: readonly ProductColumn[],
  sort: SortTerm<ProductSortColumn>[],
  limit: number,
  offset: number,
): Promise<{ rows: Partial<ProductRow>[]; total: number }> {
  const shape = { inStock: filter.inStock, active: filter.active };
  const values: FilterValues = {
    categoryIds: filter.categoryIds,
    minPriceCents: filter.minPriceCents,
    maxPriceCents: filter.maxPriceCents,
    pattern: filter.q === undefined ? undefined : containsPattern(filter.q),
  };
  const [rows, count] = await Promise.all([
    selectProductPage(db, { ...shape, columns, sort }, { ...values, limit, offset }),
    countProducts(db, shape, values),
  ]);
  return { rows, total: count[0]?.count ?? 0 };
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
