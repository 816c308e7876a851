import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../database/schema.js';
import { unauthorized } from '../errors.js';
import {
  findActiveSession,
  findRefreshToken,
  insertRefreshToken,
  insertSession,
  markRefreshTokenUsed,
  revokeSession,
  type ActiveSession,
} from '../queries/sessions.js';
import { csrfTokenFor, hashToken, newRefreshToken } from './tokens.js';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

export interface TokenSigner {
  sign(claims: AccessTokenClaims, ttlSeconds: number): string;
  verify(token: string): AccessTokenClaims;
}

export interface IssuedTokens {
  sessionId: string;
  userId: number;
  accessToken: string;
  accessTokenTtlSeconds: number;
  refreshToken: string;
  csrfToken: string;
  sessionExpiresAt: string;
}

type SessionConfig = Pick<Config, 'jwtSecret' | 'accessTokenTtlSeconds' | 'sessionTtlSeconds'>;

/** Sessions: start, refresh with rotation and reuse detection, resolve an access token, end. */
export class SessionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly signer: TokenSigner,
    private readonly config: SessionConfig,
  ) {}

  async start(userId: number): Promise<IssuedTokens> {
    const sessionId = randomUUID();
    const expiresAt = new Date(Date.now() + this.config.sessionTtlSeconds * 1000).toISOString();
    const refreshToken = newRefreshToken(sessionId);
    await this.db.transaction().execute(async (trx) => {
      await insertSession(trx, { id: sessionId, user_id: userId, expires_at: expiresAt });
      await insertRefreshToken(trx, sessionId, hashToken(refreshToken));
    });
    return this.issue(sessionId, userId, expiresAt, refreshToken);
  }

  /**
   * Spends `refreshToken` and returns new tokens for the same session. A token that was already spent
   * means it was stolen or replayed: the whole session is revoked.
   */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const outcome = await this.db.transaction().execute(async (trx) => {
      const stored = await findRefreshToken(trx, hashToken(refreshToken));
      if (!stored) return { kind: 'unknown' as const };
      const spent = stored.used_at !== null || !(await markRefreshTokenUsed(trx, stored.id));
      if (spent) {
        await revokeSession(trx, stored.session_id, 'refresh_token_reused');
        return { kind: 'reused' as const };
      }
      const session = await findActiveSession(trx, stored.session_id);
      if (!session) return { kind: 'ended' as const };
      const next = newRefreshToken(session.session_id);
      await insertRefreshToken(trx, session.session_id, hashToken(next));
      return { kind: 'rotated' as const, session, next };
    });
    switch (outcome.kind) {
      case 'unknown':
        throw unauthorized('Invalid refresh token');
      case 'reused':
        throw unauthorized('Refresh token already used; the session has been revoked', { reason: 'refresh_token_reused' });
      case 'ended':
        throw unauthorized('The session has ended');
      case 'rotated':
        return this.issue(outcome.session.session_id, outcome.session.user_id, outcome.session.expires_at, outcome.next);
    }
  }

  /** The live session behind an access token, or a 401. */
  async resolve(accessToken: string): Promise<ActiveSession> {
    let claims: AccessTokenClaims;
    try {
      claims = this.signer.verify(accessToken);
    } catch {
      throw unauthorized('Invalid or expired access token');
    }
    const session = await findActiveSession(this.db, claims.sid);
    if (!session || String(session.user_id) !== claims.sub) throw unauthorized('The session has ended');
    return session;
  }

  end(sessionId: string): Promise<unknown> {
    return revokeSession(this.db, sessionId, 'logout');
  }

  csrfToken(sessionId: string): string {
    return csrfTokenFor(sessionId, this.config.jwtSecret);
  }

  private issue(sessionId: string, userId: number, sessionExpiresAt: string, refreshToken: string): IssuedTokens {
    const secondsLeft = Math.floor((Date.parse(sessionExpiresAt) - Date.now()) / 1000);
    const ttl = Math.max(1, Math.min(this.config.accessTokenTtlSeconds, secondsLeft));
    return {
      sessionId,
      userId,
      accessToken: this.signer.sign({ sub: String(userId), sid: sessionId }, ttl),
      accessTokenTtlSeconds: ttl,
      refreshToken,
      csrfToken: this.csrfToken(sessionId),
      sessionExpiresAt,
    };
  }
}
