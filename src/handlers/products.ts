import type { Kysely } from 'kysely';
import { principalOf } from '../auth/security.js';
import { forUpdate } from '../database/locking.js';
import type { Database, ProductRow } from '../database/schema.js';
import { ApiError, notFound, preconditionFailed, validationError } from '../errors.js';
import type { OperationHandlers } from '../generated/operations.js';
import { paginationMeta, success, successPage } from '../http/envelope.js';
import { matchesEtag, versionEtag } from '../http/etag.js';
import { parseSort } from '../http/sorting.js';
import {
  parseFields,
  PRODUCT_FIELD_COLUMNS,
  PRODUCT_FIELDS,
  type ProductFieldColumns,
  productFieldset,
  productRowToProduct,
  stockMovementRowToMovement,
  } from '../mappers/catalog.js';
import { parseMoney } from '../money.js';
import { findSubtreeIds } from '../queries/categories.js';
import {
  changeStock,
  deleteProductWithLedger,
  findProductById,
  insertProduct,
  isProductOrdered,
  listProducts,
  MAX_STOCK,
  updateProductAtVersion,
  type ProductChanges,
  type ProductSortColumn,
} from '../queries/products.js';
import { insertStockMovement, listStockMovements } from '../queries/stock-movements.js';
import { assertCategoryExists } from './categories.js';
import type { HandlerContext } from './context.js';

type ProductHandlers = Pick<
  OperationHandlers,
  'listProducts' | 'getProduct' | 'createProduct' | 'updateProduct' | 'deleteProduct' | 'listStockMovements' | 'createStockAdjustment'
>;

const SORT_COLUMNS: Record<string, ProductSortColumn> = { price: 'price_cents' };

function productSort(sort: string) {
  return parseSort<ProductSortColumn>(sort, 'id').map((term) => ({ ...term, column: SORT_COLUMNS[term.column] ?? term.column }));
}

export function createProductHandlers({ db, dialect }: HandlerContext): ProductHandlers {
  const lockProduct = (trx: Kysely<Database>, id: number): Promise<ProductRow | undefined> =>
    forUpdate(trx.selectFrom('products').selectAll().where('id', '=', id), dialect).executeTakeFirst();

  return {
    async listProducts(request) {
      const principal = principalOf(request);
      const q = request.query;
      const page = q.page ?? 1;
      const perPage = q.per_page ?? 20;
      const fields = parseFields(q.fields);
      let categoryIds: number[] | undefined;
      if (q.category_id !== undefined) categoryIds = q.include_descendants ? await findSubtreeIds(db, q.category_id) : [q.category_id];
      const { rows, total } = await listProducts(
        db,
        {
          categoryIds,
          minPriceCents: q.min_price === undefined ? undefined : parseMoney(q.min_price),
          maxPriceCents: q.max_price === undefined ? undefined : parseMoney(q.max_price),
          q: q.q,
          inStock: q.in_stock,
          // Customers only ever see what is for sale; staff see deactivated products on request.
          active: principal.role === 'user' ? true : (q.active ?? true),
        },
        fields.map((field) => PRODUCT_FIELD_COLUMNS[field]),
        productSort(q.sort ?? 'id'),
        perPage,
        (page - 1) * perPage,
      );
      // parseFields always keeps `id`, so every row has it. Every field asked for (the usual case): every
      // column was selected, and one object literal of a single shape maps each row.
      const data =
        fields.length === PRODUCT_FIELDS.length
          ? (rows as ProductFieldColumns[]).map(productRowToProduct)
          : (rows as (Partial<ProductRow> & Pick<ProductRow, 'id'>)[]).map((row) => productFieldset(row, fields));
      return { status: 200, body: successPage(data, paginationMeta(page, perPage, total)) };
    },

    async getProduct(request) {
      const row = await findProductById(db, request.params.id);
      if (!row || (!row.active && principalOf(request).role === 'user')) throw notFound('Product', request.params.id);
      return { status: 200, body: success(productRowToProduct(row)), headers: { etag: versionEtag(row) } };
    },

    async createProduct(request) {
      const principal = principalOf(request);
      const body = request.body;
      const row = await db.transaction().execute(async (trx) => {
        const categoryId = body.category_id ?? null;
        if (categoryId !== null) await assertCategoryExists(trx, categoryId, '/category_id');
        const product = await insertProduct(trx, {
          sku: body.sku,
          name: body.name,
          description: body.description ?? null,
          price_cents: parseMoney(body.price),
          stock_quantity: body.stock_quantity ?? 0,
          category_id: categoryId,
          active: body.active === false ? 0 : 1,
        });
        if (product.stock_quantity > 0) {
          await insertStockMovement(trx, { product_id: product.id, delta: product.stock_quantity, reason: 'initial', user_id: principal.userId });
        }
        return product;
      });
      return { status: 201, body: success(productRowToProduct(row), 'Product created'), headers: { etag: versionEtag(row) } };
    },

    async updateProduct(request) {
      const { id } = request.params;
      const body = request.body;
      const row = await db.transaction().execute(async (trx) => {
        const current = await lockProduct(trx, id);
        if (!current) throw notFound('Product', id);
        const ifMatch = request.headers['if-match'];
        if (ifMatch !== undefined && !matchesEtag(ifMatch, versionEtag(current))) throw preconditionFailed(versionEtag(current));
        if (body.category_id !== undefined && body.category_id !== null) await assertCategoryExists(trx, body.category_id, '/category_id');
        const changes: ProductChanges = {
          sku: body.sku,
          name: body.name,
          description: body.description,
          price_cents: body.price === undefined ? undefined : parseMoney(body.price),
          category_id: body.category_id,
          active: body.active === undefined ? undefined : body.active ? 1 : 0,
        };
        const updated = await updateProductAtVersion(trx, id, current.version, changes);
        if (!updated) throw preconditionFailed(versionEtag(current));
        return updated;
      });
      return { status: 200, body: success(productRowToProduct(row), 'Product updated'), headers: { etag: versionEtag(row) } };
    },

    async deleteProduct(request) {
      const { id } = request.params;
      const outcome = await db.transaction().execute(async (trx) => {
        const current = await lockProduct(trx, id);
        if (!current) throw notFound('Product', id);
        if (await isProductOrdered(trx, id)) {
          if (current.active) await updateProductAtVersion(trx, id, current.version, { active: 0 });
          return 'deactivated' as const;
        }
        await deleteProductWithLedger(trx, id);
        return 'deleted' as const;
      });
      const message = outcome === 'deleted' ? 'Product deleted' : 'Product deactivated; orders refer to it';
      return { status: 200, body: success({ id, outcome }, message) };
    },

    async listStockMovements(request) {
      const { id } = request.params;
      const { page = 1, per_page: perPage = 20 } = request.query;
      if (!(await findProductById(db, id))) throw notFound('Product', id);
      const { rows, total } = await listStockMovements(db, id, perPage, (page - 1) * perPage);
      return { status: 200, body: successPage(rows.map(stockMovementRowToMovement), paginationMeta(page, perPage, total)) };
    },

    async createStockAdjustment(request) {
      const { id } = request.params;
      const { delta, note } = request.body;
      const principal = principalOf(request);
      const result = await db.transaction().execute(async (trx) => {
        const changed = await changeStock(trx, id, delta);
        if (!changed) {
          const product = await findProductById(trx, id);
          if (!product) throw notFound('Product', id);
          if (product.stock_quantity + delta > MAX_STOCK) {
            throw validationError([{ location: 'body', path: '/delta', message: `stock may not exceed ${MAX_STOCK}` }]);
          }
          throw new ApiError(409, 'INSUFFICIENT_STOCK', `Stock of product ${id} cannot go below zero`, {
            product_id: id,
            requested: -delta,
            available: product.stock_quantity,
          });
        }
        const movement = await insertStockMovement(trx, { product_id: id, delta, reason: 'adjustment', user_id: principal.userId, note });
        return { movement: stockMovementRowToMovement(movement), stock_quantity: changed.stock_quantity };
      });
      return { status: 201, body: success(result, 'Stock adjusted') };
    },
  };
}
