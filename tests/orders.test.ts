import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatus } from '../src/database/schema.js';
import { bearer, createTestApp, type ApiResponse, type Session, type TestApp } from './helpers/app.js';

let t: TestApp;
let admin: Session;
let manager: Session;
let user: Session;
let other: Session;
/** A product with plenty of stock, for tests that only need orders to exist. */
let bulk: Product;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.sessionAs('admin');
  manager = await t.sessionAs('manager');
  user = await t.sessionAs('user');
  other = await t.sessionAs('user');
  bulk = await createProduct({ price: '12.50', stock: 10_000 });
});
afterAll(async () => {
  await t.close();
});

interface ErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}
interface Meta {
  page: number;
  per_page: number;
  total: number;
  total_pages: number;
}
interface Product {
  id: number;
  sku: string;
  price: string;
  stock_quantity: number;
  active: boolean;
}
interface OrderItem {
  product_id: number;
  quantity: number;
  unit_price: string;
  line_total: string;
}
interface Order {
  id: number;
  user_id: number;
  status: OrderStatus;
  total_amount: string;
  items: OrderItem[];
  created_at: string;
  updated_at: string;
}
interface OrderEnvelope {
  success: boolean;
  data: Order;
  error: ErrorBody;
}
interface OrderListEnvelope {
  data: Order[];
  meta: Meta;
  error: ErrorBody;
}
interface ProductEnvelope {
  data: Product;
  error: ErrorBody;
}
interface Movement {
  id: number;
  product_id: number;
  delta: number;
  reason: string;
  order_id: number | null;
  user_id: number | null;
  note: string | null;
}
interface MovementListEnvelope {
  data: Movement[];
  meta: Meta;
}
interface AdjustmentEnvelope {
  data: { movement: Movement; stock_quantity: number };
  error: ErrorBody;
}
interface Line {
  product_id: number;
  quantity: number;
}

let skuCounter = 0;

async function createProduct(options: { price?: string; stock?: number } = {}): Promise<Product> {
  skuCounter += 1;
  const res = await t.request<ProductEnvelope>({
    method: 'POST',
    url: '/api/products',
    headers: bearer(admin),
    payload: { sku: `ORD-${skuCounter}-${process.pid}`, name: `Order test product ${skuCounter}`, price: options.price ?? '12.50', stock_quantity: options.stock ?? 10 },
  });
  if (res.status !== 201) throw new Error(`product creation failed with ${res.status}`);
  return res.body.data;
}

function placeOrder(session: Session, items: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<OrderEnvelope>> {
  return t.request<OrderEnvelope>({ method: 'POST', url: '/api/orders', headers: { ...bearer(session), ...headers }, payload: { items } });
}

async function placed(session: Session, items: Line[]): Promise<Order> {
  const res = await placeOrder(session, items);
  if (res.status !== 201) throw new Error(`order failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

function setStatus(orderId: number, status: OrderStatus, session: Session = manager, headers: Record<string, string> = {}) {
  return t.request<OrderEnvelope>({ method: 'PUT', url: `/api/orders/${orderId}`, headers: { ...bearer(session), ...headers }, payload: { status } });
}

function cancel(orderId: number, session: Session) {
  return t.request<OrderEnvelope>({ method: 'DELETE', url: `/api/orders/${orderId}`, headers: bearer(session) });
}

function adjust(productId: number, delta: number, session: Session = manager, note = 'recount') {
  return t.request<AdjustmentEnvelope>({ method: 'POST', url: `/api/products/${productId}/stock-adjustments`, headers: bearer(session), payload: { delta, note } });
}

async function stockOf(productId: number): Promise<number> {
  const row = await t.db.selectFrom('products').select('stock_quantity').where('id', '=', productId).executeTakeFirstOrThrow();
  return row.stock_quantity;
}

function movementsOf(productId: number) {
  return t.db.selectFrom('stock_movements').selectAll().where('product_id', '=', productId).orderBy('id').execute();
}

async function ledgerSum(productId: number): Promise<number> {
  return (await movementsOf(productId)).reduce((sum, m) => sum + m.delta, 0);
}

function orderRow(orderId: number) {
  return t.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
}

async function countRows(table: 'orders' | 'order_items' | 'stock_movements' | 'idempotency_keys'): Promise<number> {
  const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return row.n;
}

async function ordersOf(userId: number) {
  return t.db.selectFrom('orders').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

/** Everything an order could change, to show that a refused one changed nothing. */
async function snapshot(productIds: number[]) {
  const products = await t.db
    .selectFrom('products')
    .select(['id', 'stock_quantity', 'version'])
    .where('id', 'in', productIds)
    .orderBy('id')
    .execute();
  return {
    products,
    orders: await countRows('orders'),
    items: await countRows('order_items'),
    movements: await countRows('stock_movements'),
    keys: await countRows('idempotency_keys'),
  };
}

const fieldPaths = (error: ErrorBody) => (error.details.errors as { path: string }[]).map((e) => e.path);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('POST /api/orders', () => {
  it('places a pending order with catalog prices, a server-computed total and an ETag', async () => {
    const mug = await createProduct({ price: '12.50', stock: 10 });
    const pen = await createProduct({ price: '3.99', stock: 10 });
    const res = await placeOrder(user, [
      { product_id: mug.id, quantity: 2 },
      { product_id: pen.id, quantity: 3 },
    ]);
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    const order = res.body.data;
    expect(order).toMatchObject({ user_id: user.user.id, status: 'pending', total_amount: '36.97' });
    expect([...order.items].sort((a, b) => a.product_id - b.product_id)).toEqual([
      { product_id: mug.id, quantity: 2, unit_price: '12.50', line_total: '25.00' },
      { product_id: pen.id, quantity: 3, unit_price: '3.99', line_total: '11.97' },
    ]);
    const row = await orderRow(order.id);
    expect(row).toMatchObject({ user_id: user.user.id, status: 'pending', total_cents: 3697, version: 1 });
    const items = await t.db.selectFrom('order_items').selectAll().where('order_id', '=', order.id).orderBy('product_id').execute();
    expect(items.map((i) => [i.product_id, i.quantity, i.unit_price_cents])).toEqual([
      [mug.id, 2, 1250],
      [pen.id, 3, 399],
    ]);
  });

  it('computes totals exactly in integer cents, from a few cents to beyond 32-bit range', async () => {
    const cheap = await createProduct({ price: '0.05', stock: 10 });
    const small = await placed(user, [{ product_id: cheap.id, quantity: 3 }]);
    expect(small.total_amount).toBe('0.15');
    const dear = await createProduct({ price: '999999.99', stock: 1000 });
    const big = await placed(user, [
      { product_id: dear.id, quantity: 1000 },
      { product_id: cheap.id, quantity: 1 },
    ]);
    expect(big.total_amount).toBe('999999990.05');
    expect(big.items.find((i) => i.product_id === dear.id)?.line_total).toBe('999999990.00');
    expect((await orderRow(big.id))?.total_cents).toBe(99_999_999_005);
  });

  it('takes the stock and writes one order movement per line', async () => {
    const a = await createProduct({ stock: 7 });
    const b = await createProduct({ stock: 4 });
    const order = await placed(user, [
      { product_id: a.id, quantity: 3 },
      { product_id: b.id, quantity: 4 },
    ]);
    expect(await stockOf(a.id)).toBe(4);
    expect(await stockOf(b.id)).toBe(0);
    const orderMovements = await t.db.selectFrom('stock_movements').selectAll().where('order_id', '=', order.id).orderBy('product_id').execute();
    expect(orderMovements.map((m) => ({ product_id: m.product_id, delta: m.delta, reason: m.reason, order_id: m.order_id, user_id: m.user_id }))).toEqual([
      { product_id: a.id, delta: -3, reason: 'order', order_id: order.id, user_id: user.user.id },
      { product_id: b.id, delta: -4, reason: 'order', order_id: order.id, user_id: user.user.id },
    ]);
    expect((await movementsOf(a.id)).map((m) => m.reason)).toEqual(['initial', 'order']);
    expect(await ledgerSum(a.id)).toBe(4);
    expect(await ledgerSum(b.id)).toBe(0);
  });

  it('keeps the unit price of an order when the catalog price changes later', async () => {
    const product = await createProduct({ price: '9.99', stock: 5 });
    const order = await placed(user, [{ product_id: product.id, quantity: 2 }]);
    const reprice = await t.request({ method: 'PUT', url: `/api/products/${product.id}`, headers: bearer(admin), payload: { price: '20.00' } });
    expect(reprice.status).toBe(200);
    const res = await t.request<OrderEnvelope>({ method: 'GET', url: `/api/orders/${order.id}`, headers: bearer(user) });
    expect(res.body.data.total_amount).toBe('19.98');
    expect(res.body.data.items).toEqual([{ product_id: product.id, quantity: 2, unit_price: '9.99', line_total: '19.98' }]);
    const item = await t.db.selectFrom('order_items').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(item.unit_price_cents).toBe(999);
    expect((await orderRow(order.id))?.total_cents).toBe(1998);
    const next = await placed(user, [{ product_id: product.id, quantity: 1 }]);
    expect(next.items[0]?.unit_price).toBe('20.00');
  });

  it('refuses the whole order with 409 INSUFFICIENT_STOCK when one line cannot be filled, and changes nothing', async () => {
    const plenty = await createProduct({ stock: 10 });
    const scarce = await createProduct({ stock: 2 });
    const before = await snapshot([plenty.id, scarce.id]);
    const res = await placeOrder(user, [
      { product_id: plenty.id, quantity: 1 },
      { product_id: scarce.id, quantity: 3 },
    ]);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { product_id: scarce.id, requested: 3, available: 2 } });
    expect(await snapshot([plenty.id, scarce.id])).toEqual(before);
    expect(await stockOf(plenty.id)).toBe(10);
  });

  it.each([
    ['an unknown product', 'unknown'],
    ['a deactivated product', 'deactivated'],
  ])('answers 400 VALIDATION_ERROR for %s, pointing at its line, and changes nothing', async (_case, kind) => {
    const good = await createProduct({ stock: 5 });
    let badId = 999_999;
    if (kind === 'deactivated') {
      const retired = await createProduct({ stock: 5 });
      const off = await t.request({ method: 'PUT', url: `/api/products/${retired.id}`, headers: bearer(admin), payload: { active: false } });
      expect(off.status).toBe(200);
      badId = retired.id;
    }
    const ids = kind === 'deactivated' ? [good.id, badId] : [good.id];
    const before = await snapshot(ids);
    const res = await placeOrder(user, [
      { product_id: good.id, quantity: 1 },
      { product_id: badId, quantity: 1 },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.errors).toEqual([expect.objectContaining({ location: 'body', path: '/items/1/product_id' })]);
    expect(await snapshot(ids)).toEqual(before);
  });

  it('answers 400 for the same product twice and changes nothing', async () => {
    const product = await createProduct({ stock: 5 });
    const before = await snapshot([product.id]);
    const res = await placeOrder(user, [
      { product_id: product.id, quantity: 1 },
      { product_id: product.id, quantity: 2 },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(fieldPaths(res.body.error)).toEqual(['/items/1/product_id']);
    expect(await snapshot([product.id])).toEqual(before);
  });

  it.each([
    ['empty items', { items: [] }, '/items'],
    ['no items at all', {}, '/items'],
    ['a quantity of 0', { items: [{ product_id: 0, quantity: 0 }] }, '/items/0/quantity'],
    ['a quantity as a string', { items: [{ product_id: 0, quantity: '2' }] }, '/items/0/quantity'],
    ['a quantity above 1000', { items: [{ product_id: 0, quantity: 1001 }] }, '/items/0/quantity'],
    ['a user_id field', { items: [{ product_id: 0, quantity: 1 }], user_id: 1 }, '/user_id'],
    ['a total_amount field', { items: [{ product_id: 0, quantity: 1 }], total_amount: '0.01' }, '/total_amount'],
    ['a unit_price on a line', { items: [{ product_id: 0, quantity: 1, unit_price: '0.01' }] }, '/items/0/unit_price'],
  ])('answers 400 VALIDATION_ERROR for %s and changes nothing', async (_case, template, path) => {
    const product = await createProduct({ stock: 5 });
    // Fill in the real product id wherever the template has 0.
    const payload = JSON.parse(JSON.stringify(template).replace(/"product_id":0/g, `"product_id":${product.id}`)) as Record<string, unknown>;
    const before = await snapshot([product.id]);
    const res = await t.request<OrderEnvelope>({ method: 'POST', url: '/api/orders', headers: bearer(user), payload });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(fieldPaths(res.body.error)).toContain(path);
    expect(await snapshot([product.id])).toEqual(before);
  });

  it('answers 401 without a session and changes nothing', async () => {
    const product = await createProduct({ stock: 5 });
    const before = await snapshot([product.id]);
    const res = await t.request<OrderEnvelope>({ method: 'POST', url: '/api/orders', payload: { items: [{ product_id: product.id, quantity: 1 }] } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
    expect(await snapshot([product.id])).toEqual(before);
  });
});

describe('POST /api/orders with an Idempotency-Key', () => {
  let keyCounter = 0;
  const newKey = () => {
    keyCounter += 1;
    return `key-${process.pid}-${keyCounter}`;
  };

  it('replays a retry with the same key and body: same order, one order placed, stock taken once', async () => {
    const product = await createProduct({ stock: 10 });
    const key = newKey();
    const items = [{ product_id: product.id, quantity: 3 }];
    const first = await placeOrder(user, items, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await placeOrder(user, items, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.data.id).toBe(first.body.data.id);
    expect(retry.body.data).toEqual(first.body.data);
    expect(await stockOf(product.id)).toBe(7);
    const lines = await t.db.selectFrom('order_items').select('order_id').where('product_id', '=', product.id).execute();
    expect(lines).toEqual([{ order_id: first.body.data.id }]);
    expect((await movementsOf(product.id)).filter((m) => m.reason === 'order')).toHaveLength(1);
  });

  it('answers 409 CONFLICT idempotency_key_reused for the same key with a different body, and changes nothing', async () => {
    const product = await createProduct({ stock: 10 });
    const key = newKey();
    const first = await placeOrder(user, [{ product_id: product.id, quantity: 1 }], { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const before = await snapshot([product.id]);
    const res = await placeOrder(user, [{ product_id: product.id, quantity: 2 }], { 'idempotency-key': key });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'idempotency_key_reused' } });
    expect(await snapshot([product.id])).toEqual(before);
  });

  it("keeps keys per user: another user's identical key places their own order", async () => {
    const product = await createProduct({ stock: 10 });
    const key = newKey();
    const items = [{ product_id: product.id, quantity: 2 }];
    const mine = await placeOrder(user, items, { 'idempotency-key': key });
    const theirs = await placeOrder(other, items, { 'idempotency-key': key });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.data.id).not.toBe(mine.body.data.id);
    expect(theirs.body.data.user_id).toBe(other.user.id);
    expect(await stockOf(product.id)).toBe(6);
    const keys = await t.db.selectFrom('idempotency_keys').select(['user_id', 'order_id']).where('key', '=', key).orderBy('user_id').execute();
    expect(keys).toEqual(
      [
        { user_id: user.user.id, order_id: mine.body.data.id },
        { user_id: other.user.id, order_id: theirs.body.data.id },
      ].sort((a, b) => a.user_id - b.user_id),
    );
  });

  it('does not store a failed attempt: after stock is added, a retry with the same key places the order', async () => {
    const product = await createProduct({ stock: 1 });
    const key = newKey();
    const items = [{ product_id: product.id, quantity: 3 }];
    const failed = await placeOrder(user, items, { 'idempotency-key': key });
    expect(failed.status).toBe(409);
    expect(failed.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect(await t.db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).execute()).toEqual([]);
    expect((await adjust(product.id, 5)).status).toBe(201);
    const retry = await placeOrder(user, items, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await stockOf(product.id)).toBe(3);
    expect(await ledgerSum(product.id)).toBe(3);
  });

  it('lets an expired key be used again for a new order', async () => {
    const product = await createProduct({ stock: 10 });
    const key = newKey();
    const items = [{ product_id: product.id, quantity: 1 }];
    const first = await placeOrder(user, items, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    await t.db
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
      .where('user_id', '=', user.user.id)
      .where('key', '=', key)
      .execute();
    const again = await placeOrder(user, items, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.data.id).not.toBe(first.body.data.id);
    expect(await stockOf(product.id)).toBe(8);
    const stored = await t.db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', user.user.id).where('key', '=', key).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.order_id).toBe(again.body.data.id);
    expect(Date.parse(String(stored[0]?.expires_at))).toBeGreaterThan(Date.now());
    const replay = await placeOrder(user, items, { 'idempotency-key': key });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.data.id).toBe(again.body.data.id);
  });

  it('places exactly one order for concurrent requests with the same key and body', async () => {
    const buyer = await t.sessionAs('user');
    const product = await createProduct({ stock: 10 });
    const key = newKey();
    const items = [{ product_id: product.id, quantity: 2 }];
    const responses = await Promise.all(Array.from({ length: 8 }, () => placeOrder(buyer, items, { 'idempotency-key': key })));
    expect(responses.map((r) => r.status)).toEqual(Array<number>(8).fill(201));
    const ids = new Set(responses.map((r) => r.body.data.id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    expect(await ordersOf(buyer.user.id)).toHaveLength(1);
    expect(await stockOf(product.id)).toBe(8);
    expect((await movementsOf(product.id)).filter((m) => m.reason === 'order')).toHaveLength(1);
    expect(await ledgerSum(product.id)).toBe(8);
  });
});

describe('GET /api/orders', () => {
  it('shows a user only their own orders, and meta.total counts only theirs', async () => {
    const alice = await t.sessionAs('user');
    const bob = await t.sessionAs('user');
    const aliceOrders = [await placed(alice, [{ product_id: bulk.id, quantity: 1 }]), await placed(alice, [{ product_id: bulk.id, quantity: 2 }])];
    await placed(bob, [{ product_id: bulk.id, quantity: 1 }]);
    const res = await t.request<OrderListEnvelope>({ method: 'GET', url: '/api/orders', headers: bearer(alice) });
    expect(res.status).toBe(200);
    expect(res.body.data.every((o) => o.user_id === alice.user.id)).toBe(true);
    expect(res.body.data.map((o) => o.id).sort((a, b) => a - b)).toEqual(aliceOrders.map((o) => o.id));
    expect(res.body.meta).toEqual({ page: 1, per_page: 20, total: 2, total_pages: 1 });
    const own = await t.request<OrderListEnvelope>({ method: 'GET', url: `/api/orders?user_id=${alice.user.id}`, headers: bearer(alice) });
    expect(own.status).toBe(200);
    expect(own.body.meta.total).toBe(2);
  });

  it("answers 403 to a user asking for another user's orders", async () => {
    const res = await t.request<OrderListEnvelope>({ method: 'GET', url: `/api/orders?user_id=${other.user.id}`, headers: bearer(user) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('shows a manager every order and filters by user_id and status', async () => {
    const carol = await t.sessionAs('user');
    const kept = await placed(carol, [{ product_id: bulk.id, quantity: 1 }]);
    const dropped = await placed(carol, [{ product_id: bulk.id, quantity: 1 }]);
    expect((await cancel(dropped.id, carol)).status).toBe(200);

    const all = await t.request<OrderListEnvelope>({ method: 'GET', url: '/api/orders?per_page=100', headers: bearer(manager) });
    expect(all.status).toBe(200);
    expect(all.body.meta.total).toBe(await countRows('orders'));
    expect(new Set(all.body.data.map((o) => o.user_id)).size).toBeGreaterThan(1);

    const byUser = await t.request<OrderListEnvelope>({ method: 'GET', url: `/api/orders?user_id=${carol.user.id}`, headers: bearer(manager) });
    expect(byUser.body.data.map((o) => o.id).sort((a, b) => a - b)).toEqual([kept.id, dropped.id]);
    expect(byUser.body.meta.total).toBe(2);

    const cancelled = await t.request<OrderListEnvelope>({ method: 'GET', url: '/api/orders?status=cancelled&per_page=100', headers: bearer(admin) });
    const cancelledInDb = await t.db.selectFrom('orders').select('id').where('status', '=', 'cancelled').execute();
    expect(cancelled.body.meta.total).toBe(cancelledInDb.length);
    expect(cancelled.body.data.every((o) => o.status === 'cancelled')).toBe(true);

    const both = await t.request<OrderListEnvelope>({ method: 'GET', url: `/api/orders?user_id=${carol.user.id}&status=pending`, headers: bearer(manager) });
    expect(both.body.data.map((o) => o.id)).toEqual([kept.id]);
    expect(both.body.meta.total).toBe(1);
  });

  it('filters by created_from (inclusive) and created_to (exclusive)', async () => {
    const dave = await t.sessionAs('user');
    const orders: Order[] = [];
    for (let i = 0; i < 3; i += 1) {
      if (i > 0) await pause(15);
      orders.push(await placed(dave, [{ product_id: bulk.id, quantity: 1 }]));
    }
    const [o1, o2, o3] = orders as [Order, Order, Order];
    expect(o1.created_at < o2.created_at && o2.created_at < o3.created_at).toBe(true);
    const list = async (query: string) => {
      const res = await t.request<OrderListEnvelope>({ method: 'GET', url: `/api/orders?sort=id&${query}`, headers: bearer(dave) });
      expect(res.status).toBe(200);
      expect(res.body.meta.total).toBe(res.body.data.length);
      return res.body.data.map((o) => o.id);
    };
    const q = (name: string, value: string) => `${name}=${encodeURIComponent(value)}`;
    expect(await list(q('created_from', o1.created_at))).toEqual([o1.id, o2.id, o3.id]);
    expect(await list(q('created_from', o2.created_at))).toEqual([o2.id, o3.id]);
    expect(await list(q('created_to', o2.created_at))).toEqual([o1.id]);
    expect(await list(q('created_to', o1.created_at))).toEqual([]);
    expect(await list(`${q('created_from', o2.created_at)}&${q('created_to', o3.created_at)}`)).toEqual([o2.id]);
    const before = new Date(Date.parse(o1.created_at) - 1000).toISOString();
    const after = new Date(Date.parse(o3.created_at) + 1000).toISOString();
    expect(await list(`${q('created_from', before)}&${q('created_to', after)}`)).toEqual([o1.id, o2.id, o3.id]);
  });

  it('treats created_from in the spec\'s own second-precision form ("…:00Z") as an instant', async () => {
    const erin = await t.sessionAs('user');
    const order = await placed(erin, [{ product_id: bulk.id, quantity: 1 }]);
    // The whole second the order was placed in: the order is at or after its start.
    const secondStart = `${order.created_at.slice(0, 19)}Z`;
    const res = await t.request<OrderListEnvelope>({
      method: 'GET',
      url: `/api/orders?created_from=${encodeURIComponent(secondStart)}`,
      headers: bearer(erin),
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((o) => o.id)).toEqual([order.id]);
  });

  it('treats created_from and created_to with a UTC offset as the same instant', async () => {
    const fay = await t.sessionAs('user');
    const order = await placed(fay, [{ product_id: bulk.id, quantity: 1 }]);
    // The order's own instant, written in UTC+01:00.
    const sameInstant = `${new Date(Date.parse(order.created_at) + 3_600_000).toISOString().slice(0, 23)}+01:00`;
    expect(Date.parse(sameInstant)).toBe(Date.parse(order.created_at));
    const from = await t.request<OrderListEnvelope>({ method: 'GET', url: `/api/orders?created_from=${encodeURIComponent(sameInstant)}`, headers: bearer(fay) });
    expect(from.body.data.map((o) => o.id)).toEqual([order.id]);
    const to = await t.request<OrderListEnvelope>({ method: 'GET', url: `/api/orders?created_to=${encodeURIComponent(sameInstant)}`, headers: bearer(fay) });
    expect(to.body.data).toEqual([]);
  });

  it('sorts by total_amount descending with sort=-total_amount', async () => {
    const gus = await t.sessionAs('user');
    for (const quantity of [1, 3, 2, 5, 4]) await placed(gus, [{ product_id: bulk.id, quantity }]);
    const res = await t.request<OrderListEnvelope>({ method: 'GET', url: '/api/orders?sort=-total_amount', headers: bearer(gus) });
    expect(res.status).toBe(200);
    expect(res.body.data.map((o) => o.total_amount)).toEqual(['62.50', '50.00', '37.50', '25.00', '12.50']);
    const ascending = await t.request<OrderListEnvelope>({ method: 'GET', url: '/api/orders?sort=total_amount', headers: bearer(gus) });
    expect(ascending.body.data.map((o) => o.total_amount)).toEqual(['12.50', '25.00', '37.50', '50.00', '62.50']);
  });

  it('pages with correct meta, newest first by default', async () => {
    const hal = await t.sessionAs('user');
    const ids: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      if (i > 0) await pause(3);
      ids.push((await placed(hal, [{ product_id: bulk.id, quantity: 1 }])).id);
    }
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      const res = await t.request<OrderListEnvelope>({ method: 'GET', url: `/api/orders?per_page=2&page=${page}`, headers: bearer(hal) });
      expect(res.status).toBe(200);
      expect(res.body.meta).toEqual({ page, per_page: 2, total: 5, total_pages: 3 });
      pages.push(res.body.data.map((o) => o.id));
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1, 0]);
    expect(pages.flat()).toEqual([...ids].reverse());
  });

  it.each(['per_page=101', 'page=0', 'sort=user_id', 'status=lost', 'created_from=yesterday'])('answers 400 for the bad query %s', async (query) => {
    const res = await t.request<OrderListEnvelope>({ method: 'GET', url: `/api/orders?${query}`, headers: bearer(manager) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('GET /api/orders/{id}', () => {
  let order: Order;
  beforeAll(async () => {
    order = await placed(user, [{ product_id: bulk.id, quantity: 2 }]);
  });

  it('lets the owner read their order, with an ETag', async () => {
    const res = await t.request<OrderEnvelope>({ method: 'GET', url: `/api/orders/${order.id}`, headers: bearer(user) });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.data).toEqual(order);
  });

  it("refuses another user reading someone else's order", async () => {
    const res = await t.request<OrderEnvelope>({ method: 'GET', url: `/api/orders/${order.id}`, headers: bearer(other) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('lets a manager read any order', async () => {
    const res = await t.request<OrderEnvelope>({ method: 'GET', url: `/api/orders/${order.id}`, headers: bearer(manager) });
    expect(res.status).toBe(200);
    expect(res.body.data.id).toBe(order.id);
  });

  it('answers 404 for a missing order', async () => {
    const res = await t.request<OrderEnvelope>({ method: 'GET', url: '/api/orders/999999', headers: bearer(manager) });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it.each(['abc', '0', '-1', '1.5'])('answers 400 for the bad id %s', async (id) => {
    const res = await t.request<OrderEnvelope>({ method: 'GET', url: `/api/orders/${id}`, headers: bearer(user) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect((res.body.error.details.errors as { location: string }[])[0]?.location).toBe('path');
  });
});

describe('PUT /api/orders/{id}', () => {
  it('moves an order pending → paid → shipped → delivered, bumping the ETag each time', async () => {
    const order = await placed(user, [{ product_id: bulk.id, quantity: 1 }]);
    const stock = await stockOf(bulk.id);
    let version = 1;
    for (const status of ['paid', 'shipped', 'delivered'] as const) {
      const res = await setStatus(order.id, status);
      version += 1;
      expect(res.status).toBe(200);
      expect(res.body.data.status).toBe(status);
      expect(res.headers.etag).toBe(`"${version}"`);
      expect(await orderRow(order.id)).toMatchObject({ status, version });
    }
    expect(await stockOf(bulk.id)).toBe(stock);
  });

  it('answers 409 INVALID_STATE_TRANSITION for pending → shipped, naming the allowed moves', async () => {
    const order = await placed(user, [{ product_id: bulk.id, quantity: 1 }]);
    const res = await setStatus(order.id, 'shipped');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'INVALID_STATE_TRANSITION', details: { from: 'pending', to: 'shipped', allowed: ['paid', 'cancelled'] } });
    expect(await orderRow(order.id)).toMatchObject({ status: 'pending', version: 1 });
  });

  it('answers 409 for delivered → cancelled and returns no stock', async () => {
    const product = await createProduct({ stock: 5 });
    const order = await placed(user, [{ product_id: product.id, quantity: 2 }]);
    for (const status of ['paid', 'shipped', 'delivered'] as const) expect((await setStatus(order.id, status)).status).toBe(200);
    const res = await setStatus(order.id, 'cancelled');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'INVALID_STATE_TRANSITION', details: { from: 'delivered', to: 'cancelled', allowed: [] } });
    expect((await orderRow(order.id))?.status).toBe('delivered');
    expect(await stockOf(product.id)).toBe(3);
    expect((await movementsOf(product.id)).map((m) => m.reason)).toEqual(['initial', 'order']);
  });

  it('answers 403 to a user, even the owner, and changes nothing', async () => {
    const order = await placed(user, [{ product_id: bulk.id, quantity: 1 }]);
    const res = await setStatus(order.id, 'paid', user);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: { required_roles: ['admin', 'manager'] } });
    expect(await orderRow(order.id)).toMatchObject({ status: 'pending', version: 1 });
  });

  it('answers 412 PRECONDITION_FAILED for a stale If-Match and changes nothing', async () => {
    const order = await placed(user, [{ product_id: bulk.id, quantity: 1 }]);
    const paid = await setStatus(order.id, 'paid', manager, { 'if-match': '"1"' });
    expect(paid.status).toBe(200);
    expect(paid.headers.etag).toBe('"2"');
    const stale = await setStatus(order.id, 'shipped', admin, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { current_etag: '"2"' } });
    expect(await orderRow(order.id)).toMatchObject({ status: 'paid', version: 2 });
    const current = await setStatus(order.id, 'shipped', admin, { 'if-match': '"2"' });
    expect(current.status).toBe(200);
  });

  it('restores the stock with cancel movements when a paid order is cancelled', async () => {
    const a = await createProduct({ stock: 6 });
    const b = await createProduct({ stock: 6 });
    const order = await placed(user, [
      { product_id: a.id, quantity: 2 },
      { product_id: b.id, quantity: 5 },
    ]);
    expect((await setStatus(order.id, 'paid')).status).toBe(200);
    const res = await setStatus(order.id, 'cancelled', admin);
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('cancelled');
    expect(await stockOf(a.id)).toBe(6);
    expect(await stockOf(b.id)).toBe(6);
    const cancels = await t.db.selectFrom('stock_movements').selectAll().where('order_id', '=', order.id).where('reason', '=', 'cancel').orderBy('product_id').execute();
    expect(cancels.map((m) => [m.product_id, m.delta, m.user_id])).toEqual([
      [a.id, 2, admin.user.id],
      [b.id, 5, admin.user.id],
    ]);
    expect(await ledgerSum(a.id)).toBe(6);
    expect(await ledgerSum(b.id)).toBe(6);
  });
});

describe('DELETE /api/orders/{id}', () => {
  it('lets the owner cancel their pending order, returning the stock with cancel movements', async () => {
    const a = await createProduct({ stock: 5 });
    const b = await createProduct({ stock: 5 });
    const order = await placed(user, [
      { product_id: a.id, quantity: 1 },
      { product_id: b.id, quantity: 4 },
    ]);
    const res = await cancel(order.id, user);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: order.id, status: 'cancelled', total_amount: order.total_amount });
    expect(res.headers.etag).toBe('"2"');
    expect(await stockOf(a.id)).toBe(5);
    expect(await stockOf(b.id)).toBe(5);
    const cancels = await t.db.selectFrom('stock_movements').selectAll().where('order_id', '=', order.id).where('reason', '=', 'cancel').orderBy('product_id').execute();
    expect(cancels.map((m) => [m.product_id, m.delta, m.user_id])).toEqual([
      [a.id, 1, user.user.id],
      [b.id, 4, user.user.id],
    ]);
  });

  it('keeps the order row and its lines after cancelling (never erased)', async () => {
    const order = await placed(user, [{ product_id: bulk.id, quantity: 2 }]);
    expect((await cancel(order.id, user)).status).toBe(200);
    expect(await orderRow(order.id)).toMatchObject({ id: order.id, status: 'cancelled', total_cents: 2500 });
    expect(await t.db.selectFrom('order_items').selectAll().where('order_id', '=', order.id).execute()).toHaveLength(1);
    const read = await t.request<OrderEnvelope>({ method: 'GET', url: `/api/orders/${order.id}`, headers: bearer(user) });
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ status: 'cancelled', items: order.items });
  });

  it('refuses the owner cancelling a paid order with 409 and returns no stock', async () => {
    const product = await createProduct({ stock: 5 });
    const order = await placed(user, [{ product_id: product.id, quantity: 2 }]);
    expect((await setStatus(order.id, 'paid')).status).toBe(200);
    const res = await cancel(order.id, user);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'INVALID_STATE_TRANSITION', details: { from: 'paid', to: 'cancelled' } });
    expect((await orderRow(order.id))?.status).toBe('paid');
    expect(await stockOf(product.id)).toBe(3);
  });

  it("answers 403 to a user cancelling someone else's order and changes nothing", async () => {
    const product = await createProduct({ stock: 5 });
    const order = await placed(user, [{ product_id: product.id, quantity: 2 }]);
    const res = await cancel(order.id, other);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(await orderRow(order.id)).toMatchObject({ status: 'pending', version: 1 });
    expect(await stockOf(product.id)).toBe(3);
  });

  it('lets a manager cancel a paid order and returns the stock', async () => {
    const product = await createProduct({ stock: 5 });
    const order = await placed(user, [{ product_id: product.id, quantity: 2 }]);
    expect((await setStatus(order.id, 'paid')).status).toBe(200);
    const res = await cancel(order.id, manager);
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('cancelled');
    expect(await stockOf(product.id)).toBe(5);
    const last = (await movementsOf(product.id)).at(-1);
    expect(last).toMatchObject({ reason: 'cancel', delta: 2, order_id: order.id, user_id: manager.user.id });
  });

  it('answers 409 for cancelling twice and returns the stock only once', async () => {
    const product = await createProduct({ stock: 5 });
    const order = await placed(user, [{ product_id: product.id, quantity: 2 }]);
    expect((await cancel(order.id, user)).status).toBe(200);
    for (const actor of [user, manager]) {
      const again = await cancel(order.id, actor);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'INVALID_STATE_TRANSITION', details: { from: 'cancelled', to: 'cancelled' } });
    }
    expect(await stockOf(product.id)).toBe(5);
    expect((await movementsOf(product.id)).map((m) => m.reason)).toEqual(['initial', 'order', 'cancel']);
  });

  it('answers 404 for a missing order', async () => {
    const res = await cancel(999_999, manager);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('stock ledger', () => {
  it('keeps every product\'s stock equal to the sum of its movements through orders, cancels and adjustments', async () => {
    const p1 = await createProduct({ stock: 10 });
    const p2 = await createProduct({ stock: 4 });
    const p3 = await createProduct({ stock: 0 });
    const o1 = await placed(user, [
      { product_id: p1.id, quantity: 3 },
      { product_id: p2.id, quantity: 2 },
    ]);
    const o2 = await placed(other, [{ product_id: p1.id, quantity: 4 }]);
    expect((await adjust(p3.id, 7, admin, 'delivery')).status).toBe(201);
    const o3 = await placed(other, [
      { product_id: p3.id, quantity: 5 },
      { product_id: p2.id, quantity: 2 },
    ]);
    expect((await placeOrder(user, [{ product_id: p2.id, quantity: 1 }])).status).toBe(409);
    expect((await cancel(o1.id, user)).status).toBe(200);
    expect((await setStatus(o2.id, 'paid')).status).toBe(200);
    expect((await setStatus(o2.id, 'cancelled')).status).toBe(200);
    expect((await adjust(p1.id, -6, manager, 'damaged')).status).toBe(201);
    expect((await setStatus(o3.id, 'paid')).status).toBe(200);
    expect((await adjust(p2.id, -3)).status).toBe(409);

    expect([await stockOf(p1.id), await stockOf(p2.id), await stockOf(p3.id)]).toEqual([4, 2, 2]);
    const products = await t.db.selectFrom('products').select(['id', 'stock_quantity']).orderBy('id').execute();
    const movements = await t.db.selectFrom('stock_movements').select(['product_id', 'delta']).execute();
    const sums = new Map<number, number>();
    for (const m of movements) sums.set(m.product_id, (sums.get(m.product_id) ?? 0) + m.delta);
    expect(products.length).toBeGreaterThan(3);
    for (const product of products) expect({ id: product.id, stock: sums.get(product.id) ?? 0 }).toEqual({ id: product.id, stock: product.stock_quantity });
  });

  it('refuses an adjustment below zero with 409 INSUFFICIENT_STOCK and changes nothing', async () => {
    const product = await createProduct({ stock: 3 });
    const before = await snapshot([product.id]);
    const res = await adjust(product.id, -4);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { product_id: product.id, requested: 4, available: 3 } });
    expect(await snapshot([product.id])).toEqual(before);
    const ok = await adjust(product.id, -3);
    expect(ok.status).toBe(201);
    expect(ok.body.data.stock_quantity).toBe(0);
    expect(ok.body.data.movement).toMatchObject({ product_id: product.id, delta: -3, reason: 'adjustment', order_id: null, user_id: manager.user.id, note: 'recount' });
  });

  it('answers 403 to a user adjusting stock and changes nothing', async () => {
    const product = await createProduct({ stock: 3 });
    const before = await snapshot([product.id]);
    const res = await adjust(product.id, 100, user);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(await snapshot([product.id])).toEqual(before);
  });

  it('lists a product\'s movements newest first, with meta', async () => {
    const product = await createProduct({ stock: 10 });
    const order = await placed(user, [{ product_id: product.id, quantity: 2 }]);
    expect((await adjust(product.id, 5, manager, 'delivery')).status).toBe(201);
    expect((await cancel(order.id, user)).status).toBe(200);
    const url = `/api/products/${product.id}/stock-movements`;
    const res = await t.request<MovementListEnvelope>({ method: 'GET', url, headers: bearer(manager) });
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ page: 1, per_page: 20, total: 4, total_pages: 1 });
    expect(res.body.data.map((m) => [m.reason, m.delta])).toEqual([
      ['cancel', 2],
      ['adjustment', 5],
      ['order', -2],
      ['initial', 10],
    ]);
    const ids = res.body.data.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(res.body.data[1]).toMatchObject({ note: 'delivery', user_id: manager.user.id, order_id: null });
    expect(res.body.data[2]).toMatchObject({ order_id: order.id, user_id: user.user.id });
    const page2 = await t.request<MovementListEnvelope>({ method: 'GET', url: `${url}?per_page=3&page=2`, headers: bearer(manager) });
    expect(page2.body.meta).toEqual({ page: 2, per_page: 3, total: 4, total_pages: 2 });
    expect(page2.body.data.map((m) => m.reason)).toEqual(['initial']);
    expect((await t.request({ method: 'GET', url, headers: bearer(user) })).status).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/products/999999/stock-movements', headers: bearer(manager) })).status).toBe(404);
  });
});

describe('Idempotency-Key header validation', () => {
  it.each([
    ['a key with a space', 'a b'],
    ['a key longer than 100 characters', 'k'.repeat(150)],
  ])('answers 400 for %s and places nothing', async (_case, key) => {
    const before = await t.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await t.request<OrderEnvelope>({
      method: 'POST',
      url: '/api/orders',
      headers: { ...bearer(user), 'idempotency-key': key },
      payload: { items: [{ product_id: bulk.id, quantity: 1 }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    const after = await t.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('gives a replay the ETag of the order as first placed', async () => {
    const headers = { ...bearer(user), 'idempotency-key': `etag-${Date.now()}` };
    const payload = { items: [{ product_id: bulk.id, quantity: 1 }] };
    const first = await t.request({ method: 'POST', url: '/api/orders', headers, payload });
    const replay = await t.request({ method: 'POST', url: '/api/orders', headers, payload });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers.etag).toBe(first.headers.etag);
  });
});
