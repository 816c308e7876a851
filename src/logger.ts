import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/** Keys whose values never reach a log line, at any depth of a line's own objects (compared lower-cased). */
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
const MAX_DEPTH = 4;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * `value` with every secret key's value replaced, copying only the objects that hold one. Class instances
 * (the request, errors) are left to their serializers, which write only named fields.
 */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    let copy: unknown[] | undefined;
    items.forEach((item, index) => {
      const scrubbed = withoutSecrets(item, depth + 1);
      if (scrubbed !== item) (copy ??= [...items])[index] = scrubbed;
    });
    return copy ?? items;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const scrubbed = SECRET_KEYS.has(key.toLowerCase()) && item !== undefined ? CENSORED : withoutSecrets(item, depth + 1);
    if (scrubbed !== item) (copy ??= { ...value })[key] = scrubbed;
  }
  return copy ?? value;
}

export function loggerOptions(config: Pick<Config, 'logLevel'>): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level: config.logLevel,
    // Not pino's `redact`: its wildcard paths cloned and re-serialized every value of every line, a tenth
    // of a cached read's CPU; this walks the line's own plain objects and copies only what it censors.
    formatters: { log: (object: Record<string, unknown>) => withoutSecrets(object) as Record<string, unknown> },
    serializers: {
      req(request: { method: string; url: string; ip?: string; headers: Record<string, unknown>; principal?: { userId: number } }) {
        return {
          method: request.method,
          url: request.url,
          remote_address: request.ip,
          user_agent: request.headers['user-agent'],
          user_id: request.principal?.userId,
        };
      },
    },
  };
}
