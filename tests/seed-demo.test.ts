import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, DEMO_PASSWORD } from '../scripts/seed-demo.js';
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('npm run seed:demo', () => {
  it('loads a category tree, products, accounts and orders whose stock matches the ledger', async () => {
    const result = await seedDemo(t.db, t.database.dialect, { products: 60, users: 8, orders: 40, bcryptCost: 4 });
    expect(result.productIds).toHaveLength(60);
    expect(result.userIds).toHaveLength(8);
    expect(result.orderIds.length).toBeGreaterThan(30);
    const roots = await t.db.selectFrom('categories').select('id').where('parent_id', 'is', null).execute();
    expect(roots.length).toBeGreaterThan(3);
    const mismatched = await sql<{ id: number }>`
      select p.id from products p
      where p.stock_quantity <> (select coalesce(sum(m.delta), 0) from stock_movements m where m.product_id = p.id)`.execute(t.db);
    expect(mismatched.rows).toEqual([]);
    const statuses = await t.db.selectFrom('orders').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['cancelled', 'delivered', 'paid', 'pending', 'shipped']);
    const session = await t.login('demo_admin@demo.example.com', DEMO_PASSWORD);
    expect(session.user.role).toBe('admin');
  });
});
