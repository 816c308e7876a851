/**
 * Graceful shutdown of the real process (src/server.ts): on SIGTERM it stops accepting connections,
 * lets the requests already in flight finish with their normal answer, writes nothing by halves, and
 * exits 0.
 */
import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/database/connection.js';
import { contractViolations } from '../helpers/contract.js';
import { ADMIN, loginToken, routedCount, sigtermWhileInFlight, startRequest, startServer, tryConnect } from './server-process.js';
import { eventually, sleep } from './support.js';

describe('graceful shutdown of the server process (SIGTERM)', () => {
  it('exits 0 when idle, and refuses connections afterwards', async () => {
    const { run, base, port } = await startServer();
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('shutting down');
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
  });

  it('finishes the requests in flight with their normal answers, refuses new connections meanwhile, and exits 0', async () => {
    const server = await startServer();
    const { run, base, port, file } = server;
    const auth = { authorization: `Bearer ${await loginToken(base)}` };

    const productIds: number[] = [];
    for (let i = 1; i <= 5; i += 1) {
      const res = await fetch(`${base}/api/products`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ sku: `SHUT-${i}`, name: `Shutdown item ${i}`, price: `${i}.25`, stock_quantity: 20 }),
      });
      expect(res.status).toBe(201);
      productIds.push(((await res.json()) as { data: { id: number } }).data.id);
    }
    const loginsBefore = routedCount(run, 'POST', '/api/auth/login');

    // Two requests in flight when SIGTERM arrives: an order over five products, and a login (bcrypt).
    // Both ask for `Connection: close` (agent: false); kept-alive connections are covered below.
    const items = productIds.map((product_id, index) => ({ product_id, quantity: index + 1 }));
    const order = startRequest(port, 'POST', '/api/orders', auth, JSON.stringify({ items }));
    const secondLogin = startRequest(port, 'POST', '/api/auth/login', {}, JSON.stringify(ADMIN));
    await sigtermWhileInFlight(server, [
      ['POST', '/api/orders', 1],
      ['POST', '/api/auth/login', loginsBefore + 1],
    ]);

    // While it drains, nobody new gets in, and the requests in flight keep it from exiting.
    expect(await eventually(async () => (await tryConnect(port)) === 'ECONNREFUSED', 3000, 50), 'new connections are refused while draining').toBe(true);
    await sleep(200);
    expect(run.child.exitCode, 'still running while requests are in flight').toBeNull();

    order.finish();
    secondLogin.finish();
    const [placed, loggedIn] = await Promise.all([order.answer, secondLogin.answer]);
    expect(placed.status, placed.body).toBe(201);
    expect(loggedIn.status, loggedIn.body).toBe(200);
    expect(contractViolations('POST', '/api/orders', { statusCode: placed.status, headers: placed.headers, body: placed.body })).toEqual([]);
    expect(contractViolations('POST', '/api/auth/login', { statusCode: loggedIn.status, headers: loggedIn.headers, body: loggedIn.body })).toEqual([]);
    const orderBody = JSON.parse(placed.body) as { data: { id: number; total_amount: string; status: string; items: unknown[] } };
    expect(orderBody.data.status).toBe('pending');
    // 1×1.25 + 2×2.25 + 3×3.25 + 4×4.25 + 5×5.25 = 58.75
    expect(orderBody.data.total_amount).toBe('58.75');

    const exited = await Promise.race([run.exited, sleep(5000).then(() => 'still running after 5 s')]);
    expect(exited, run.output().slice(-2000)).toBe(0);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');

    // The acknowledged order is in the database, whole, with its stock taken.
    const database = connectDatabase({ dialect: 'sqlite', filename: file });
    try {
      const stored = await database.db.selectFrom('orders').selectAll().where('id', '=', orderBody.data.id).executeTakeFirst();
      expect(stored?.status).toBe('pending');
      expect(stored?.total_cents).toBe(5875);
      const lines = await database.db.selectFrom('order_items').select(['product_id', 'quantity']).where('order_id', '=', orderBody.data.id).orderBy('product_id').execute();
      expect(lines).toEqual(items);
      const products = await database.db.selectFrom('products').select(['stock_quantity']).orderBy('id').execute();
      expect(products.map((p) => p.stock_quantity)).toEqual([19, 18, 17, 16, 15]);
      const movements = await database.db.selectFrom('stock_movements').select(['product_id', 'delta']).where('reason', '=', 'order').orderBy('product_id').execute();
      expect(movements).toEqual(items.map((item) => ({ product_id: item.product_id, delta: -item.quantity })));
    } finally {
      await database.destroy();
    }
  });
});
