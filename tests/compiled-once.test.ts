/** Queries compiled once and run with new arguments answer as the same query built afresh would. */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from '../src/database/compiled-once.js';
import type { DatabaseHandle } from '../src/database/connection.js';
import { migrateToLatest } from '../src/database/migrate.js';
import type { Database } from '../src/database/schema.js';
import { createTestDatabase } from './helpers/database.js';

type Db = Kysely<Database>;

describe('compiledOnce', () => {
  let database: DatabaseHandle;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await migrateToLatest(db, database.schema);
    const now = new Date().toISOString();
    await db
      .insertInto('products')
      .values(
        ['A', 'B', 'C'].map((sku, i) => ({
          sku,
          name: `Product ${sku}`,
          price_cents: 100 * (i + 1),
          stock_quantity: i,
          active: i === 1 ? 0 : 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  });
  afterAll(async () => {
    await database.destroy();
  });

  const bySkuAndActive = compiledOnce((db: Db, sku: string, active: number) =>
    db.selectFrom('products').select(['sku', 'price_cents']).where('sku', '=', sku).where('active', '=', active).where('price_cents', '>', 0),
  );

  it('binds each call’s own arguments into the statement it compiled the first time', async () => {
    expect(await bySkuAndActive(db, 'A', 1)).toEqual([{ sku: 'A', price_cents: 100 }]);
    expect(await bySkuAndActive(db, 'B', 0)).toEqual([{ sku: 'B', price_cents: 200 }]);
    expect(await bySkuAndActive(db, 'B', 1)).toEqual([]);
    expect(await bySkuAndActive(db, 'C', 1)).toEqual([{ sku: 'C', price_cents: 300 }]);
  });

  it('keeps the constants the query holds beside the arguments', async () => {
    const cheaperThan = compiledOnce((db: Db, limit: number) =>
      db.selectFrom('products').select('sku').where('active', '=', 1).where('price_cents', '<', limit).orderBy('sku'),
    );
    expect(await cheaperThan(db, 250)).toEqual([{ sku: 'A' }]);
    expect(await cheaperThan(db, 1000)).toEqual([{ sku: 'A' }, { sku: 'C' }]);
  });

  it('answers concurrent calls each with its own arguments', async () => {
    const skus = ['A', 'C', 'A', 'C', 'B'];
    const results = await Promise.all(skus.map((sku) => bySkuAndActive(db, sku, sku === 'B' ? 0 : 1)));
    expect(results.map((rows) => rows[0]?.sku)).toEqual(skus);
  });

  it('runs inside a transaction on that transaction’s connection', async () => {
    const skuOf = compiledOnce((db: Db, sku: string) => db.selectFrom('products').select('name').where('sku', '=', sku));
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('products').set({ name: 'Renamed' }).where('sku', '=', 'C').execute();
      expect(await skuOf(trx, 'C')).toEqual([{ name: 'Renamed' }]);
      await trx.updateTable('products').set({ name: 'Product C' }).where('sku', '=', 'C').execute();
    });
    expect(await skuOf(db, 'C')).toEqual([{ name: 'Product C' }]);
  });

  it('refuses a query that does not use an argument as a plain parameter', async () => {
    const formatted = compiledOnce((db: Db, sku: string) => db.selectFrom('products').select('sku').where('sku', 'like', `${sku}%`));
    await expect(formatted(db, 'A')).rejects.toThrow(/argument 0 is not a plain parameter/);
  });
});
