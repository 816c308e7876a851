import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/** Paths pino blanks out wherever they appear in a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  'current_password',
  'password_hash',
  'access_token',
  'refresh_token',
  'csrf_token',
  'token',
  '*.password',
  '*.current_password',
  '*.password_hash',
  '*.access_token',
  '*.refresh_token',
  '*.csrf_token',
  '*.token',
];

export function loggerOptions(config: Pick<Config, 'logLevel'>): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
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
