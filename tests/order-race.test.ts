import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatus } from '../src/database/schema.js';
import { bearer, createTestApp, type ApiResponse, type Session, type TestApp } from './helpers/app.js';

/**
 * Concurrent requests against shared stock. `t.request` injects in-process, but on PostgreSQL the pool
 * has 5 connections, so these transactions really do overlap in the database.
 */
let t: TestApp;
let admin: Session;
let manager: Session;
let buyers: Session[];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.sessionAs('admin');
  manager = await t.sessionAs('manager');
  // Every session exists before any race starts.
  buyers = [];
  for (let i = 0; i < 5; i += 1) buyers.push(await t.sessionAs('user'));
});
afterAll(async () => {
  await t.close();
});

interface ErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}
interface Order {
  id: number;
  user_id: number;
  status: OrderStatus;
  total_amount: string;
  items: { product_id: number; quantity: number; unit_price: string; line_total: string }[];
}
interface OrderEnvelope {
  data: Order;
  error: ErrorBody;
}
interface ProductEnvelope {
  data: { id: number; stock_quantity: number };
}
interface Line {
  product_id: number;
  quantity: number;
}

let skuCounter = 0;

async function createProduct(stock: number): Promise<number> {
  skuCounter += 1;
  const res = await t.request<ProductEnvelope>({
    method: 'POST',
    url: '/api/products',
    headers: bearer(admin),
    payload: { sku: `RACE-${skuCounter}-${process.pid}`, name: `Race product ${skuCounter}`, price: '12.50', stock_quantity: stock },
  });
  if (res.status !== 201) throw new Error(`product creation failed with ${res.status}`);
  return res.body.data.id;
}

function placeOrder(session: Session, items: Line[], headers: Record<string, string> = {}): Promise<ApiResponse<OrderEnvelope>> {
  return t.request<OrderEnvelope>({ method: 'POST', url: '/api/orders', headers: { ...bearer(session), ...headers }, payload: { items } });
}

async function stockOf(productId: number): Promise<number> {
  const row = await t.db.selectFrom('products').select('stock_quantity').where('id', '=', productId).executeTakeFirstOrThrow();
  return row.stock_quantity;
}

async function ledgerSum(productId: number): Promise<number> {
  const rows = await t.db.selectFrom('stock_movements').select('delta').where('product_id', '=', productId).execute();
  return rows.reduce((sum, row) => sum + row.delta, 0);
}

async function ordersWith(productId: number): Promise<number[]> {
  const rows = await t.db.selectFrom('order_items').select('order_id').where('product_id', '=', productId).orderBy('order_id').execute();
  return rows.map((r) => r.order_id);
}

const tally = (responses: ApiResponse<OrderEnvelope>[]) => {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
};

describe('concurrent POST /api/orders', () => {
  it('sells exactly the stock of one product to many buyers at once, never more', async () => {
    const stock = 5;
    const attempts = 25;
    const product = await createProduct(stock);
    const ordersBefore = await t.db.selectFrom('orders').select('id').execute();

    const responses = await Promise.all(
      Array.from({ length: attempts }, (_, i) => placeOrder(buyers[i % buyers.length] as Session, [{ product_id: product, quantity: 1 }])),
    );

    expect(tally(responses)).toEqual({ 201: stock, 409: attempts - stock });
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(refused.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { product_id: product, requested: 1, available: 0 } });
    }
    const placedIds = responses.filter((r) => r.status === 201).map((r) => r.body.data.id).sort((a, b) => a - b);
    expect(new Set(placedIds).size).toBe(stock);
    expect(await stockOf(product)).toBe(0);
    expect(await ledgerSum(product)).toBe(0);
    expect(await ordersWith(product)).toEqual(placedIds);
    expect((await t.db.selectFrom('orders').select('id').execute()).length - ordersBefore.length).toBe(stock);
    const movements = await t.db.selectFrom('stock_movements').select(['reason', 'delta', 'order_id']).where('product_id', '=', product).execute();
    expect(movements.filter((m) => m.reason === 'order').map((m) => m.order_id).sort((a, b) => Number(a) - Number(b))).toEqual(placedIds);
  });

  it('never deadlocks, oversells or fails with 500 when orders take two shared products in opposite orders', async () => {
    const a = await createProduct(20);
    const b = await createProduct(20);
    const attempts = 24;
    const responses = await Promise.all(
      Array.from({ length: attempts }, (_, i) => {
        const lines = [
          { product_id: a, quantity: 2 },
          { product_id: b, quantity: 2 },
        ];
        return placeOrder(buyers[i % buyers.length] as Session, i % 2 === 0 ? lines : [...lines].reverse());
      }),
    );

    expect(responses.filter((r) => r.status >= 500)).toEqual([]);
    // Every order needs 2 of each; 20 of each fill exactly 10 orders.
    expect(tally(responses)).toEqual({ 201: 10, 409: attempts - 10 });
    for (const refused of responses.filter((r) => r.status === 409)) expect(refused.body.error.code).toBe('INSUFFICIENT_STOCK');
    for (const product of [a, b]) {
      const stock = await stockOf(product);
      expect(stock).toBeGreaterThanOrEqual(0);
      expect(stock).toBe(0);
      expect(await ledgerSum(product)).toBe(stock);
    }
    const placedIds = responses.filter((r) => r.status === 201).map((r) => r.body.data.id).sort((x, y) => x - y);
    expect(await ordersWith(a)).toEqual(placedIds);
    expect(await ordersWith(b)).toEqual(placedIds);
  });

  it('places one order for concurrent retries with one Idempotency-Key even when the stock covers only one', async () => {
    const buyer = await t.sessionAs('user');
    const product = await createProduct(2);
    const items = [{ product_id: product, quantity: 2 }];
    const responses = await Promise.all(Array.from({ length: 8 }, () => placeOrder(buyer, items, { 'idempotency-key': `scarce-${process.pid}` })));
    expect(tally(responses)).toEqual({ 201: 8 });
    expect(new Set(responses.map((r) => r.body.data.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    expect(await t.db.selectFrom('orders').select('id').where('user_id', '=', buyer.user.id).execute()).toHaveLength(1);
    expect(await stockOf(product)).toBe(0);
    expect(await ledgerSum(product)).toBe(0);
  });
});

describe('concurrent cancels', () => {
  it('cancels an order once and returns its stock once, however many cancel it at the same time', async () => {
    const owner = buyers[0] as Session;
    const product = await createProduct(10);
    const placed = await placeOrder(owner, [{ product_id: product, quantity: 4 }]);
    expect(placed.status).toBe(201);
    const id = placed.body.data.id;

    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0
          ? t.request<OrderEnvelope>({ method: 'DELETE', url: `/api/orders/${id}`, headers: bearer(i % 4 === 0 ? owner : manager) })
          : t.request<OrderEnvelope>({ method: 'PUT', url: `/api/orders/${id}`, headers: bearer(manager), payload: { status: 'cancelled' } }),
      ),
    );

    expect(tally(responses)).toEqual({ 200: 1, 409: 7 });
    for (const refused of responses.filter((r) => r.status === 409)) expect(refused.body.error.code).toBe('INVALID_STATE_TRANSITION');
    expect(await stockOf(product)).toBe(10);
    expect(await ledgerSum(product)).toBe(10);
    const cancels = await t.db.selectFrom('stock_movements').selectAll().where('order_id', '=', id).where('reason', '=', 'cancel').execute();
    expect(cancels).toHaveLength(1);
    expect((await t.db.selectFrom('orders').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow())).toEqual({ status: 'cancelled', version: 2 });
  });
});
