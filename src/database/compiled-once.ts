import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Stands in for a value while the query is compiled; where it lands in the parameters, the value goes. */
class Placeholder {
  constructor(
    readonly key: string | number,
    readonly index?: number,
  ) {}
}

interface Compiled<Row> {
  query: CompiledQuery<Row>;
  /** Each parameter: a value's placeholder, or a constant the query itself holds. */
  slots: readonly (Placeholder | { constant: unknown })[];
}

function compile<Row>(built: Compilable<Row>, placeholders: readonly Placeholder[]): Compiled<Row> {
  const query = built.compile();
  const slots = query.parameters.map((value) => (value instanceof Placeholder ? value : { constant: value }));
  for (const placeholder of placeholders) {
    if (!slots.includes(placeholder)) {
      const name =
        typeof placeholder.key === 'number'
          ? `argument ${String(placeholder.key)}`
          : `value ${placeholder.key}${placeholder.index === undefined ? '' : `[${String(placeholder.index)}]`}`;
      throw new Error(`compiled query: ${name} is not a plain parameter of: ${query.sql}`);
    }
  }
  return { query, slots };
}

/** Arguments by position, or values by name. */
type Given = readonly unknown[] | Readonly<Record<string, unknown>>;

function valueAt(values: Given, slot: Placeholder): unknown {
  const value = (values as Readonly<Record<string | number, unknown>>)[slot.key];
  return slot.index === undefined ? value : (value as readonly unknown[])[slot.index];
}

async function run<Row>(db: Kysely<Database>, compiled: Compiled<Row>, values: Given): Promise<Row[]> {
  const parameters = compiled.slots.map((slot) => (slot instanceof Placeholder ? valueAt(values, slot) : slot.constant));
  const { rows } = await db.executeQuery<Row>({ ...compiled.query, parameters, queryId: createQueryId() });
  return rows;
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
  return (db, ...args) => {
    let compiled = cache.get(db);
    if (!compiled) {
      const placeholders = args.map((_, index) => new Placeholder(index));
      try {
        compiled = compile(build(db, ...(placeholders as unknown as Args)), placeholders);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      cache.set(db, compiled);
    }
    return run(db, compiled, args);
  };
}

/** A shape's key for `compiledByShape`: all of it, as JSON, so no field that changes the SQL can be left out. */
export function jsonShapeKey(shape: unknown): string {
  return JSON.stringify(shape);
}

/** Compiled shapes kept per query and database handle; a query asked for more shapes builds the rest each time. */
export const MAX_SHAPES = 256;

/**
 * A query whose SQL depends on a `shape` (the columns, the sort, fixed conditions) and on which `values`
 * are given, and whose values only fill its parameters: compiled once per shape, set of values given and
 * array length, per database handle, then run with each call's values. A value left undefined is not
 * given; an array stands for one parameter per element (an `in` list). `build` may branch on `shape`, on
 * whether a value is given and on an array's length, and must use the values only as values compared,
 * inserted or listed, never format them or branch on what they hold: a value that does not reach the
 * parameters unchanged fails the call that compiles it. `key` must tell apart every two shapes that build
 * different SQL.
 */
export function compiledByShape<Shape, Values extends Record<string, unknown>, Row>(
  key: (shape: Shape) => string,
  build: (db: Kysely<Database>, shape: Shape, values: Values) => Compilable<Row>,
): (db: Kysely<Database>, shape: Shape, values: Values) => Promise<Row[]> {
  const caches = new WeakMap<Kysely<Database>, Map<string, Compiled<Row>>>();
  return async (db, shape, values) => {
    let shapeKey = `${key(shape)}|`;
    for (const name in values) {
      const value = values[name];
      if (value !== undefined) shapeKey += Array.isArray(value) ? `${name}:${String(value.length)},` : `${name},`;
    }
    let cache = caches.get(db);
    if (!cache) {
      cache = new Map();
      caches.set(db, cache);
    }
    let compiled = cache.get(shapeKey);
    if (!compiled) {
      const placeholders: Placeholder[] = [];
      const standIns: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) {
          const elements = value.map((_, index) => new Placeholder(name, index));
          placeholders.push(...elements);
          standIns[name] = elements;
        } else {
          const standIn = new Placeholder(name);
          placeholders.push(standIn);
          standIns[name] = standIn;
        }
      }
      compiled = compile(build(db, shape, standIns as Values), placeholders);
      if (cache.size < MAX_SHAPES) cache.set(shapeKey, compiled);
    }
    return await run(db, compiled, values);
  };
}
