/**
 * fast-check arbitraries derived from the JSON Schemas in openapi.yaml: values a schema accepts and
 * values it refuses (each broken in one way). Only the subset of JSON Schema the spec uses is covered.
 *
 * Every arbitrary is checked against the schema with Ajv configured as the server configures it
 * (Ajv 2020, formats; no coercion for bodies, coercion for text parts), so a "valid" value is one the
 * server's validation accepts and an "invalid" one is one it must refuse.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { resolveRef } from './operations.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface JsonSchema {
  $ref?: string;
  type?: JsonType | JsonType[];
  enum?: Json[];
  const?: Json;
  not?: JsonSchema;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
}

export interface GenOptions {
  /** Extra values to mix in for a property or parameter of this name (ids of the caller, known emails…). */
  hints?: Readonly<Record<string, fc.Arbitrary<Json>>>;
  /** Printable ASCII only (header values). */
  ascii?: boolean;
}

/** Ids in 1..SMALL_ID hit the rows the fuzz suite seeds; larger ones mostly miss. */
export const SMALL_ID = 40;
const MAX_ITEMS = 5;
const INT32_MAX = 2147483647;

/** The schema with every `$ref` inlined (the request schemas of the spec are not recursive). */
export function deref(schema: unknown, depth = 0): JsonSchema {
  if (depth > 20) throw new Error('schema nests too deeply (recursive $ref?)');
  const node = resolveRef(schema as JsonSchema);
  const out: JsonSchema = { ...node };
  delete out.$ref;
  if (node.not) out.not = deref(node.not, depth + 1);
  if (node.items) out.items = deref(node.items, depth + 1);
  if (node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, deref(v, depth + 1)]));
  }
  if (typeof node.additionalProperties === 'object') out.additionalProperties = deref(node.additionalProperties, depth + 1);
  return out;
}

function makeAjv(coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: false, coerceTypes: coerce ? 'array' : false, useDefaults: true });
  addFormats.default(ajv);
  return ajv;
}
const bodyAjv = makeAjv(false);
const textAjv = makeAjv(true);
const bodyValidators = new WeakMap<object, ValidateFunction>();
const textValidators = new WeakMap<object, ValidateFunction>();

/** Whether a JSON value (a body) is valid against the schema, as the server validates bodies. */
export function isValidJson(schema: unknown, value: Json): boolean {
  const key = schema as object;
  let validate = bodyValidators.get(key);
  if (!validate) {
    validate = bodyAjv.compile(deref(schema));
    bodyValidators.set(key, validate);
  }
  // Validate a copy: useDefaults would otherwise add defaults to the value we are about to send.
  return validate(structuredClone(value));
}

/** Whether a raw text value (path, query or header) is valid against the schema, coerced as the server coerces. */
export function isValidText(schema: unknown, raw: string): boolean {
  const key = schema as object;
  let validate = textValidators.get(key);
  if (!validate) {
    validate = textAjv.compile({ type: 'object', properties: { v: deref(schema) }, required: ['v'] });
    textValidators.set(key, validate);
  }
  return validate({ v: raw });
}

function typesOf(schema: JsonSchema): JsonType[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return ['string', 'integer', 'boolean', 'null'];
}

const stringArb = (minLength: number, maxLength: number, ascii: boolean): fc.Arbitrary<string> =>
  ascii
    ? fc.string({ unit: 'grapheme-ascii', minLength, maxLength })
    : fc.oneof(
        { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength, maxLength }) },
        // Any code point, NUL and control characters included.
        { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength, maxLength }) },
      );

/** Integers biased towards small values (which hit seeded rows), with the whole range still reachable. */
export function integerArb(minimum = -INT32_MAX - 1, maximum = INT32_MAX): fc.Arbitrary<number> {
  const full = fc.integer({ min: minimum, max: maximum });
  const lo = Math.max(minimum, -SMALL_ID);
  const hi = Math.min(maximum, SMALL_ID);
  if (lo > hi) return full;
  return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: lo, max: hi }) }, { weight: 1, arbitrary: full });
}

const simpleEmail = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9._-]{0,11}[a-z0-9]$/), fc.constantFrom('example.com', 'example.org', 'shop.test'))
  .map(([local, domain]) => `${local}@${domain}`);

/** RFC 3339 instants in several valid spellings: Z, an offset, whole seconds, lowercase separators. */
const dateTimeArb = fc
  .tuple(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), fc.integer({ min: 0, max: 4 }))
  .map(([date, spelling]) => {
    const iso = date.toISOString();
    switch (spelling) {
      case 1:
        return iso.replace(/\.\d{3}Z$/, 'Z');
      case 2:
        return iso.replace('Z', '+00:00');
      case 3:
        return iso.replace('Z', '+05:30');
      case 4:
        return iso.toLowerCase();
      default:
        return iso;
    }
  });

function withHint(name: string | undefined, arb: fc.Arbitrary<Json>, options: GenOptions): fc.Arbitrary<Json> {
  const hint = name === undefined ? undefined : options.hints?.[name];
  return hint ? fc.oneof(hint, arb) : arb;
}

function validOfType(schema: JsonSchema, type: JsonType, options: GenOptions): fc.Arbitrary<Json> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const arb = integerArb(schema.minimum, schema.maximum);
      const forbidden = schema.not?.const;
      return forbidden === undefined ? arb : arb.filter((n) => n !== forbidden);
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case 'string': {
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
      // JSON Schema lengths count code points, as Ajv does.
      const fits = (s: string) => Array.from(s).length >= min && Array.from(s).length <= max;
      if (schema.format === 'email') return fc.oneof(simpleEmail, fc.emailAddress()).filter(fits);
      if (schema.format === 'date-time') return dateTimeArb;
      if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
      return stringArb(min, Math.min(max, min + 24), options.ascii === true);
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.max(min, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS));
      return fc.array(build(schema.items ?? {}, options), { minLength: min, maxLength: max });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const model: Record<string, fc.Arbitrary<Json>> = {};
      for (const [key, sub] of Object.entries(properties)) model[key] = withHint(key, build(sub, options), options);
      const requiredKeys = (schema.required ?? []).filter((key) => key in properties);
      const arb: fc.Arbitrary<Record<string, Json>> = fc.record(model, { requiredKeys, noNullPrototype: true });
      const minProperties = schema.minProperties ?? 0;
      return arb.filter((o) => Object.keys(o).length >= minProperties);
    }
  }
}

function build(schema: JsonSchema, options: GenOptions): fc.Arbitrary<Json> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = typesOf(schema);
  const arbs = types.map((type) => validOfType(schema, type, options));
  return arbs.length === 1 && arbs[0] ? arbs[0] : fc.oneof(...arbs);
}

/** JSON values the schema accepts. `name` applies a hint of that name at the top level too. */
export function validJson(schema: unknown, options: GenOptions = {}, name?: string): fc.Arbitrary<Json> {
  const resolved = deref(schema);
  return withHint(name, build(resolved, options), options).filter((value) => isValidJson(schema, value));
}

/** A value of some other JSON type than the schema wants (it may still be valid; callers filter). */
const anyOtherType: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 50 }),
  fc.constantFrom(1.5, -0.25, 1e300),
  fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
  fc.constantFrom('1', 'true', ''),
  fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }),
  fc.constant({}),
);

function omit(value: Json, key: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
}

function setKey(value: Json, key: string, replacement: Json): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return { ...value, [key]: replacement };
}

/** Candidates that break the schema in one way; not yet filtered to the really invalid ones. */
function breakers(schema: JsonSchema, options: GenOptions): fc.Arbitrary<Json>[] {
  const types = typesOf(schema);
  const out: fc.Arbitrary<Json>[] = [anyOtherType];
  if (schema.enum) out.push(fc.constantFrom('root', 'ADMIN', 'unknown', ''));
  if (schema.not?.const !== undefined) out.push(fc.constant(schema.not.const));
  if (types.includes('string')) {
    if (schema.maxLength !== undefined) {
      const max = schema.maxLength;
      out.push(fc.integer({ min: max + 1, max: max + 5 }).map((n) => 'x'.repeat(n)));
    }
    if (schema.minLength !== undefined && schema.minLength > 0) out.push(fc.string({ unit: 'grapheme-ascii', maxLength: schema.minLength - 1 }));
    if (schema.pattern !== undefined) {
      const re = new RegExp(schema.pattern, 'u');
      out.push(stringArb(1, 12, options.ascii === true).filter((s) => !re.test(s)));
      out.push(fc.constantFrom('<script>', 'a\u0000b', ' leading space', 'two words'));
    }
    if (schema.format === 'email') out.push(fc.constantFrom('not-an-email', 'a@', '@example.com', 'a b@example.com'));
    if (schema.format === 'date-time') out.push(fc.constantFrom('yesterday', '2024-13-01T00:00:00Z', '2024-01-01', '2024-02-30T00:00:00Z'));
  }
  if (types.includes('integer') || types.includes('number')) {
    if (schema.maximum !== undefined) out.push(fc.integer({ min: schema.maximum + 1, max: schema.maximum + 1000 }));
    if (schema.minimum !== undefined) out.push(fc.integer({ min: schema.minimum - 1000, max: schema.minimum - 1 }));
    if (types.includes('integer')) out.push(fc.constantFrom(1.5, 0.1, -2.75));
  }
  if (types.includes('object') && schema.properties) {
    const properties = schema.properties;
    const keys = Object.keys(properties);
    const valid = build(schema, options);
    const required = schema.required ?? [];
    if (required.length > 0) {
      out.push(fc.tuple(valid, fc.constantFrom(...required)).map(([v, key]) => omit(v, key)));
    }
    if (schema.additionalProperties === false) {
      const unknownKey = fc.oneof(
        fc.constantFrom('role', 'id', 'password_hash', 'isAdmin', 'created_at', '__proto__', 'constructor'),
        fc.stringMatching(/^[a-z_]{1,12}$/),
      );
      out.push(fc.tuple(valid, unknownKey.filter((k) => !keys.includes(k)), anyOtherType).map(([v, key, extra]) => setKey(v, key, extra)));
    }
    if (keys.length > 0) {
      out.push(
        fc
          .tuple(valid, fc.constantFrom(...keys))
          .chain(([v, key]) => fc.oneof(...breakers(properties[key] ?? {}, options)).map((bad) => setKey(v, key, bad))),
      );
    }
    if (schema.minProperties !== undefined && schema.minProperties > 0) out.push(fc.constant({}));
  }
  if (types.includes('array')) {
    const items = schema.items ?? {};
    if (schema.minItems !== undefined && schema.minItems > 0) out.push(fc.constant([]));
    if (schema.maxItems !== undefined) {
      const n = schema.maxItems + 1;
      out.push(fc.array(build(items, options), { minLength: n, maxLength: n }));
    }
    out.push(
      fc
        .tuple(fc.array(build(items, options), { minLength: 1, maxLength: 3 }), fc.nat())
        .chain(([list, at]) => fc.oneof(...breakers(items, options)).map((bad) => list.map((v, i) => (i === at % list.length ? bad : v)))),
    );
  }
  return out;
}

/** JSON values the schema refuses: a valid value broken in one way, or a value of the wrong type. */
export function invalidJson(schema: unknown, options: GenOptions = {}): fc.Arbitrary<Json> {
  return fc.oneof(...breakers(deref(schema), options)).filter((value) => !isValidJson(schema, value));
}

/** How a JSON value is spelled in a path, query string or header. */
export function asText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Text (path, query, header) the schema accepts once coerced. */
export function validText(schema: unknown, options: GenOptions = {}, name?: string): fc.Arbitrary<string> {
  return validJson(schema, options, name)
    .map(asText)
    .filter((raw) => isValidText(schema, raw));
}

/** Text (path, query, header) the schema refuses even after coercion. */
export function invalidText(schema: unknown, options: GenOptions = {}): fc.Arbitrary<string> {
  const resolved = deref(schema);
  const types = typesOf(resolved);
  const candidates: fc.Arbitrary<string>[] = [
    fc.constantFrom('abc', '1.5', '-1', '0', '99999999999', 'null', '%', 'true', ' ', '1e3', '0x10', '١٢'),
    invalidJson(schema, options).map(asText),
  ];
  if (types.includes('integer')) {
    if (resolved.maximum !== undefined) candidates.push(fc.constant(String(resolved.maximum + 1)));
    if (resolved.minimum !== undefined) candidates.push(fc.constant(String(resolved.minimum - 1)));
  }
  if (types.includes('boolean')) candidates.push(fc.constantFrom('maybe', 'yes', '2', 'TRUE '));
  if (options.ascii === true) candidates.push(fc.string({ unit: 'grapheme-ascii', minLength: 101, maxLength: 110 }));
  return fc
    .oneof(...candidates)
    .filter((raw) => (options.ascii === true ? /^[\x20-\x7e]*$/.test(raw) : true))
    .filter((raw) => !isValidText(schema, raw));
}
