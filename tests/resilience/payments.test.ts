import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { FakeService, sleep, waitUntil } from './fake-service.js';
import {
  breakerStates,
  createProduct,
  metricValue,
  orderRow,
  outboxRowsForOrder,
  pay,
  placed,
  scrapeMetrics,
  setStatus,
  type Order,
  type Product,
} from './shop.js';

const TIMEOUT_MS = 200;
const RESET_MS = 1000;

interface PaymentBody {
  event_id: string;
  order_id: number;
  user_id: number;
  amount: string;
  amount_cents: number;
}

let fake: FakeService;
let t: TestApp;
let admin: Session;
let manager: Session;
let user: Session;
let other: Session;
let product: Product;

beforeAll(async () => {
  fake = await FakeService.start();
});
afterAll(async () => {
  await fake.stop();
});

async function setUp(): Promise<void> {
  await fake.setMode('ok');
  fake.rejectStatus = 402;
  fake.delayMs = 0;
  t = await createTestApp({ PAYMENT_URL: `${fake.url}charges`, EXTERNAL_TIMEOUT_MS: String(TIMEOUT_MS), BREAKER_RESET_MS: String(RESET_MS) });
  admin = await t.sessionAs('admin');
  manager = await t.sessionAs('manager');
  user = await t.sessionAs('user');
  other = await t.sessionAs('user');
  product = await createProduct(t, admin, { price: '19.99', stock: 1000 });
  fake.clear();
}

async function pendingOrder(quantity = 3, session: Session = user): Promise<Order> {
  const order = await placed(t, session, [{ product_id: product.id, quantity }]);
  fake.clear();
  return order;
}

async function statusChangedRows(orderId: number) {
  return (await outboxRowsForOrder(t.db, orderId)).filter((row) => row.topic === 'order.status_changed');
}

describe('POST /api/orders/{id}/payment with a healthy provider', () => {
  // One app for these: none of them counts as a failure for the breaker.
  beforeAll(setUp);
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await fake.setMode('ok');
    fake.rejectStatus = 402;
    fake.delayMs = 0;
    fake.clear();
  });

  it('charges the order through the payment service with its event_id, and marks it paid', async () => {
    const order = await pendingOrder(3);
    const res = await pay(t, user, order.id);
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('paid');
    expect(res.headers.etag).toBeDefined();

    const row = await orderRow(t.db, order.id);
    expect(row.status).toBe('paid');
    expect(fake.received).toHaveLength(1);
    const call = fake.received[0];
    expect(call?.method).toBe('POST');
    expect(call?.path).toBe('/charges');
    expect(call?.headers['content-type']).toContain('application/json');
    expect(call?.body).toEqual({ event_id: row.event_id, order_id: order.id, user_id: user.user.id, amount: '59.97', amount_cents: 5997 });

    // The status change is in the outbox: one row per channel, all with the same event_id.
    const changed = await statusChangedRows(order.id);
    expect(changed.map((r) => r.channel).sort()).toEqual(['analytics', 'email', 'sms']);
    expect(new Set(changed.map((r) => r.event_id)).size).toBe(1);
    const email = changed.find((r) => r.channel === 'email');
    expect((JSON.parse(email?.payload ?? '{}') as { subject: string }).subject).toContain('paid');
  });

  it('formats amounts with two decimals however round the total is', async () => {
    const round = await createProduct(t, admin, { price: '20.00' });
    const order = await placed(t, user, [{ product_id: round.id, quantity: 5 }]);
    fake.clear();
    expect((await pay(t, user, order.id)).status).toBe(200);
    expect(fake.bodies<PaymentBody>()[0]).toMatchObject({ amount: '100.00', amount_cents: 10000 });
  });


  it.each([402, 400])('answers a %i from the provider with 409 payment_declined, without opening the breaker', async (status) => {
    fake.rejectStatus = status;
    const order = await pendingOrder();
    await fake.setMode('reject');
    for (let i = 0; i < 5; i += 1) {
      const res = await pay(t, user, order.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
      expect(res.body.error.details).toMatchObject({ reason: 'payment_declined', provider_status: status });
    }
    expect(fake.received).toHaveLength(5);
    expect((await orderRow(t.db, order.id)).status).toBe('pending');
    expect(await statusChangedRows(order.id)).toEqual([]);
    expect(await breakerStates(t)).toMatchObject({ payment: 'closed' });

    await fake.setMode('ok');
    const res = await pay(t, user, order.id);
    expect(res.status).toBe(200);
    expect(fake.received).toHaveLength(6);
    expect(fake.received[5]?.status).toBe(200);
  });

  it('marks a doubly-submitted payment paid once, with one event_id for the provider to deduplicate', async () => {
    const order = await pendingOrder();
    fake.delayMs = 50;
    const [a, b] = await Promise.all([pay(t, user, order.id), pay(t, user, order.id)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const bodies = fake.bodies<PaymentBody>();
    expect(bodies).toHaveLength(2);
    expect(new Set(bodies.map((body) => body.event_id))).toEqual(new Set([(await orderRow(t.db, order.id)).event_id]));
    expect(await statusChangedRows(order.id)).toHaveLength(3);
  });

  it('refuses an order that is not pending with 409 INVALID_STATE_TRANSITION, without calling the service', async () => {
    const paid = await pendingOrder();
    expect((await pay(t, user, paid.id)).status).toBe(200);
    const cancelled = await pendingOrder();
    await setStatus(t, manager, cancelled.id, 'cancelled');
    fake.clear();

    for (const [order, from] of [
      [paid, 'paid'],
      [cancelled, 'cancelled'],
    ] as const) {
      const res = await pay(t, user, order.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('INVALID_STATE_TRANSITION');
      expect(res.body.error.details).toMatchObject({ from, to: 'paid' });
      expect((await orderRow(t.db, order.id)).status).toBe(from);
    }
    expect(fake.received).toHaveLength(0);
  });

  it("refuses another user's order with 403 and an unknown order with 404, without calling the service", async () => {
    const order = await pendingOrder();
    const res = await pay(t, other, order.id);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const missing = await pay(t, user, 999_999);
    expect(missing.status).toBe(404);
    const anonymous = await t.request({ method: 'POST', url: `/api/orders/${order.id}/payment` });
    expect(anonymous.status).toBe(401);
    expect(fake.received).toHaveLength(0);
    expect((await orderRow(t.db, order.id)).status).toBe('pending');
  });

  it("lets a manager and an admin pay a customer's order", async () => {
    const first = await pendingOrder();
    const second = await pendingOrder();
    expect((await pay(t, manager, first.id)).status).toBe(200);
    expect((await pay(t, admin, second.id)).status).toBe(200);
    expect(fake.bodies<PaymentBody>().map((b) => b.order_id)).toEqual([first.id, second.id]);
  });
});

describe('POST /api/orders/{id}/payment when the provider fails', () => {
  // A fresh app (so a fresh breaker) for every test: one test's failures never open another's breaker.
  beforeEach(setUp);
  afterEach(async () => {
    await t.close();
  });

  it.each(['fail', 'down'] as const)('answers 503 with Retry-After and leaves the order pending when the service is %s', async (mode) => {
    const order = await pendingOrder();
    await fake.setMode(mode);
    const res = await pay(t, user, order.id);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect((await orderRow(t.db, order.id)).status).toBe('pending');
    expect(await statusChangedRows(order.id)).toEqual([]);
    // The charge was attempted (a 500) or could not even connect (down).
    expect(fake.received).toHaveLength(mode === 'fail' ? 1 : 0);
  });

  it('gives up on a hanging service after its timeout, with a quick 503', async () => {
    const order = await pendingOrder();
    await fake.setMode('hang');
    const started = Date.now();
    const res = await pay(t, user, order.id);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(1500);
    expect(fake.received).toHaveLength(1);
    expect((await orderRow(t.db, order.id)).status).toBe('pending');
    expect(await statusChangedRows(order.id)).toEqual([]);
  });

  it('opens the breaker after repeated failures, fails fast while open, and closes again after the reset time', async () => {
    const order = await pendingOrder();
    expect(await breakerStates(t)).toMatchObject({ payment: 'closed' });
    expect(metricValue(await scrapeMetrics(t.app), 'circuit_breaker_state', { service: 'payment' })).toBe(0);

    await fake.setMode('fail');
    for (let i = 0; i < 3; i += 1) expect((await pay(t, user, order.id)).status).toBe(503);
    expect(fake.received).toHaveLength(3);
    expect(await breakerStates(t)).toMatchObject({ payment: 'open', email: 'disabled' });
    expect(metricValue(await scrapeMetrics(t.app), 'circuit_breaker_state', { service: 'payment' })).toBe(2);

    // Open: answered at once, without touching the service, even though it would hang.
    await fake.setMode('hang');
    fake.clear();
    const started = Date.now();
    const res = await pay(t, user, order.id);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBeDefined();
    expect(elapsed).toBeLessThan(100);
    expect(fake.received).toHaveLength(0);
    expect((await orderRow(t.db, order.id)).status).toBe('pending');

    // After the reset time the breaker lets one trial call through; it succeeds and closes the breaker.
    await fake.setMode('ok');
    await waitUntil(async () => (await breakerStates(t)).payment === 'half-open', RESET_MS + 2000, 'the breaker to half-open');
    expect(metricValue(await scrapeMetrics(t.app), 'circuit_breaker_state', { service: 'payment' })).toBe(1);
    const retried = await pay(t, user, order.id);
    expect(retried.status).toBe(200);
    expect(retried.body.data.status).toBe('paid');
    expect(fake.received).toHaveLength(1);
    expect(await breakerStates(t)).toMatchObject({ payment: 'closed' });
    expect(metricValue(await scrapeMetrics(t.app), 'circuit_breaker_state', { service: 'payment' })).toBe(0);
  });

  it('reopens the breaker when the trial call after the reset time fails', async () => {
    const order = await pendingOrder();
    await fake.setMode('fail');
    for (let i = 0; i < 3; i += 1) await pay(t, user, order.id);
    expect((await breakerStates(t)).payment).toBe('open');
    await sleep(RESET_MS + 100);
    expect((await breakerStates(t)).payment).toBe('half-open');
    fake.clear();
    expect((await pay(t, user, order.id)).status).toBe(503);
    expect(fake.received).toHaveLength(1);
    expect((await breakerStates(t)).payment).toBe('open');
    fake.clear();
    expect((await pay(t, user, order.id)).status).toBe(503);
    expect(fake.received).toHaveLength(0);
  });

  it('sends the same event_id on every retry of the same order, and a different one for another order', async () => {
    const order = await pendingOrder();
    await fake.setMode('fail');
    expect((await pay(t, user, order.id)).status).toBe(503);
    expect((await pay(t, user, order.id)).status).toBe(503);
    await fake.setMode('ok');
    expect((await pay(t, user, order.id)).status).toBe(200);

    const bodies = fake.bodies<PaymentBody>();
    expect(bodies).toHaveLength(3);
    const { event_id } = await orderRow(t.db, order.id);
    expect(bodies.map((b) => b.event_id)).toEqual([event_id, event_id, event_id]);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);

    const second = await pendingOrder();
    expect((await pay(t, user, second.id)).status).toBe(200);
    const secondEventId = fake.bodies<PaymentBody>()[0]?.event_id;
    expect(secondEventId).toBe((await orderRow(t.db, second.id)).event_id);
    expect(secondEventId).not.toBe(event_id);
  });

});

describe('without PAYMENT_URL', () => {
  it('marks the order paid without attempting a charge (skipped and logged, never failed)', async () => {
    await fake.setMode('ok');
    fake.clear();
    const bare = await createTestApp({ EXTERNAL_TIMEOUT_MS: String(TIMEOUT_MS) });
    try {
      const owner = await bare.sessionAs('user');
      const boss = await bare.sessionAs('admin');
      const item = await createProduct(bare, boss, { price: '5.00' });
      const order = await placed(bare, owner, [{ product_id: item.id, quantity: 1 }]);
      const res = await bare.request<{ data: Order }>({ method: 'POST', url: `/api/orders/${order.id}/payment`, headers: bearer(owner) });
      expect(res.status).toBe(200);
      expect(res.body.data.status).toBe('paid');
      expect((await orderRow(bare.db, order.id)).status).toBe('paid');
      expect(fake.received).toHaveLength(0);
      expect(await breakerStates(bare)).toMatchObject({ payment: 'disabled' });
      expect(metricValue(await scrapeMetrics(bare.app), 'circuit_breaker_state', { service: 'payment' })).toBe(-1);
    } finally {
      await bare.close();
    }
  });
});
