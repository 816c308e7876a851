import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers on every response. The middleware is built once here; @fastify/helmet builds
 * a new one (parsing every CSP directive again) for each request, which cost about a tenth of a simple GET.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const applyHeaders = helmet(options);
  app.addHook('onRequest', (request, reply, done) => {
    applyHeaders(request.raw, reply.raw, (error?: unknown) => {
      done(error === undefined || error instanceof Error ? error : new Error('helmet failed'));
    });
  });
}
