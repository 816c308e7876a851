import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../src/notifications/outbox-worker.js';
import { sleep, waitUntil } from './fake-service.js';
import {
  acceptedCounts,
  deliverEverything,
  eventIdOf,
  eventIds,
  useChannelFakes,
  type EmailBody,
} from './outbox-support.js';
import { createSharedDatabase, type SharedDatabase } from './shared-database.js';
import { clientFor, createProduct, outboxRows, outboxRowsForOrder, pendingCount, placed, type Client, type Order } from './shop.js';

const fakes = useChannelFakes();

describe('several instances on one database', () => {
  let shared: SharedDatabase;
  beforeEach(async () => {
    shared = await createSharedDatabase();
  });
  afterEach(async () => {
    await shared.destroy();
  });

  async function seed(c: Client, orders: number): Promise<Order[]> {
    const admin = await c.sessionAs('admin');
    const user = await c.sessionAs('user');
    const product = await createProduct(c, admin, { stock: 1000 });
    const placedOrders: Order[] = [];
    for (let i = 0; i < orders; i += 1) placedOrders.push(await placed(c, user, [{ product_id: product.id, quantity: 1 }]));
    return placedOrders;
  }

  it('survives a restart: rows left pending by one instance are delivered by the next', async () => {
    await fakes.email.setMode('down');
    const first = await shared.buildApp(fakes.env());
    const { db } = shared.inspect;
    const client = clientFor(first, db);
    const orders = await seed(client, 3);
    // One run while email is down: its rows fail and wait; then one more order is never tried at all.
    await first.outbox.runOnce();
    const admin = await client.sessionAs('admin');
    const product = await createProduct(client, admin);
    orders.push(await placed(client, await client.sessionAs('user'), [{ product_id: product.id, quantity: 1 }]));
    const before = await outboxRows(db);
    expect(before.filter((r) => r.delivered_at === null)).toHaveLength(3 + 3);
    expect(before.filter((r) => r.channel === 'email' && r.attempts === 1 && r.delivered_at === null)).toHaveLength(3);
    expect(before.filter((r) => r.attempts === 0 && r.delivered_at === null)).toHaveLength(3);
    // A worker that died holding a claim: its lock has run out.
    const orphan = before.find((r) => r.delivered_at === null && r.attempts === 0);
    await db
      .updateTable('outbox')
      .set({ locked_by: 'worker-dead', locked_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', orphan?.id ?? 0)
      .execute();
    await first.close();

    await fakes.email.setMode('ok');
    const second = await shared.buildApp(fakes.env({ OUTBOX_BATCH_SIZE: '4' }));
    expect(await pendingCount(db)).toBe(6);
    try {
      await deliverEverything(second.outbox, db);
    } finally {
      await second.close();
    }
    const after = await outboxRows(db);
    expect(after.every((r) => r.delivered_at !== null && r.locked_by === null)).toBe(true);
    expect(new Set(acceptedCounts(fakes.email).keys())).toEqual(eventIds(after, 'email'));
    expect(fakes.email.accepted()).toHaveLength(orders.length);
    for (const order of orders) expect(fakes.email.bodies<EmailBody>().some((b) => b.subject === `Order #${order.id} placed`)).toBe(true);
    expect(fakes.sms.accepted()).toHaveLength(orders.length);
    expect(fakes.analytics.accepted()).toHaveLength(orders.length);
  });

  it('never lets two workers deliver the same row', async () => {
    const env = fakes.env({ OUTBOX_BATCH_SIZE: '3' });
    const a = await shared.buildApp(env);
    const b = await shared.buildApp(env);
    try {
      const { db } = shared.inspect;
      await seed(clientFor(a, db), 8);
      for (const fake of [fakes.email, fakes.sms, fakes.analytics]) {
        fake.delayMs = 50;
        fake.clear();
      }
      const total = (await outboxRows(db)).length;
      expect(total).toBe(24);

      let delivered = 0;
      for (let round = 0; round < 30 && (await pendingCount(db)) > 0; round += 1) {
        const counts = await Promise.all([a.outbox.runOnce(), b.outbox.runOnce(), a.outbox.runOnce(), b.outbox.runOnce()]);
        delivered += counts.reduce((sum, n) => sum + n, 0);
      }
      expect(await pendingCount(db)).toBe(0);
      expect(delivered).toBe(total);
      for (const fake of [fakes.email, fakes.sms, fakes.analytics]) {
        expect(fake.overlaps).toEqual([]);
        expect(fake.accepted()).toHaveLength(8);
        expect([...acceptedCounts(fake).values()].every((n) => n === 1)).toBe(true);
      }
      const rows = await outboxRows(db);
      expect(new Set(fakes.email.accepted().map(eventIdOf))).toEqual(eventIds(rows, 'email'));
      expect(rows.every((r) => r.delivered_at !== null && r.attempts === 0)).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  // A claim that ignored its limit would hold a whole backlog past its lock, and a second worker would then
  // send the same rows while the first still was.
  it('never lets a claim outlive its lock: each batch is small enough to finish in time', async () => {
    const a = await shared.buildApp(fakes.env({ EXTERNAL_TIMEOUT_MS: '2000' }));
    try {
      const { db, dialect } = shared.inspect;
      await seed(clientFor(a, db), 4);
      for (const fake of [fakes.email, fakes.sms, fakes.analytics]) {
        fake.delayMs = 100;
        fake.clear();
      }
      // Batches of 3 take ~300 ms, well inside an 800 ms claim.
      const worker = (name: string) =>
        new OutboxWorker({ db, dialect, services: a.services, log: a.log.child({ worker: name }), pollMs: 50, batchSize: 3, lockMs: 800 });
      const deadline = Date.now() + 8000;
      const loop = async (w: OutboxWorker) => {
        while ((await pendingCount(db)) > 0 && Date.now() < deadline) {
          if ((await w.runOnce()) === 0) await sleep(50);
        }
      };
      await Promise.all([loop(worker('one')), loop(worker('two'))]);
      expect(await pendingCount(db)).toBe(0);
      for (const fake of [fakes.email, fakes.sms, fakes.analytics]) {
        expect(fake.overlaps).toEqual([]);
        expect(fake.accepted()).toHaveLength(4);
      }
    } finally {
      await a.close();
    }
  });

  it('runs the real worker: delivers on its own, and close() waits for the delivery in progress', async () => {
    const app = await shared.buildApp(fakes.env({ OUTBOX_POLL_MS: '50', EXTERNAL_TIMEOUT_MS: '2000' }), { outboxWorker: true });
    let closed = false;
    try {
      const { db } = shared.inspect;
      const [order] = await seed(clientFor(app, db), 1);
      await waitUntil(() => fakes.email.bodies<EmailBody>().some((b) => b.subject === `Order #${order?.id ?? 0} placed`), 5000, 'the email');
      await waitUntil(async () => (await pendingCount(db)) === 0, 5000, 'the backlog to empty');

      // A slow email (well within the timeout): close while it is in flight; the worker finishes it first.
      fakes.email.delayMs = 300;
      const user = await clientFor(app, db).sessionAs('user');
      const product = await createProduct(clientFor(app, db), await clientFor(app, db).sessionAs('admin'));
      const slow = await placed(clientFor(app, db), user, [{ product_id: product.id, quantity: 1 }]);
      await waitUntil(() => fakes.email.received.some((c) => (c.body as EmailBody).subject === `Order #${slow.id} placed`), 5000, 'the slow email to start');
      const closing = Date.now();
      await app.close();
      closed = true;
      expect(Date.now() - closing).toBeGreaterThanOrEqual(150);
      const call = fakes.email.received.find((c) => (c.body as EmailBody).subject === `Order #${slow.id} placed`);
      expect(call?.status).toBe(200);
      const rows = await outboxRowsForOrder(db, slow.id);
      expect(rows.find((r) => r.channel === 'email')?.delivered_at).not.toBeNull();
      expect(rows.every((r) => r.locked_by === null)).toBe(true);
    } finally {
      if (!closed) await app.close();
    }
  });
});
