import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

function isComputed(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null || !(Symbol.iterator in value)) return false;
  return [...(value as Iterable<unknown>)].some((item) => typeof item === 'function');
}

/** A CSP directive, or one of its values, is a function helmet calls for each request. */
function hasPerRequestDirective(options: Readonly<HelmetOptions>): boolean {
  const policy = options.contentSecurityPolicy;
  return typeof policy === 'object' && Object.values(policy.directives ?? {}).some(isComputed);
}

/**
 * The headers helmet sets for `options`. Without a CSP directive computed per request (a nonce, say;
 * refused here), helmet's output depends only on its options, so it runs once against a recorder and
 * every response gets the recorded headers.
 */
export function securityHeadersFor(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  if (hasPerRequestDirective(options)) throw new Error('securityHeadersFor: a CSP directive computed per request cannot be recorded once');
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      // Fastify never sets X-Powered-By; nothing recorded can be asked to go.
      Reflect.deleteProperty(headers, name.toLowerCase());
    },
  };
  let failure: unknown;
  helmet(options)({} as never, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error('helmet refused its options');
  return Object.freeze(headers);
}

/**
 * Helmet's security headers on every response, errors and unknown routes included. Set through the reply
 * (one object merged when the head is written) rather than by helmet's middleware on each request, which
 * validated and set each of its thirteen headers on the raw response every time.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const headers = securityHeadersFor(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
