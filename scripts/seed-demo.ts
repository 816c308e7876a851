/**
 * `npm run seed:demo [-- --products 300 --users 20 --orders 200]`
 * Loads a realistic demo store into the configured database through the project's own query and
 * order code: a category tree, products with their initial stock in the ledger, accounts and orders.
 */
import { parseArgs } from 'node:util';
import { picker, seededRandom } from './seeded-random.js';
import type { Insertable, Kysely } from 'kysely';
import { hashPassword } from '../src/auth/passwords.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/database/connection.js';
import { migrateToLatest } from '../src/database/migrate.js';
import type { Database, OrderStatus, ProductsTable, Role, UsersTable } from '../src/database/schema.js';
import { insertCategory } from '../src/queries/categories.js';
import { insertProductsWithInitialStock } from '../src/queries/products.js';
import { placeOrder, transitionOrderStatus } from '../src/services/orders.js';
import type { Dialect } from '../src/database/connection.js';

export const DEMO_PASSWORD = 'demo-password';

export interface SeedOptions {
  products: number;
  users: number;
  orders: number;
  bcryptCost: number;
  log?: (message: string) => void;
}

export interface SeedResult {
  categoryIds: number[];
  productIds: number[];
  userIds: number[];
  orderIds: number[];
}


const DEPARTMENTS: Record<string, string[]> = {
  Kitchen: ['Mugs', 'Plates', 'Cutlery', 'Cookware', 'Storage'],
  Garden: ['Tools', 'Planters', 'Seeds', 'Furniture'],
  Office: ['Paper', 'Pens', 'Desks', 'Lighting'],
  Electronics: ['Cables', 'Audio', 'Chargers', 'Keyboards', 'Monitors'],
  Outdoors: ['Tents', 'Backpacks', 'Bottles'],
  Toys: ['Puzzles', 'Blocks', 'Board games'],
  Books: ['Cooking', 'Travel', 'Children', 'Technical'],
  Bathroom: ['Towels', 'Soap', 'Mirrors'],
};
const ADJECTIVES = ['Blue', 'Compact', 'Deluxe', 'Eco', 'Classic', 'Large', 'Small', 'Bamboo', 'Steel', 'Ceramic', 'Travel', 'Premium'];
const BATCH = 500;

export async function seedDemo(db: Kysely<Database>, dialect: Dialect, options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => undefined);
  const rand = seededRandom(20261125);
  const pick = picker(rand);
  const now = new Date().toISOString();

  const leafIds: number[] = [];
  const categoryIds: number[] = [];
  for (const [department, leaves] of Object.entries(DEPARTMENTS)) {
    const parent = await insertCategory(db, { name: department, description: `Everything for ${department.toLowerCase()}`, parent_id: null });
    categoryIds.push(parent.id);
    for (const leaf of leaves) {
      const child = await insertCategory(db, { name: leaf, description: null, parent_id: parent.id });
      categoryIds.push(child.id);
      leafIds.push(child.id);
    }
  }
  log(`categories: ${categoryIds.length}`);

  const productIds: number[] = [];
  for (let start = 0; start < options.products; start += BATCH) {
    const rows: Insertable<ProductsTable>[] = [];
    for (let i = start; i < Math.min(options.products, start + BATCH); i += 1) {
      const adjective = pick(ADJECTIVES);
      rows.push({
        sku: `DEMO-${String(i + 1).padStart(7, '0')}`,
        name: `${adjective} item ${i + 1}`,
        description: `A ${adjective.toLowerCase()} thing from the demo catalog`,
        price_cents: 99 + Math.floor(rand() * 20000),
        stock_quantity: 20 + Math.floor(rand() * 500),
        category_id: pick(leafIds),
        active: 1 as const,
        created_at: now,
        updated_at: now,
      });
    }
    productIds.push(...(await insertProductsWithInitialStock(db, rows)));
  }
  log(`products: ${productIds.length}`);

  const passwordHash = await hashPassword(DEMO_PASSWORD, options.bcryptCost);
  const userIds: number[] = [];
  for (let start = 0; start < options.users; start += BATCH) {
    const rows: Insertable<UsersTable>[] = [];
    for (let i = start; i < Math.min(options.users, start + BATCH); i += 1) {
      const role: Role = i === 0 ? 'admin' : i <= 2 ? 'manager' : 'user';
      const username = i === 0 ? 'demo_admin' : `demo_${role}_${i}`;
      rows.push({ username, email: `${username}@demo.example.com`, password_hash: passwordHash, role, active: 1 as const, created_at: now, updated_at: now });
    }
    const inserted = await db.insertInto('users').values(rows).returning('id').execute();
    userIds.push(...inserted.map((u) => u.id));
  }
  log(`users: ${userIds.length} (password for all: ${DEMO_PASSWORD})`);

  const customers = userIds.slice(3).length > 0 ? userIds.slice(3) : userIds;
  const staffId = userIds[0] ?? 0;
  const orderIds: number[] = [];
  const fates: OrderStatus[] = ['pending', 'paid', 'shipped', 'delivered', 'delivered', 'cancelled'];
  for (let i = 0; i < options.orders; i += 1) {
    const lineCount = 1 + Math.floor(rand() * 3);
    const chosen = new Set<number>();
    while (chosen.size < lineCount && chosen.size < productIds.length) chosen.add(pick(productIds));
    const lines = [...chosen].map((productId) => ({ product_id: productId, quantity: 1 + Math.floor(rand() * 3) }));
    try {
      const placed = await db.transaction().execute((trx) => placeOrder(trx, pick(customers), lines));
      orderIds.push(placed.order.id);
      const fate = pick(fates);
      const path: OrderStatus[] =
        fate === 'cancelled' ? ['cancelled'] : (['paid', 'shipped', 'delivered'] as OrderStatus[]).slice(0, ['pending', 'paid', 'shipped', 'delivered'].indexOf(fate));
      for (const to of path) await transitionOrderStatus(db, dialect, placed.order.id, { to, actorId: staffId });
    } catch {
      // A line ran out of stock: a real shop turns such orders away too.
    }
    if ((i + 1) % 1000 === 0) log(`orders: ${i + 1}/${options.orders}`);
  }
  log(`orders: ${orderIds.length}`);
  return { categoryIds, productIds, userIds, orderIds };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      products: { type: 'string', default: '300' },
      users: { type: 'string', default: '20' },
      orders: { type: 'string', default: '200' },
    },
  });
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(1);
  }
  const database = connectDatabase(config.database);
  try {
    await migrateToLatest(database.db, database.schema);
    const existing = await database.db.selectFrom('products').select('id').where('sku', 'like', 'DEMO-%').limit(1).executeTakeFirst();
    if (existing) {
      console.log('Demo data is already loaded; nothing to do.');
      return;
    }
    await seedDemo(database.db, database.dialect, {
      products: Number(values.products),
      users: Number(values.users),
      orders: Number(values.orders),
      bcryptCost: config.bcryptCost,
      log: (message) => {
        console.log(message);
      },
    });
    console.log(`Demo store loaded. Log in as demo_admin@demo.example.com / ${DEMO_PASSWORD}.`);
  } finally {
    await database.destroy();
  }
}

if (process.argv[1]?.endsWith('seed-demo.ts') || process.argv[1]?.endsWith('seed-demo.js')) {
  await main();
}
