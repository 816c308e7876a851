import { clearSessionCookies, REFRESH_COOKIE, setSessionCookies } from '../auth/cookies.js';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../auth/passwords.js';
import { assertCsrfToken, principalOf } from '../auth/security.js';
import type { IssuedTokens } from '../auth/session-service.js';
import { unauthorized, validationError } from '../errors.js';
import type { OperationHandlers } from '../generated/operations.js';
import { success } from '../http/envelope.js';
import { userRowToUser } from '../mappers/user.js';
import { findUserByEmail, findUserById, insertUser } from '../queries/users.js';
import type { UserRow } from '../database/schema.js';
import { versionEtag } from '../http/etag.js';
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
      return { status: 201, body: success(userRowToUser(row), 'Account created'), headers: { etag: versionEtag(row) } };
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
      // A cookie the browser sent on its own needs proof that our page made the request. The refresh
      // token starts with its session id.
      if (fromBody === undefined) assertCsrfToken(request, token.split('.')[0] ?? '', sessions);
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
      return { status: 200, body: success(userRowToUser(user)), headers: { etag: versionEtag(user) } };
    },
  };
}
