import { clearSessionCookies, CSRF_COOKIE, REFRESH_COOKIE, setSessionCookies } from '../auth/cookies.js';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../auth/passwords.js';
import { principalOf } from '../auth/security.js';
import type { IssuedTokens } from '../auth/session-service.js';
import { safeEqual } from '../auth/tokens.js';
import { forbidden, unauthorized, validationError } from '../errors.js';
import type { OperationHandlers } from '../generated/operations.js';
import { success } from '../http/envelope.js';
import { userEtag, userRowToUser } from '../mappers/user.js';
import { findUserByEmail, findUserById, insertUser } from '../queries/users.js';
import type { UserRow } from '../database/schema.js';
import type { HandlerContext } from './context.js';

type AuthHandlers = Pick<OperationHandlers, 'register' | 'login' | 'refreshSession' | 'logout' | 'getCurrentUser'>;

function sessionBody(user: UserRow, tokens: IssuedTokens) {
  return {
    user: userRowToUser(user),
    access_token: tokens.accessToken,
    token_type: 'Bearer' as const,
    expires_in: tokens.accessTokenTtlSeconds,
    refresh_token: tokens.refreshToken,
    csrf_token: tokens.csrfToken,
    session_expires_at: tokens.sessionExpiresAt,
  };
}

export function createAuthHandlers({ db, config, sessions }: HandlerContext): AuthHandlers {
  return {
    async register(request) {
      const { username, email, password } = request.body;
      const row = await insertUser(db, {
        username,
        email,
        password_hash: await hashPassword(password, config.bcryptCost),
        role: 'user',
        active: 1,
      });
      return { status: 201, body: success(userRowToUser(row), 'Account created'), headers: { etag: userEtag(row) } };
    },

    async login(request, reply) {
      const { email, password } = request.body;
      const user = await findUserByEmail(db, email);
      const valid = user
        ? (await verifyPassword(password, user.password_hash)) && Boolean(user.active)
        : await verifyAgainstDecoy(password, config.bcryptCost);
      if (!user || !valid) throw unauthorized('Invalid email or password');
      const tokens = await sessions.start(user.id);
      setSessionCookies(reply, tokens, config.secureCookies);
      return { status: 200, body: success(sessionBody(user, tokens), 'Logged in') };
    },

    async refreshSession(request, reply) {
      const fromBody = request.body?.refresh_token;
      const token = fromBody ?? request.cookies[REFRESH_COOKIE];
      if (!token) {
        throw validationError([{ location: 'body', path: '/refresh_token', message: 'is required (or send the refresh_token cookie)' }]);
      }
      if (fromBody === undefined) {
        // The cookie was sent by a browser on its own: require proof that our page made the request.
        const header = request.headers['x-csrf-token'];
        const cookie = request.cookies[CSRF_COOKIE];
        const expected = sessions.csrfToken(token.split('.')[0] ?? '');
        if (typeof header !== 'string' || cookie === undefined || !safeEqual(header, cookie) || !safeEqual(header, expected)) {
          throw forbidden('Missing or invalid CSRF token: send the csrf_token cookie value as X-CSRF-Token', {
            reason: 'csrf_token_invalid',
          });
        }
      }
      const tokens = await sessions.refresh(token);
      const user = await findUserById(db, tokens.userId);
      if (!user) throw unauthorized('The session has ended');
      setSessionCookies(reply, tokens, config.secureCookies);
      return { status: 200, body: success(sessionBody(user, tokens), 'Session refreshed') };
    },

    async logout(request, reply) {
      await sessions.end(principalOf(request).sessionId);
      clearSessionCookies(reply, config.secureCookies);
      return { status: 200, body: success(null, 'Logged out') };
    },

    async getCurrentUser(request) {
      const user = await findUserById(db, principalOf(request).userId);
      if (!user) throw unauthorized('The session has ended');
      return { status: 200, body: success(userRowToUser(user)), headers: { etag: userEtag(user) } };
    },
  };
}
