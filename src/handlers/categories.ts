import type { Kysely } from 'kysely';
import { forUpdate } from '../database/locking.js';
import type { CategoryRow, Database } from '../database/schema.js';
import { conflict, notFound, preconditionFailed, validationError } from '../errors.js';
import type { OperationHandlers } from '../generated/operations.js';
import { paginationMeta, success, successPage } from '../http/envelope.js';
import { matchesEtag, versionEtag } from '../http/etag.js';
import { parseSort } from '../http/sorting.js';
import { buildCategoryTree, categoryRowToCategory } from '../mappers/catalog.js';
import {
  categoryUsage,
  deleteCategoryRow,
  findCategoryById,
  findSubtreeIds,
  insertCategory,
  listAllCategories,
  listCategories,
  lockCategoryTree,
  updateCategoryAtVersion,
  type CategorySortColumn,
} from '../queries/categories.js';
import type { HandlerContext } from './context.js';

type CategoryHandlers = Pick<
  OperationHandlers,
  'listCategories' | 'getCategoryTree' | 'getCategory' | 'createCategory' | 'updateCategory' | 'deleteCategory'
>;

/** A reference to a category that does not exist is a bad request, not a missing resource. */
export async function assertCategoryExists(db: Kysely<Database>, id: number, path: string): Promise<void> {
  if (!(await findCategoryById(db, id))) {
    throw validationError([{ location: 'body', path, message: `category ${id} does not exist` }]);
  }
}

export function createCategoryHandlers({ db, dialect }: HandlerContext): CategoryHandlers {
  const lockCategory = (trx: Kysely<Database>, id: number): Promise<CategoryRow | undefined> =>
    forUpdate(trx.selectFrom('categories').selectAll().where('id', '=', id), dialect).executeTakeFirst();

  return {
    async listCategories(request) {
      const { page = 1, per_page: perPage = 20, sort = 'name', parent_id: parentId, roots_only: rootsOnly } = request.query;
      const { rows, total } = await listCategories(
        db,
        { parentId, rootsOnly },
        parseSort<CategorySortColumn>(sort, 'id'),
        perPage,
        (page - 1) * perPage,
      );
      return { status: 200, body: successPage(rows.map(categoryRowToCategory), paginationMeta(page, perPage, total)) };
    },

    async getCategoryTree() {
      return { status: 200, body: success(buildCategoryTree(await listAllCategories(db))) };
    },

    async getCategory(request) {
      const row = await findCategoryById(db, request.params.id);
      if (!row) throw notFound('Category', request.params.id);
      return { status: 200, body: success(categoryRowToCategory(row)), headers: { etag: versionEtag(row) } };
    },

    async createCategory(request) {
      const { name, description = null, parent_id: parentId = null } = request.body;
      const row = await db.transaction().execute(async (trx) => {
        if (parentId !== null) await assertCategoryExists(trx, parentId, '/parent_id');
        return insertCategory(trx, { name, description, parent_id: parentId });
      });
      return { status: 201, body: success(categoryRowToCategory(row), 'Category created'), headers: { etag: versionEtag(row) } };
    },

    async updateCategory(request) {
      const { id } = request.params;
      const changes = request.body;
      const row = await db.transaction().execute(async (trx) => {
        if (changes.parent_id !== undefined && dialect === 'postgres') await lockCategoryTree(trx);
        const current = await lockCategory(trx, id);
        if (!current) throw notFound('Category', id);
        const ifMatch = request.headers['if-match'];
        if (ifMatch !== undefined && !matchesEtag(ifMatch, versionEtag(current))) throw preconditionFailed(versionEtag(current));
        const parentId = changes.parent_id;
        if (parentId !== undefined && parentId !== null) {
          await assertCategoryExists(trx, parentId, '/parent_id');
          if ((await findSubtreeIds(trx, id)).includes(parentId)) {
            throw conflict('A category cannot move under itself or one of its descendants', { field: 'parent_id', reason: 'cycle' });
          }
        }
        const updated = await updateCategoryAtVersion(trx, id, current.version, changes);
        if (!updated) throw preconditionFailed(versionEtag(current));
        return updated;
      });
      return { status: 200, body: success(categoryRowToCategory(row), 'Category updated'), headers: { etag: versionEtag(row) } };
    },

    async deleteCategory(request) {
      const { id } = request.params;
      await db.transaction().execute(async (trx) => {
        if (!(await lockCategory(trx, id))) throw notFound('Category', id);
        const usage = await categoryUsage(trx, id);
        if (usage.children > 0 || usage.products > 0) {
          throw conflict('A category with child categories or products cannot be deleted', usage);
        }
        await deleteCategoryRow(trx, id);
      });
      return { status: 200, body: success(null, 'Category deleted') };
    },
  };
}
