/** Queries compiled once and run with new arguments answer as the same query built afresh would. */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledByShape, compiledOnce, MAX_SHAPES } from '../src/database/compiled-once.js';
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

  describe('compiledByShape', () => {
    type Values = { skus: string[] | undefined; minPrice: number | undefined };
    const products = compiledByShape(
      (shape: { active: boolean }) => String(shape.active),
      (db: Db, shape: { active: boolean }, values: Values) => {
        let query = db.selectFrom('products').select('sku').where('active', '=', shape.active ? 1 : 0);
        if (values.skus !== undefined) query = query.where('sku', 'in', values.skus);
        if (values.minPrice !== undefined) query = query.where('price_cents', '>=', values.minPrice);
        return query.orderBy('sku');
      },
    );
    const skus = async (rows: Promise<{ sku: string }[]>) => (await rows).map((row) => row.sku);

    it('compiles one statement per shape, per set of values given and per list length, each bound to the call’s values', async () => {
      expect(await skus(products(db, { active: true }, { skus: undefined, minPrice: undefined }))).toEqual(['A', 'C']);
      expect(await skus(products(db, { active: false }, { skus: undefined, minPrice: undefined }))).toEqual(['B']);
      expect(await skus(products(db, { active: true }, { skus: undefined, minPrice: 150 }))).toEqual(['C']);
      expect(await skus(products(db, { active: true }, { skus: undefined, minPrice: 50 }))).toEqual(['A', 'C']);
      expect(await skus(products(db, { active: true }, { skus: ['A'], minPrice: undefined }))).toEqual(['A']);
      expect(await skus(products(db, { active: true }, { skus: ['C'], minPrice: undefined }))).toEqual(['C']);
      expect(await skus(products(db, { active: true }, { skus: ['A', 'C'], minPrice: 200 }))).toEqual(['C']);
      expect(await skus(products(db, { active: true }, { skus: ['A', 'B', 'C'], minPrice: 0 }))).toEqual(['A', 'C']);
      expect(await skus(products(db, { active: true }, { skus: ['B', 'C', 'A'], minPrice: 0 }))).toEqual(['A', 'C']);
    });

    it(`answers rightly past ${String(MAX_SHAPES)} shapes, building the ones it does not keep`, async () => {
      const many = compiledByShape(
        (shape: number) => String(shape),
        (db: Db, shape: number, values: { sku: string }) => db.selectFrom('products').select(['sku', 'price_cents']).where('sku', '=', values.sku).where('price_cents', '>', shape),
      );
      for (let shape = 0; shape < MAX_SHAPES + 5; shape += 1) {
        expect(await many(db, shape, { sku: 'C' })).toEqual(shape < 300 ? [{ sku: 'C', price_cents: 300 }] : []);
      }
      expect(await many(db, MAX_SHAPES + 3, { sku: 'A' })).toEqual([]);
      expect(await many(db, 50, { sku: 'A' })).toEqual([{ sku: 'A', price_cents: 100 }]);
    });

    it('refuses a query that formats a value instead of passing it as a parameter', async () => {
      const formatted = compiledByShape(
        () => '',
        (db: Db, _shape: null, values: { prefix: string }) => db.selectFrom('products').select('sku').where('sku', 'like', `${values.prefix}%`),
      );
      await expect(formatted(db, null, { prefix: 'A' })).rejects.toThrow(/value prefix is not a plain parameter/);
    });
  });
});
