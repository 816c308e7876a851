import { createHash } from 'node:crypto';
import { principalOf } from '../auth/security.js';
import type { OrderStatus } from '../database/schema.js';
import { ApiError, conflict, forbidden, notFound, validationError } from '../errors.js';
import { ServiceRejection, ServiceUnavailableError } from '../external/service.js';
import { formatMoney } from '../money.js';
import type { components } from '../generated/openapi.js';
import type { OperationHandlers, OperationResult } from '../generated/operations.js';
import { paginationMeta, success, successPage } from '../http/envelope.js';
import { parseSort } from '../http/sorting.js';
import { orderToApi } from '../mappers/order.js';
import {
  deleteExpiredIdempotencyKey,
  findLiveIdempotencyKey,
  insertIdempotencyKey,
} from '../queries/idempotency-keys.js';
import { findItemsByOrderIds, findOrderById, listOrders, type OrderSortColumn } from '../queries/orders.js';
import { placeOrder, transitionOrderStatus, type OrderLine } from '../services/orders.js';
import { versionEtag } from '../http/etag.js';
import type { HandlerContext } from './context.js';

type OrderHandlers = Pick<OperationHandlers, 'listOrders' | 'getOrder' | 'createOrder' | 'updateOrder' | 'cancelOrder' | 'payOrder'>;
type OrderResponse = components['schemas']['OrderResponse'];

const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
const STAFF = new Set(['admin', 'manager']);
const SORT_COLUMNS: Record<string, OrderSortColumn> = { total_amount: 'total_cents' };

/**
 * An RFC 3339 date-time as the canonical UTC text the database stores. A leap second (`…:60`), which
 * the format allows but JavaScript dates do not, counts as the last millisecond of its minute.
 */
function toInstant(value: string, parameter: string): string {
  const date = new Date(value.replace(/:60(?=(\.\d+)?(Z|[+-]\d{2}:\d{2})$)/i, ':59.999'));
  if (Number.isNaN(date.getTime())) throw validationError([{ location: 'query', path: `/${parameter}`, message: 'is not a valid instant' }]);
  return date.toISOString();
}

/** The same order, however its JSON was spelled: lines as [product, quantity] pairs in the order given. */
function requestHash(lines: OrderLine[]): string {
  return createHash('sha256').update(JSON.stringify(lines.map((l) => [l.product_id, l.quantity]))).digest('hex');
}

export function createOrderHandlers({ db, dialect, services }: HandlerContext): OrderHandlers {
  async function replay(userId: number, key: string, hash: string): Promise<OperationResult<'createOrder'> | undefined> {
    const stored = await findLiveIdempotencyKey(db, userId, key);
    if (!stored) return undefined;
    if (stored.request_hash !== hash) {
      throw conflict('This Idempotency-Key was already used with a different request body', { reason: 'idempotency_key_reused' });
    }
    return {
      status: 201,
      body: JSON.parse(stored.response_body) as OrderResponse,
      // The stored body is the order as first placed, at its first version.
      headers: { 'idempotent-replayed': 'true', etag: versionEtag({ version: 1 }) },
    };
  }

  return {
    async listOrders(request) {
      const principal = principalOf(request);
      const q = request.query;
      const page = q.page ?? 1;
      const perPage = q.per_page ?? 20;
      const isStaff = STAFF.has(principal.role);
      if (!isStaff && q.user_id !== undefined && q.user_id !== principal.userId) throw forbidden('You may only list your own orders');
      const sort = parseSort<string>(q.sort ?? '-created_at', 'id').map((t) => ({ ...t, column: (SORT_COLUMNS[t.column] ?? t.column) as OrderSortColumn }));
      const { rows, total } = await listOrders(
        db,
        {
          userId: isStaff ? q.user_id : principal.userId,
          status: q.status,
          // Stored as canonical UTC ISO text (compared as text on SQLite), so filter instants must be too.
          createdFrom: q.created_from === undefined ? undefined : toInstant(q.created_from, 'created_from'),
          createdTo: q.created_to === undefined ? undefined : toInstant(q.created_to, 'created_to'),
        },
        sort,
        perPage,
        (page - 1) * perPage,
      );
      const items = await findItemsByOrderIds(db, rows.map((r) => r.id));
      const data = rows.map((row) => orderToApi(row, items.get(row.id) ?? []));
      return { status: 200, body: successPage(data, paginationMeta(page, perPage, total)) };
    },

    async getOrder(request) {
      const principal = principalOf(request);
      const order = await findOrderById(db, request.params.id);
      if (!order) throw notFound('Order', request.params.id);
      if (!STAFF.has(principal.role) && order.user_id !== principal.userId) throw forbidden('You may only read your own orders');
      const items = (await findItemsByOrderIds(db, [order.id])).get(order.id) ?? [];
      return { status: 200, body: success(orderToApi(order, items)), headers: { etag: versionEtag(order) } };
    },

    async createOrder(request) {
      const { userId } = principalOf(request);
      const lines = request.body.items;
      const key = request.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' ? key : undefined;
      const hash = requestHash(lines);
      if (idempotencyKey) {
        const replayed = await replay(userId, idempotencyKey, hash);
        if (replayed) return replayed;
      }
      try {
        const { body, etag } = await db.transaction().execute(async (trx) => {
          const placed = await placeOrder(trx, userId, lines);
          const response = success(orderToApi(placed.order, placed.items), 'Order placed');
          if (idempotencyKey) {
            await deleteExpiredIdempotencyKey(trx, userId, idempotencyKey);
            // Unique per (user, key): a concurrent twin blocks here and fails once this one commits.
            await insertIdempotencyKey(trx, {
              user_id: userId,
              key: idempotencyKey,
              request_hash: hash,
              order_id: placed.order.id,
              response_status: 201,
              response_body: JSON.stringify(response),
              ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
            });
          }
          return { body: response, etag: versionEtag(placed.order) };
        });
        return { status: 201, body, headers: { etag } };
      } catch (error) {
        // A concurrent request with the same key won the race; its result is ours too.
        const replayed = idempotencyKey ? await replay(userId, idempotencyKey, hash) : undefined;
        if (replayed) return replayed;
        throw error;
      }
    },

    async updateOrder(request) {
      const principal = principalOf(request);
      const { order, items } = await transitionOrderStatus(db, dialect, request.params.id, {
        to: request.body.status,
        actorId: principal.userId,
        ifMatch: request.headers['if-match'],
      });
      return { status: 200, body: success(orderToApi(order, items), `Order ${order.status}`), headers: { etag: versionEtag(order) } };
    },

    async payOrder(request) {
      const principal = principalOf(request);
      const { id } = request.params;
      const order = await findOrderById(db, id);
      if (!order) throw notFound('Order', id);
      if (!STAFF.has(principal.role) && order.user_id !== principal.userId) throw forbidden('You may only pay for your own orders');
      if (order.status !== 'pending') {
        throw new ApiError(409, 'INVALID_STATE_TRANSITION', `An order cannot be paid while ${order.status}`, { from: order.status, to: 'paid', allowed: [] });
      }
      try {
        const outcome = await services.payment.call({
          event_id: order.event_id,
          order_id: order.id,
          user_id: order.user_id,
          amount: formatMoney(order.total_cents),
          amount_cents: order.total_cents,
        });
        if (outcome.kind === 'skipped') request.log.warn({ order_id: id, user_id: principal.userId }, 'PAYMENT_URL is not set: order marked paid without a charge');
      } catch (error) {
        if (error instanceof ServiceRejection) {
          throw conflict('The payment provider declined the charge', { reason: 'payment_declined', provider_status: error.status });
        }
        if (error instanceof ServiceUnavailableError) {
          throw new ApiError(503, 'SERVICE_UNAVAILABLE', 'The payment service is unavailable; the order is still pending, try again later', {
            retry_after_seconds: 10,
          });
        }
        throw error;
      }
      try {
        const paid = await transitionOrderStatus(db, dialect, id, { to: 'paid', actorId: principal.userId, allowedFrom: ['pending'] });
        return { status: 200, body: success(orderToApi(paid.order, paid.items), 'Order paid'), headers: { etag: versionEtag(paid.order) } };
      } catch (error) {
        // A concurrent payment of the same order won: the provider deduplicates the charge by event_id.
        const current = await findOrderById(db, id);
        if (current?.status === 'paid') {
          const items = (await findItemsByOrderIds(db, [id])).get(id) ?? [];
          return { status: 200, body: success(orderToApi(current, items), 'Order paid'), headers: { etag: versionEtag(current) } };
        }
        if (current?.status === 'cancelled') request.log.error({ order_id: id, event_id: order.event_id, user_id: principal.userId }, 'order was cancelled while being charged; the charge needs a refund');
        throw error;
      }
    },

    async cancelOrder(request) {
      const principal = principalOf(request);
      const isStaff = STAFF.has(principal.role);
      const ownerOnly: readonly OrderStatus[] = ['pending'];
      const { order, items } = await transitionOrderStatus(db, dialect, request.params.id, {
        to: 'cancelled',
        actorId: principal.userId,
        ...(isStaff ? {} : { ownerId: principal.userId, allowedFrom: ownerOnly }),
      });
      return { status: 200, body: success(orderToApi(order, items), 'Order cancelled'), headers: { etag: versionEtag(order) } };
    },
  };
}
