import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../src/database/schema.js';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { sleep } from './fake-service.js';
import {
  RESET_MS,
  TIMEOUT_MS,
  acceptedCounts,
  deliverEverything,
  drainDue,
  eventIds,
  useChannelFakes,
  type AnalyticsBody,
  type EmailBody,
  type SmsBody,
} from './outbox-support.js';
import {
  breakerStates,
  createProduct,
  makeAllDue,
  metricValue,
  outboxRows,
  outboxRowsForOrder,
  pendingCount,
  placeOrder,
  placed,
  scrapeMetrics,
  setStatus,
  type Order,
  type Product,
} from './shop.js';

const fakes = useChannelFakes();

describe('writing the outbox', () => {
  let t: TestApp;
  let admin: Session;
  let manager: Session;
  let user: Session;
  let product: Product;
  let scarce: Product;

  beforeAll(async () => {
    t = await createTestApp(fakes.env());
    admin = await t.sessionAs('admin');
    manager = await t.sessionAs('manager');
    user = await t.sessionAs('user');
    product = await createProduct(t, admin, { price: '7.25', stock: 1000 });
    scarce = await createProduct(t, admin, { price: '1.00', stock: 2 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('records an email, a text message and an analytics event with the order, under one event_id', async () => {
    const order = await placed(t, user, [{ product_id: product.id, quantity: 2 }]);
    const rows = await outboxRowsForOrder(t.db, order.id);
    expect(rows.map((r) => r.channel).sort()).toEqual(['analytics', 'email', 'sms']);
    expect(rows.every((r) => r.topic === 'order.placed' && r.attempts === 0 && r.delivered_at === null && r.locked_by === null)).toBe(true);
    expect(rows.every((r) => Date.parse(r.next_attempt_at) <= Date.now())).toBe(true);
    const eventId = rows[0]?.event_id ?? '';
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows.every((r) => r.event_id === eventId)).toBe(true);
    // Each channel's payload carries that event_id, for the receiver to drop duplicates.
    const payloads = Object.fromEntries(rows.map((r) => [r.channel, JSON.parse(r.payload) as Record<string, unknown>]));
    expect(payloads.email).toMatchObject({ event_id: eventId, to: user.user.email });
    expect(payloads.sms).toMatchObject({ event_id: eventId, user_id: user.user.id });
    expect(payloads.analytics).toMatchObject({ event_id: eventId, type: 'order.placed', order_id: order.id, status: 'pending', total_amount: '14.50' });
    // Nothing is sent while the order is placed: delivery is the worker's job.
    expect(fakes.email.received).toHaveLength(0);
  });

  it('records nothing for an order that fails, even when an earlier line was already taken', async () => {
    const before = (await outboxRows(t.db)).length;
    const res = await placeOrder(t, user, [
      { product_id: product.id, quantity: 1 },
      { product_id: scarce.id, quantity: 5 },
    ]);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect(await outboxRows(t.db)).toHaveLength(before);
  });

  it('records a status_changed event for every status change, and none for a refused one', async () => {
    const order = await placed(t, user, [{ product_id: product.id, quantity: 1 }]);
    await setStatus(t, manager, order.id, 'paid');
    await setStatus(t, manager, order.id, 'shipped');
    const refused = await t.request<{ error: { code: string } }>({ method: 'PUT', url: `/api/orders/${order.id}`, headers: bearer(manager), payload: { status: 'cancelled' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('INVALID_STATE_TRANSITION');
    const rows = await outboxRowsForOrder(t.db, order.id);
    const byEvent = new Map<string, OutboxRow[]>();
    for (const row of rows) byEvent.set(row.event_id, [...(byEvent.get(row.event_id) ?? []), row]);
    expect(byEvent.size).toBe(3);
    for (const group of byEvent.values()) expect(group.map((r) => r.channel).sort()).toEqual(['analytics', 'email', 'sms']);
    const subjects = rows.filter((r) => r.channel === 'email').map((r) => (JSON.parse(r.payload) as EmailBody).subject);
    expect(subjects).toEqual([`Order #${order.id} placed`, `Order #${order.id} is now paid`, `Order #${order.id} is now shipped`]);
  });
});

describe('the outbox in the same transaction as the order', () => {
  it('rolls the order back when its outbox rows cannot be written', async () => {
    const t = await createTestApp(fakes.env());
    try {
      const admin = await t.sessionAs('admin');
      const user = await t.sessionAs('user');
      const product = await createProduct(t, admin, { stock: 10 });
      await sql`drop table outbox`.execute(t.db);
      const res = await placeOrder(t, user, [{ product_id: product.id, quantity: 3 }]);
      expect(res.status).toBe(500);
      const orders = await t.db.selectFrom('orders').select('id').execute();
      expect(orders).toEqual([]);
      const stock = await t.db.selectFrom('products').select('stock_quantity').where('id', '=', product.id).executeTakeFirstOrThrow();
      expect(stock.stock_quantity).toBe(10);
      const movements = await t.db.selectFrom('stock_movements').select('reason').where('product_id', '=', product.id).execute();
      expect(movements.map((m) => m.reason)).toEqual(['initial']);
    } finally {
      await t.close();
    }
  });
});

let t: TestApp;
let admin: Session;
let manager: Session;
let user: Session;
let product: Product;

async function setUpDelivery(): Promise<void> {
  t = await createTestApp(fakes.env({ OUTBOX_BATCH_SIZE: '10' }));
  admin = await t.sessionAs('admin');
  manager = await t.sessionAs('manager');
  user = await t.sessionAs('user');
  product = await createProduct(t, admin, { price: '3.10', stock: 1000 });
}

describe('delivering the outbox', () => {
  // One app for the cases that never fail a call (a refusal does not count against the breaker).
  beforeAll(setUpDelivery);
  afterAll(async () => {
    await t.close();
  });

  it('posts each message to its channel and marks the rows delivered', async () => {
    const order = await placed(t, user, [{ product_id: product.id, quantity: 1 }]);
    const [row] = await outboxRowsForOrder(t.db, order.id);
    const eventId = row?.event_id ?? '';

    expect(await t.app.outbox.runOnce()).toBe(3);
    expect(fakes.email.bodies<EmailBody>()).toEqual([
      { event_id: eventId, to: user.user.email, subject: `Order #${order.id} placed`, text: expect.stringContaining(`#${order.id}`) as unknown },
    ]);
    expect(fakes.email.received[0]?.path).toBe('/email');
    expect(fakes.email.received[0]?.method).toBe('POST');
    expect(fakes.sms.bodies<SmsBody>()).toEqual([{ event_id: eventId, user_id: user.user.id, text: expect.stringContaining(`#${order.id}`) as unknown }]);
    expect(fakes.analytics.bodies<AnalyticsBody>()).toMatchObject([{ event_id: eventId, type: 'order.placed', order_id: order.id, status: 'pending', total_amount: '3.10' }]);

    const rows = await outboxRowsForOrder(t.db, order.id);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.delivered_at).not.toBeNull();
      expect(r.locked_by).toBeNull();
      expect(r.locked_until).toBeNull();
      expect(r.attempts).toBe(0);
    }
    // Delivered rows are never sent again.
    expect(await t.app.outbox.runOnce()).toBe(0);
    expect(fakes.email.received).toHaveLength(1);
  });

  // As `id in (select … limit … for update skip locked)` PostgreSQL re-ran the subquery per row and the
  // limit did not hold; the claim now chooses rows in a materialized CTE.
  it('delivers a batch at a time (at most OUTBOX_BATCH_SIZE rows per run), oldest first', async () => {
    const earlier = (await outboxRows(t.db)).length;
    for (let i = 0; i < 4; i += 1) await placed(t, user, [{ product_id: product.id, quantity: 1 }]);
    expect(await pendingCount(t.db)).toBe(12);
    expect(await t.app.outbox.runOnce()).toBe(10);
    const rows = (await outboxRows(t.db)).slice(earlier);
    // The oldest ten went first: the two left are the last order's newest rows.
    expect(rows.filter((r) => r.delivered_at === null).map((r) => r.id)).toEqual(rows.slice(-2).map((r) => r.id));
    expect(await t.app.outbox.runOnce()).toBe(2);
    expect(await pendingCount(t.db)).toBe(0);
    expect(new Set(fakes.email.bodies<EmailBody>().map((b) => b.event_id))).toEqual(eventIds(rows, 'email'));
    expect(fakes.email.received).toHaveLength(4);
  });

  it('retries a message the service refused (a 4xx), with backoff', async () => {
    await fakes.email.setMode('reject');
    const order = await placed(t, user, [{ product_id: product.id, quantity: 1 }]);
    await t.app.outbox.runOnce();
    const [row] = (await outboxRowsForOrder(t.db, order.id)).filter((r) => r.channel === 'email');
    expect(row?.delivered_at).toBeNull();
    expect(row?.attempts).toBe(1);
    expect(row?.last_error).toContain('402');
    expect(Date.parse(row?.next_attempt_at ?? '')).toBeGreaterThan(Date.now());
    expect(await breakerStates(t)).toMatchObject({ email: 'closed' });
  });
});

describe('delivering through failures', () => {
  // A fresh app (so fresh breakers) for each: one case's failures must not open another's breaker.
  beforeEach(setUpDelivery);
  afterEach(async () => {
    await t.close();
  });

  it('keeps every notification through an outage and delivers each once when the service recovers', async () => {
    await fakes.email.setMode('down');
    const orders: Order[] = [];
    for (let i = 0; i < 5; i += 1) orders.push(await placed(t, user, [{ product_id: product.id, quantity: 1 + i }]));
    const [first, second, third] = orders as [Order, Order, Order, ...Order[]];
    await setStatus(t, manager, first.id, 'paid');
    await setStatus(t, manager, first.id, 'shipped');
    await setStatus(t, manager, first.id, 'delivered');
    await setStatus(t, manager, second.id, 'cancelled');
    await setStatus(t, manager, third.id, 'paid');
    const expectedEvents = 5 + 5;

    // Outage: a few runs deliver the text messages and analytics, and no email.
    const started = Date.now();
    await drainDue(t.app.outbox, t.db);
    const finished = Date.now();
    let rows = await outboxRows(t.db);
    expect(rows).toHaveLength(expectedEvents * 3);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(expectedEvents);
    const emails = rows.filter((r) => r.channel === 'email');
    for (const row of emails) {
      expect(row.delivered_at).toBeNull();
      expect(row.attempts).toBe(1);
      expect(row.last_error).toBeTruthy();
      expect(row.locked_by).toBeNull();
      // The first retry waits about a second (1 s ± 25 %).
      const retryAt = Date.parse(row.next_attempt_at);
      expect(retryAt).toBeGreaterThanOrEqual(started + 700);
      expect(retryAt).toBeLessThanOrEqual(finished + 1300);
    }
    expect(rows.filter((r) => r.channel !== 'email').every((r) => r.delivered_at !== null)).toBe(true);
    expect(fakes.email.received).toHaveLength(0);
    const states = await breakerStates(t);
    // Open, or already half-open if the run took longer than BREAKER_RESET_MS.
    expect(['open', 'half-open']).toContain(states.email);
    expect(states).toMatchObject({ sms: 'closed', analytics: 'closed' });
    expect(metricValue(await scrapeMetrics(t.app), 'outbox_backlog')).toBe(expectedEvents);

    // Still down: a second attempt backs off further (2 s ± 25 %).
    await makeAllDue(t.db);
    const again = Date.now();
    await drainDue(t.app.outbox, t.db);
    rows = await outboxRows(t.db);
    for (const row of rows.filter((r) => r.channel === 'email')) {
      expect(row.delivered_at).toBeNull();
      expect(row.attempts).toBe(2);
      expect(Date.parse(row.next_attempt_at)).toBeGreaterThanOrEqual(again + 1400);
    }

    // Recovery: once the breaker lets calls through again, the whole backlog goes out.
    await fakes.email.setMode('ok');
    await sleep(RESET_MS + 50);
    await deliverEverything(t.app.outbox, t.db);
    rows = await outboxRows(t.db);
    expect(rows.every((r) => r.delivered_at !== null)).toBe(true);
    expect(await breakerStates(t)).toMatchObject({ email: 'closed' });

    const counts = acceptedCounts(fakes.email);
    const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(new Set(counts.keys())).toEqual(eventIds(rows, 'email'));
    expect(counts.size).toBe(expectedEvents);
    // The service was unreachable, so no attempt can have reached it: exactly one copy of each.
    expect(duplicates).toBe(0);
    // Each email names its order and goes to the customer.
    for (const body of fakes.email.bodies<EmailBody>()) {
      const row = rows.find((r) => r.channel === 'email' && r.event_id === body.event_id);
      expect(body).toEqual(JSON.parse(row?.payload ?? '{}'));
      expect(body.to).toBe(user.user.email);
    }
    for (const order of orders) expect(fakes.email.bodies<EmailBody>().some((b) => b.subject === `Order #${order.id} placed`)).toBe(true);
    expect(fakes.email.bodies<EmailBody>().some((b) => b.subject === `Order #${first.id} is now delivered`)).toBe(true);
    expect(fakes.email.bodies<EmailBody>().some((b) => b.subject === `Order #${second.id} is now cancelled`)).toBe(true);
    // The other channels were not sent twice either.
    expect(new Set(acceptedCounts(fakes.sms).keys())).toEqual(eventIds(rows, 'sms'));
    expect(fakes.sms.accepted()).toHaveLength(expectedEvents);
    expect(fakes.analytics.accepted()).toHaveLength(expectedEvents);
    expect(metricValue(await scrapeMetrics(t.app), 'outbox_backlog')).toBe(0);
  });

  it('retries a message that timed out with the same event_id (the receiver drops the duplicate)', async () => {
    await fakes.email.setMode('hang');
    const order = await placed(t, user, [{ product_id: product.id, quantity: 1 }]);
    const started = Date.now();
    expect(await t.app.outbox.runOnce()).toBe(2);
    expect(Date.now() - started).toBeLessThan(1500);
    const [pending] = (await outboxRowsForOrder(t.db, order.id)).filter((r) => r.channel === 'email');
    expect(pending?.delivered_at).toBeNull();
    expect(pending?.attempts).toBe(1);
    expect(fakes.email.received).toHaveLength(1);

    await fakes.email.setMode('ok');
    await makeAllDue(t.db);
    expect(await t.app.outbox.runOnce()).toBe(1);
    const ids = fakes.email.bodies<EmailBody>().map((b) => b.event_id);
    expect(ids).toEqual([pending?.event_id, pending?.event_id]);
    expect(fakes.email.accepted()).toHaveLength(1);
  });
});

describe('an unconfigured channel', () => {
  it('is skipped: its rows are marked delivered without any request', async () => {
    const t = await createTestApp({ EMAIL_URL: `${fakes.email.url}email`, EXTERNAL_TIMEOUT_MS: String(TIMEOUT_MS) });
    try {
      const admin = await t.sessionAs('admin');
      const user = await t.sessionAs('user');
      const product = await createProduct(t, admin);
      const order = await placed(t, user, [{ product_id: product.id, quantity: 1 }]);
      expect(await t.app.outbox.runOnce()).toBe(3);
      const rows = await outboxRowsForOrder(t.db, order.id);
      expect(rows.every((r) => r.delivered_at !== null && r.attempts === 0)).toBe(true);
      expect(fakes.email.received).toHaveLength(1);
      expect(fakes.sms.received).toHaveLength(0);
      expect(fakes.analytics.received).toHaveLength(0);
      expect(await breakerStates(t)).toMatchObject({ email: 'closed', sms: 'disabled', analytics: 'disabled' });
    } finally {
      await t.close();
    }
  });
});
