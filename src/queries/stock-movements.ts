import type { Kysely } from 'kysely';
import type { Database, StockMovementReason, StockMovementRow } from '../database/schema.js';

type Db = Kysely<Database>;

export interface NewStockMovement {
  product_id: number;
  delta: number;
  reason: StockMovementReason;
  order_id?: number | null;
  user_id: number | null;
  note?: string | null;
}

export function insertStockMovement(db: Db, movement: NewStockMovement): Promise<StockMovementRow> {
  return db
    .insertInto('stock_movements')
    .values({ ...movement, created_at: new Date().toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertStockMovements(db: Db, movements: NewStockMovement[]): Promise<void> {
  if (movements.length === 0) return;
  const now = new Date().toISOString();
  await db
    .insertInto('stock_movements')
    .values(movements.map((m) => ({ ...m, created_at: now })))
    .execute();
}

export async function listStockMovements(db: Db, productId: number, limit: number, offset: number): Promise<{ rows: StockMovementRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.selectFrom('stock_movements').selectAll().where('product_id', '=', productId).orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    db
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('product_id', '=', productId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.count };
}
