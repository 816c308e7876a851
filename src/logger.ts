import type { FastifyServerOptions } from 'fastify';
import { stdSerializers } from 'pino';
import type { Config } from './config.js';

/** Keys whose values never reach a log line, wherever a line's objects hold them (compared lower-cased). */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
  'password',
  'current_password',
  'new_password',
  'password_hash',
  'access_token',
  'refresh_token',
  'csrf_token',
  'token',
]);
export const CENSORED = '[redacted]';
/** Top-level keys whose serializers run after the log formatter; they scrub or name fields themselves. */
const SERIALIZED_KEYS: ReadonlySet<string> = new Set(['req', 'res', 'err']);

function writesItself(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** The fields of `record` with secrets censored (skipping `skip`), or `record` itself when it holds none. */
function scrubFields(record: Record<string, unknown>, seen: WeakSet<object>, skip?: ReadonlySet<string>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    if (skip?.has(key)) continue;
    const item = record[key];
    const scrubbed = SECRET_KEYS.has(key.toLowerCase()) && item !== undefined ? CENSORED : scrub(item, seen);
    if (scrubbed !== item) (copy ??= { ...record })[key] = scrubbed;
  }
  return copy ?? record;
}

function scrub(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object' || seen.has(value) || writesItself(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    let copy: unknown[] | undefined;
    items.forEach((item, index) => {
      const scrubbed = scrub(item, seen);
      if (scrubbed !== item) (copy ??= [...items])[index] = scrubbed;
    });
    return copy ?? items;
  }
  // Own enumerable keys are what JSON.stringify writes, for class instances as for plain objects.
  return scrubFields(value as Record<string, unknown>, seen);
}

/**
 * `value` with every secret key's value replaced, at any depth, copying only the objects that hold one
 * (a copy is a plain object with the same own enumerable fields, which is all a log line writes).
 */
export function withoutSecrets(value: unknown): unknown {
  return scrub(value, new WeakSet());
}

/** A log line's own fields scrubbed, leaving the request, reply and error to their serializers. */
function scrubLine(line: Record<string, unknown>): Record<string, unknown> {
  return scrubFields(line, new WeakSet(), SERIALIZED_KEYS);
}

type RequestForLog = { method: string; url: string; ip?: string; headers: Record<string, unknown>; principal?: { userId: number } };

export function loggerOptions(config: Pick<Config, 'logLevel'>): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level: config.logLevel,
    // Not pino's `redact`: its wildcard paths cloned and re-serialized every value of every line, a tenth
    // of a cached read's CPU. This walks only what a line holds and copies only what it censors. Child
    // loggers' bindings are not walked (pino applies no formatter to them): bind ids, never credentials.
    formatters: { log: scrubLine },
    serializers: {
      req(request: RequestForLog) {
        return {
          method: request.method,
          url: request.url,
          remote_address: request.ip,
          user_agent: request.headers['user-agent'],
          user_id: request.principal?.userId,
        };
      },
      // pino's own error serializer copies every enumerable property an error carries.
      err: (error: Error) => withoutSecrets(stdSerializers.err(error)) as ReturnType<typeof stdSerializers.err>,
    },
  };
}
