import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../database/schema.js';
import { forbidden, unauthorized } from '../errors.js';
import { ACCESS_COOKIE, CSRF_COOKIE } from './cookies.js';
import type { SessionService } from './session-service.js';
import { safeEqual } from './tokens.js';

export interface Principal {
  userId: number;
  role: Role;
  sessionId: string;
  via: 'bearer' | 'cookie';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Thrown by a scheme's handler when the request did not use that scheme; it carries no status of its own. */
export class NotThisScheme extends Error {}

function credentialOf(request: FastifyRequest): { via: Principal['via']; token: string } | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthorized('Malformed Authorization header; expected "Bearer <token>"');
    return { via: 'bearer', token: match[1] };
  }
  const cookie = request.cookies[ACCESS_COOKIE];
  return cookie ? { via: 'cookie', token: cookie } : undefined;
}

const resolved = new WeakMap<FastifyRequest, Promise<Principal>>();

/** Resolves the caller once per request, whichever scheme asks first. */
function authenticate(request: FastifyRequest, sessions: SessionService): Promise<Principal> {
  let pending = resolved.get(request);
  if (!pending) {
    pending = (async () => {
      const credential = credentialOf(request);
      if (!credential) throw unauthorized();
      const session = await sessions.resolve(credential.token);
      return { userId: session.user_id, role: session.role, sessionId: session.session_id, via: credential.via };
    })();
    resolved.set(request, pending);
  }
  return pending;
}

/** The principal is on the request for handlers, and for the log lines that name the user (the `req` serializer). */
function authorize(request: FastifyRequest, principal: Principal, roles: readonly string[]): void {
  if (roles.length > 0 && !roles.includes(principal.role)) {
    throw forbidden('Your role may not perform this operation', { required_roles: [...roles] });
  }
  request.principal = principal;
}

/**
 * Double submit, bound to the session: the `X-CSRF-Token` header must equal the `csrf_token` cookie and
 * the HMAC of the session id, so a token can be neither forged nor carried over from another session.
 */
export function assertCsrfToken(request: FastifyRequest, sessionId: string, sessions: SessionService): void {
  const header = request.headers['x-csrf-token'];
  const cookie = request.cookies[CSRF_COOKIE];
  const expected = sessions.csrfToken(sessionId);
  if (typeof header !== 'string' || cookie === undefined || !safeEqual(header, cookie) || !safeEqual(header, expected)) {
    throw forbidden('Missing or invalid CSRF token: send the csrf_token cookie value as X-CSRF-Token', {
      reason: 'csrf_token_invalid',
    });
  }
}

/**
 * fastify-openapi-glue security handlers, one per scheme in the spec. The scopes of each operation's
 * security requirement are the roles allowed to call it; glue passes them in as `roles`.
 */
export function createSecurityHandlers(sessions: SessionService) {
  return {
    async bearerAuth(request: FastifyRequest, reply: FastifyReply, roles: string[]): Promise<void> {
      const principal = await authenticate(request, sessions);
      if (principal.via !== 'bearer') throw new NotThisScheme();
      authorize(request, principal, roles);
    },
    async cookieAuth(request: FastifyRequest, reply: FastifyReply, roles: string[]): Promise<void> {
      const principal = await authenticate(request, sessions);
      if (principal.via !== 'cookie') throw new NotThisScheme();
      if (!SAFE_METHODS.has(request.method)) assertCsrfToken(request, principal.sessionId, sessions);
      authorize(request, principal, roles);
    },
  };
}

/** The caller of an operation whose security requirement has already run. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}
