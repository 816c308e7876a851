import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dialect } from '../database/connection.js';
import { forUpdate } from '../database/locking.js';
import type { Database, OrderItemRow, OrderRow, OrderStatus } from '../database/schema.js';
import { ApiError, notFound, preconditionFailed, validationError, type FieldError } from '../errors.js';
import { matchesEtag, versionEtag } from '../http/etag.js';
import { findItemsByOrderIds, insertOrder, insertOrderItems, transitionOrder } from '../queries/orders.js';
import { changeStock, findProductById } from '../queries/products.js';
import { recordOrderEvent } from '../notifications/order-events.js';
import { insertStockMovements } from '../queries/stock-movements.js';

type Db = Kysely<Database>;

export interface OrderLine {
  product_id: number;
  quantity: number;
}

export interface PlacedOrder {
  order: OrderRow;
  items: OrderItemRow[];
}

/** Where an order may go next from each status. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

function rejectDuplicateProducts(lines: OrderLine[]): void {
  const seen = new Set<number>();
  const problems: FieldError[] = [];
  lines.forEach((line, index) => {
    if (seen.has(line.product_id)) problems.push({ location: 'body', path: `/items/${index}/product_id`, message: `product ${line.product_id} is already on the order` });
    seen.add(line.product_id);
  });
  if (problems.length > 0) throw validationError(problems, 'Each product may appear once per order');
}

/**
 * Places an order inside the caller's transaction: takes the stock of every line with a conditional
 * update (never below zero, whatever runs concurrently), snapshots prices and computes the total.
 * Throws on the first line that cannot be filled, so the caller's transaction rolls everything back.
 */
export async function placeOrder(trx: Db, userId: number, lines: OrderLine[]): Promise<PlacedOrder> {
  rejectDuplicateProducts(lines);
  // Rows are locked in product-id order, so two orders sharing products cannot deadlock.
  const ordered = lines.map((line, index) => ({ ...line, index })).sort((a, b) => a.product_id - b.product_id);
  const priced: { product_id: number; quantity: number; unit_price_cents: number }[] = [];
  for (const line of ordered) {
    const taken = await changeStock(trx, line.product_id, -line.quantity, { requireActive: true });
    if (!taken) {
      const product = await findProductById(trx, line.product_id);
      if (!product?.active) {
        throw validationError([{ location: 'body', path: `/items/${line.index}/product_id`, message: `product ${line.product_id} does not exist or is not for sale` }]);
      }
      throw new ApiError(409, 'INSUFFICIENT_STOCK', `Not enough stock for product ${line.product_id}`, {
        product_id: line.product_id,
        requested: line.quantity,
        available: product.stock_quantity,
      });
    }
    priced.push({ product_id: line.product_id, quantity: line.quantity, unit_price_cents: taken.price_cents });
  }
  const total = priced.reduce((sum, line) => sum + line.unit_price_cents * line.quantity, 0);
  const order = await insertOrder(trx, { user_id: userId, total_cents: total, event_id: randomUUID() });
  const items = await insertOrderItems(trx, priced.map((line) => ({ order_id: order.id, ...line })));
  await insertStockMovements(
    trx,
    priced.map((line) => ({ product_id: line.product_id, delta: -line.quantity, reason: 'order' as const, order_id: order.id, user_id: userId })),
  );
  await recordOrderEvent(trx, 'order.placed', order);
  return { order, items };
}

export interface TransitionRequest {
  to: OrderStatus;
  actorId: number;
  ifMatch?: string;
  /** Statuses the actor may move the order out of (owners may cancel only pending orders). */
  allowedFrom?: readonly OrderStatus[];
  /** Refuse with 403 unless the order belongs to this user. */
  ownerId?: number;
}

/** Moves an order to a new status along the allowed graph; cancelling returns its stock through the ledger. */
export function transitionOrderStatus(db: Db, dialect: Dialect, orderId: number, request: TransitionRequest): Promise<PlacedOrder> {
  return db.transaction().execute((trx) => applyTransition(trx, dialect, orderId, request));
}

/** The transition itself, inside the caller's transaction. */
export async function applyTransition(trx: Db, dialect: Dialect, orderId: number, request: TransitionRequest): Promise<PlacedOrder> {
  const current = await forUpdate(trx.selectFrom('orders').selectAll().where('id', '=', orderId), dialect).executeTakeFirst();
  if (!current) throw notFound('Order', orderId);
  if (request.ownerId !== undefined && current.user_id !== request.ownerId) throw new ApiError(403, 'FORBIDDEN', 'You may only cancel your own orders');
  if (request.ifMatch !== undefined && !matchesEtag(request.ifMatch, versionEtag(current))) throw preconditionFailed(versionEtag(current));
  const allowed = ORDER_TRANSITIONS[current.status];
  const fromAllowed = request.allowedFrom === undefined || request.allowedFrom.includes(current.status);
  if (!allowed.includes(request.to) || !fromAllowed) {
    throw new ApiError(409, 'INVALID_STATE_TRANSITION', `An order cannot go from ${current.status} to ${request.to}`, {
      from: current.status,
      to: request.to,
      allowed: fromAllowed ? [...allowed] : [],
    });
  }
  const updated = await transitionOrder(trx, orderId, current.status, request.to, current.version);
  if (!updated) throw preconditionFailed(versionEtag(current));
  const items = (await findItemsByOrderIds(trx, [orderId])).get(orderId) ?? [];
  if (request.to === 'cancelled') {
    for (const item of [...items].sort((a, b) => a.product_id - b.product_id)) {
      await changeStock(trx, item.product_id, item.quantity);
    }
    await insertStockMovements(
      trx,
      items.map((item) => ({ product_id: item.product_id, delta: item.quantity, reason: 'cancel' as const, order_id: orderId, user_id: request.actorId })),
    );
  }
  await recordOrderEvent(trx, 'order.status_changed', updated);
  return { order: updated, items };
}
