import { sql, type Kysely } from 'kysely';
import type { CategoryRow, Database } from '../database/schema.js';
import type { SortTerm } from '../http/sorting.js';

type Db = Kysely<Database>;

export type CategorySortColumn = 'id' | 'name' | 'created_at';

export function findCategoryById(db: Db, id: number): Promise<CategoryRow | undefined> {
  return db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface CategoryFilter {
  parentId?: number;
  rootsOnly?: boolean;
}

function filtered(db: Db, filter: CategoryFilter) {
  let query = db.selectFrom('categories');
  if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
  if (filter.rootsOnly) query = query.where('parent_id', 'is', null);
  return query;
}

export async function listCategories(
  db: Db,
  filter: CategoryFilter,
  sort: SortTerm<CategorySortColumn>[],
  limit: number,
  offset: number,
): Promise<{ rows: CategoryRow[]; total: number }> {
  let query = filtered(db, filter).selectAll();
  for (const term of sort) query = query.orderBy(term.column, term.direction);
  const [rows, count] = await Promise.all([
    query.limit(limit).offset(offset).execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.count };
}

export function listAllCategories(db: Db): Promise<CategoryRow[]> {
  return db.selectFrom('categories').selectAll().orderBy('name').orderBy('id').execute();
}

/** The category and every category below it, however deep (a recursive query, not one per level). */
export async function findSubtreeIds(db: Db, rootId: number): Promise<number[]> {
  const rows = await db
    .withRecursive('subtree(id)', (qb) =>
      qb
        .selectFrom('categories')
        .select('id')
        .where('id', '=', rootId)
        .unionAll((inner) => inner.selectFrom('categories').innerJoin('subtree', 'subtree.id', 'categories.parent_id').select('categories.id')),
    )
    .selectFrom('subtree')
    .select('id')
    .execute();
  return rows.map((r) => r.id);
}

export function insertCategory(db: Db, category: { name: string; description: string | null; parent_id: number | null }): Promise<CategoryRow> {
  const now = new Date().toISOString();
  return db
    .insertInto('categories')
    .values({ ...category, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface CategoryChanges {
  name?: string;
  description?: string | null;
  parent_id?: number | null;
}

export function updateCategoryAtVersion(db: Db, id: number, expectedVersion: number, changes: CategoryChanges): Promise<CategoryRow | undefined> {
  return db
    .updateTable('categories')
    .set({ ...changes, version: expectedVersion + 1, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export async function categoryUsage(db: Db, id: number): Promise<{ children: number; products: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('categories').select((c) => c.fn.countAll<number>().as('n')).where('parent_id', '=', id).as('children'),
      eb.selectFrom('products').select((c) => c.fn.countAll<number>().as('n')).where('category_id', '=', id).as('products'),
    ])
    .executeTakeFirstOrThrow();
  return { children: row.children ?? 0, products: row.products ?? 0 };
}

export async function deleteCategoryRow(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('categories').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Serializes changes to the tree's shape on PostgreSQL, so two concurrent moves cannot form a cycle. */
export async function lockCategoryTree(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('store-erp:category-tree'))`.execute(db);
}
