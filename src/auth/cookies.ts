import type { FastifyReply } from 'fastify';
import type { IssuedTokens } from './session-service.js';

export const ACCESS_COOKIE = 'access_token';
export const REFRESH_COOKIE = 'refresh_token';
export const CSRF_COOKIE = 'csrf_token';
const REFRESH_PATH = '/api/auth';

export function setSessionCookies(reply: FastifyReply, tokens: IssuedTokens, secure: boolean): void {
  const sessionSeconds = Math.max(1, Math.floor((Date.parse(tokens.sessionExpiresAt) - Date.now()) / 1000));
  const base = { sameSite: 'strict' as const, secure, path: '/' };
  reply.setCookie(ACCESS_COOKIE, tokens.accessToken, { ...base, httpOnly: true, maxAge: tokens.accessTokenTtlSeconds });
  reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, { ...base, httpOnly: true, path: REFRESH_PATH, maxAge: sessionSeconds });
  reply.setCookie(CSRF_COOKIE, tokens.csrfToken, { ...base, httpOnly: false, maxAge: sessionSeconds });
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  const base = { sameSite: 'strict' as const, secure, path: '/' };
  reply.clearCookie(ACCESS_COOKIE, { ...base, httpOnly: true });
  reply.clearCookie(REFRESH_COOKIE, { ...base, httpOnly: true, path: REFRESH_PATH });
  reply.clearCookie(CSRF_COOKIE, { ...base, httpOnly: false });
}
