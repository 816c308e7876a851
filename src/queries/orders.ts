import type { Kysely } from 'kysely';
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

/** Items of several orders in one query, grouped by order id. */
export async function findItemsByOrderIds(db: Db, orderIds: number[]): Promise<Map<number, OrderItemRow[]>> {
  const byOrder = new Map<number, OrderItemRow[]>(orderIds.map((id) => [id, []]));
  if (orderIds.length === 0) return byOrder;
  const rows = await db.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('id').execute();
  for (const row of rows) byOrder.get(row.order_id)?.push(row);
  return byOrder;
}

export interface OrderFilter {
  userId?: number;
  status?: OrderStatus;
  createdFrom?: string;
  createdTo?: string;
}

function filtered(db: Db, filter: OrderFilter) {
  let query = db.selectFrom('orders');
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.createdFrom !== undefined) query = query.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo !== undefined) query = query.where('created_at', '<', filter.createdTo);
  return query;
}

export async function listOrders(
  db: Db,
  filter: OrderFilter,
  sort: SortTerm<OrderSortColumn>[],
  limit: number,
  offset: number,
): Promise<{ rows: OrderRow[]; total: number }> {
  let query = filtered(db, filter).selectAll();
  for (const term of sort) query = query.orderBy(term.column, term.direction);
  const [rows, count] = await Promise.all([
    query.limit(limit).offset(offset).execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.count };
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
