import type { Kysely } from 'kysely';
import { compiledByShape, jsonShapeKey } from '../database/compiled-once.js';
import type { Database, OrderItemRow, OrderRow, OrderStatus } from '../database/schema.js';
import type { SortTerm } from '../http/sorting.js';

type Db = Kysely<Database>;

export type OrderSortColumn = 'id' | 'created_at' | 'total_cents' | 'status';

export function findOrderById(db: Db, id: number): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertOrder(db: Db, order: { user_id: number; total_cents: number; event_id: string }): Promise<OrderRow> {
  const now = new Date().toISOString();
  return db
    .insertInto('orders')
    .values({ ...order, status: 'pending', created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function insertOrderItems(db: Db, items: Omit<OrderItemRow, 'id'>[]): Promise<OrderItemRow[]> {
  return db.insertInto('order_items').values(items).returningAll().execute();
}

const selectItemsOfOrders = compiledByShape(jsonShapeKey, (db: Db, _shape: null, values: { orderIds: number[] }) =>
  db.selectFrom('order_items').selectAll().where('order_id', 'in', values.orderIds).orderBy('order_id').orderBy('id'),
);

/** Items of several orders in one query, grouped by order id. */
export async function findItemsByOrderIds(db: Db, orderIds: number[]): Promise<Map<number, OrderItemRow[]>> {
  const byOrder = new Map<number, OrderItemRow[]>(orderIds.map((id) => [id, []]));
  if (orderIds.length === 0) return byOrder;
  const rows = await selectItemsOfOrders(db, null, { orderIds });
  for (const row of rows) byOrder.get(row.order_id)?.push(row);
  return byOrder;
}

export interface OrderFilter {
  userId?: number;
  status?: OrderStatus;
  createdFrom?: string;
  createdTo?: string;
}

/** Filter values: each given one is a condition and a parameter. */
type FilterValues = {
  userId: number | undefined;
  status: OrderStatus | undefined;
  createdFrom: string | undefined;
  createdTo: string | undefined;
};

function filtered(db: Db, values: FilterValues) {
  let query = db.selectFrom('orders');
  if (values.userId !== undefined) query = query.where('user_id', '=', values.userId);
  if (values.status !== undefined) query = query.where('status', '=', values.status);
  if (values.createdFrom !== undefined) query = query.where('created_at', '>=', values.createdFrom);
  if (values.createdTo !== undefined) query = query.where('created_at', '<', values.createdTo);
  return query;
}

// Compiled once per shape: every order list (a customer's own above all) would otherwise rebuild three queries.
const selectOrderPage = compiledByShape(
  jsonShapeKey,
  (db: Db, sort: readonly SortTerm<OrderSortColumn>[], values: FilterValues & { limit: number; offset: number }) => {
    let query = filtered(db, values).selectAll();
    for (const term of sort) query = query.orderBy(term.column, term.direction);
    return query.limit(values.limit).offset(values.offset);
  },
);

const countOrders = compiledByShape(jsonShapeKey, (db: Db, _shape: null, values: FilterValues) =>
  filtered(db, values).select((eb) => eb.fn.countAll<number>().as('count')),
);

export async function listOrders(
  db: Db,
  filter: OrderFilter,
  sort: SortTerm<OrderSortColumn>[],
  limit: number,
  offset: number,
): Promise<{ rows: OrderRow[]; total: number }> {
  const values: FilterValues = { userId: filter.userId, status: filter.status, createdFrom: filter.createdFrom, createdTo: filter.createdTo };
  const [rows, count] = await Promise.all([selectOrderPage(db, sort, { ...values, limit, offset }), countOrders(db, null, values)]);
  return { rows, total: count[0]?.count ?? 0 };
}

/** Moves an order from `from` to `to` only if it is still in `from` (and at `expectedVersion`). */
export function transitionOrder(db: Db, id: number, from: OrderStatus, to: OrderStatus, expectedVersion: number): Promise<OrderRow | undefined> {
  return db
    .updateTable('orders')
    .set({ status: to, version: expectedVersion + 1, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('status', '=', from)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}
