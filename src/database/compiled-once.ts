import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Stands in for argument `index` while the query is compiled; where it lands in the parameters, the argument goes. */
class Placeholder {
  constructor(readonly index: number) {}
}

interface Compiled<Row> {
  query: CompiledQuery<Row>;
  /** Each parameter: the argument at that index, or a constant the query itself holds. */
  slots: readonly (Placeholder | { constant: unknown })[];
}

function compile<Row>(build: (placeholders: Placeholder[]) => Compilable<Row>, arity: number): Compiled<Row> {
  const placeholders = Array.from({ length: arity }, (_, index) => new Placeholder(index));
  const query = build(placeholders).compile();
  const slots = query.parameters.map((value) => (value instanceof Placeholder ? value : { constant: value }));
  for (const placeholder of placeholders) {
    if (!slots.includes(placeholder)) {
      throw new Error(`compiledOnce: argument ${String(placeholder.index)} is not a plain parameter of: ${query.sql}`);
    }
  }
  return { query, slots };
}

/**
 * A query built and compiled once per database handle, then run with new argument values each call (a
 * transaction is a handle of its own, so inside one the query is compiled once per transaction).
 * Kysely rebuilds its immutable query tree and recompiles it on every execution, which for a primary-key
 * lookup costs the server more CPU than PostgreSQL spends answering it; the statements on every request's
 * path (the session check, a product by id) use this instead (see the README's benchmark section).
 *
 * `build` runs once, with placeholders for the arguments: it must use them only as values compared or
 * inserted, never branch on them, format them or spread them into lists. An argument that does not
 * reach the parameters unchanged fails the first call.
 */
export function compiledOnce<Args extends unknown[], Row>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): (db: Kysely<Database>, ...args: Args) => Promise<Row[]> {
  const cache = new WeakMap<Kysely<Database>, Compiled<Row>>();
  return async (db, ...args) => {
    let compiled = cache.get(db);
    if (!compiled) {
      compiled = compile((placeholders) => build(db, ...(placeholders as unknown as Args)), args.length);
      cache.set(db, compiled);
    }
    const parameters = compiled.slots.map((slot) => (slot instanceof Placeholder ? args[slot.index] : slot.constant));
    const { rows } = await db.executeQuery<Row>({ ...compiled.query, parameters, queryId: createQueryId() });
    return rows;
  };
}
