/**
 * Loads the benchmark data set through the project's own code: categories with insertCategory,
 * products and users in batches (as seed:demo does), and every order through placeOrder and
 * transitionOrderStatus — the same transactions the API runs.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Dialect } from '../../src/database/connection.js';
import type { Database, OrderStatus, ProductsTable, SessionsTable, UsersTable } from '../../src/database/schema.js';
import { insertCategory } from '../../src/queries/categories.js';
import { insertSessions } from '../../src/queries/sessions.js';
import { insertProductsWithInitialStock } from '../../src/queries/products.js';
import { applyTransition, placeOrder } from '../../src/services/orders.js';
import { picker, seededRandom } from '../seeded-random.js';
import { sql } from 'kysely';

export const BENCH_PASSWORD = 'bench-password';

export interface DataSize {
  products: number;
  categories: number;
  users: number;
  orders: number;
}

export function dataSize(scale: number): DataSize {
  return {
    products: Math.round(100_000 * scale),
    categories: Math.max(20, Math.round(300 * Math.sqrt(scale))),
    users: Math.round(10_000 * scale),
    orders: Math.round(200_000 * scale),
  };
}

export interface LoadedData {
  categoryIds: number[];
  productIds: number[];
  userIds: number[];
}


const BATCH = 1000;
const SESSIONS_PER_USER = 3;
const DAY_MS = 86_400_000;

/**
 * Sessions as months of use leave them: every user has logged in a few times, each session long expired
 * and some ended by logout, so the session check runs against a table of realistic size (and its plan is
 * the one production gets), not against the few sessions the benchmark itself opens.
 */
export async function loadSessionHistory(db: Kysely<Database>, userIds: readonly number[]): Promise<number> {
  const rand = seededRandom(11);
  let inserted = 0;
  for (let start = 0; start < userIds.length; start += BATCH) {
    const rows: Insertable<SessionsTable>[] = [];
    for (const userId of userIds.slice(start, start + BATCH)) {
      for (let n = 0; n < SESSIONS_PER_USER; n += 1) {
        const created = Date.now() - (2 + Math.floor(rand() * 90)) * DAY_MS;
        const loggedOut = rand() < 0.5;
        rows.push({
          id: randomUUID(),
          user_id: userId,
          created_at: new Date(created).toISOString(),
          expires_at: new Date(created + DAY_MS).toISOString(),
          revoked_at: loggedOut ? new Date(created + Math.floor(rand() * DAY_MS)).toISOString() : null,
          revoked_reason: loggedOut ? 'logout' : null,
        });
      }
    }
    await insertSessions(db, rows);
    inserted += rows.length;
  }
  return inserted;
}

/** Adds the session history to a data set loaded before it existed (sessions the bench opens do not count). */
export async function ensureSessionHistory(db: Kysely<Database>): Promise<number> {
  const users = await db.selectFrom('users').select('id').orderBy('id').execute();
  const history = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('expires_at', '<', new Date(Date.now() - DAY_MS).toISOString())
    .executeTakeFirstOrThrow();
  return history.n < users.length ? loadSessionHistory(db, users.map((user) => user.id)) : 0;
}

async function withDeadlockRetry(work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await work();
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if ((code !== '40P01' && code !== '40001') || attempt >= 5) throw error;
    }
  }
}

export async function loadBenchData(
  db: Kysely<Database>,
  dialect: Dialect,
  size: DataSize,
  options: { bcryptCost: number; concurrency: number; log: (message: string) => void },
): Promise<LoadedData> {
  const rand = seededRandom(7);
  const pick = picker(rand);
  const now = new Date().toISOString();

  // A few dozen departments, the rest as their children: a few hundred categories in two levels.
  const categoryIds: number[] = [];
  const departments = Math.max(5, Math.round(size.categories / 10));
  for (let i = 0; i < departments; i += 1) categoryIds.push((await insertCategory(db, { name: `Department ${i + 1}`, description: null, parent_id: null })).id);
  const roots = [...categoryIds];
  for (let i = departments; i < size.categories; i += 1) {
    categoryIds.push((await insertCategory(db, { name: `Category ${i + 1}`, description: null, parent_id: pick(roots) })).id);
  }
  options.log(`  categories ${categoryIds.length}`);

  const productIds: number[] = [];
  for (let start = 0; start < size.products; start += BATCH) {
    const rows: Insertable<ProductsTable>[] = [];
    for (let i = start; i < Math.min(size.products, start + BATCH); i += 1) {
      rows.push({
        sku: `BENCH-${String(i + 1).padStart(8, '0')}`,
        name: `Product ${i + 1} ${pick(['mug', 'plate', 'lamp', 'chair', 'cable', 'book', 'towel', 'tent'])}`,
        description: `Benchmark product number ${i + 1}`,
        price_cents: 100 + Math.floor(rand() * 50_000),
        stock_quantity: 100_000,
        category_id: pick(categoryIds),
        active: 1,
        created_at: now,
        updated_at: now,
      });
    }
    productIds.push(...(await insertProductsWithInitialStock(db, rows)));
  }
  options.log(`  products ${productIds.length}`);

  const passwordHash = await hashPassword(BENCH_PASSWORD, options.bcryptCost);
  const userIds: number[] = [];
  for (let start = 0; start < size.users; start += BATCH) {
    const rows: Insertable<UsersTable>[] = [];
    for (let i = start; i < Math.min(size.users, start + BATCH); i += 1) {
      const username = `bench_user_${i + 1}`;
      rows.push({ username, email: `${username}@bench.example.com`, password_hash: passwordHash, role: i === 0 ? 'admin' : 'user', active: 1, created_at: now, updated_at: now });
    }
    userIds.push(...(await db.insertInto('users').values(rows).returning('id').execute()).map((u) => u.id));
  }
  options.log(`  users ${userIds.length}`);
  await loadSessionHistory(db, userIds);

  const fates: OrderStatus[] = ['pending', 'paid', 'shipped', 'delivered', 'delivered', 'delivered', 'cancelled'];
  const adminId = userIds[0] ?? 1;
  const ORDERS_PER_TRANSACTION = 50;
  let next = 0;
  let placed = 0;
  const worker = async () => {
    while (next < size.orders) {
      const count = Math.min(ORDERS_PER_TRANSACTION, size.orders - next);
      next += count;
      // Many orders per transaction, and no wait for the WAL flush: the load is fast, the data the same.
      // Batches lock products in no global order, so PostgreSQL may pick one as a deadlock victim: retry it.
      const batch = Array.from({ length: count }, () => {
        const first = pick(productIds);
        let second = pick(productIds);
        if (second === first) second = productIds[(productIds.indexOf(first) + 1) % productIds.length] ?? first;
        const lines = [...new Set([first, second])].map((id) => ({ product_id: id, quantity: 1 + Math.floor(rand() * 3) }));
        const fate = pick(fates);
        const path: OrderStatus[] =
          fate === 'cancelled' ? ['cancelled'] : (['paid', 'shipped', 'delivered'] as const).slice(0, ['pending', 'paid', 'shipped', 'delivered'].indexOf(fate));
        return { userId: pick(userIds), lines, path };
      });
      await withDeadlockRetry(() =>
        db.transaction().execute(async (trx) => {
          if (dialect === 'postgres') {
            await sql`set local synchronous_commit = off`.execute(trx);
            // Lock the batch's products up front in id order, so concurrent batches never wait in a cycle.
            const ids = [...new Set(batch.flatMap((order) => order.lines.map((line) => line.product_id)))].sort((a, b) => a - b);
            await trx.selectFrom('products').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
          }
          for (const order of batch) {
            const placedOrder = await placeOrder(trx, order.userId, order.lines);
            for (const to of order.path) await applyTransition(trx, dialect, placedOrder.order.id, { to, actorId: adminId });
          }
        }),
      );
      placed += count;
      if (placed % 20_000 < count) options.log(`  orders ${placed}/${size.orders}`);
    }
  };
  await Promise.all(Array.from({ length: dialect === 'postgres' ? options.concurrency : 1 }, worker));
  options.log(`  orders ${placed}`);
  // The notifications of a loaded history were delivered long ago.
  await markBacklogDelivered(db);
  return { categoryIds, productIds, userIds };
}

/**
 * Marks every pending notification delivered, returning how many there were. A backlog (a loaded history,
 * or the orders an earlier run placed) would be drained by the server's outbox worker during the next
 * scenarios, charging them for its work.
 */
export async function markBacklogDelivered(db: Kysely<Database>): Promise<number> {
  const result = await db.updateTable('outbox').set({ delivered_at: new Date().toISOString() }).where('delivered_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
