import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

export type NodeEnv = 'development' | 'production' | 'test';

export type DatabaseConfig =
  | { dialect: 'sqlite'; filename: string }
  /** `preparedStatements` (default true): run data statements as named prepared statements. */
  | { dialect: 'postgres'; connectionString: string; poolMax: number; preparedStatements?: boolean };

export interface AdminSeed {
  email: string;
  password: string;
  username: string;
}

/** The service's whole configuration, validated once at start and frozen. */
export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  database: DatabaseConfig;
  jwtSecret: string;
  /** True when no JWT_SECRET was given and a random one was made for this process. */
  jwtSecretGenerated: boolean;
  logLevel: string;
  bodyLimitBytes: number;
  bcryptCost: number;
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  secureCookies: boolean;
  admin: AdminSeed | undefined;
  services: ExternalServicesConfig;
  redisUrl: string | undefined;
  sentry: { dsn: string; tracesSampleRate: number } | undefined;
  /** Where logs go: a file path, or undefined for standard output. */
  logFile: string | undefined;
  rateLimit: { max: number; authMax: number; windowMs: number };
  outbox: { pollMs: number; batchSize: number };
  /** Server processes sharing the port (node:cluster); 1 runs a single process. */
  workers: number;
}

export type ExternalServiceName = 'payment' | 'email' | 'sms' | 'analytics';

export interface ExternalServicesConfig {
  urls: Partial<Record<ExternalServiceName, string>>;
  timeoutMs: number;
  breakerResetMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const envSchema = {
  type: 'object',
  properties: {
    NODE_ENV: { type: 'string', enum: ['development', 'production', 'test'], default: 'development' },
    HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
    DATABASE_URL: { type: 'string', minLength: 1, default: './data/store.db' },
    DATABASE_POOL_MAX: { type: 'integer', minimum: 1, maximum: 200, default: 10 },
    DATABASE_PREPARED_STATEMENTS: { type: 'boolean', default: true },
    JWT_SECRET: { type: 'string', minLength: 32 },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    BODY_LIMIT_BYTES: { type: 'integer', minimum: 1024, maximum: 10485760, default: 102400 },
    BCRYPT_COST: { type: 'integer', minimum: 4, maximum: 15, default: 12 },
    ACCESS_TOKEN_TTL_SECONDS: { type: 'integer', minimum: 60, maximum: 86400, default: 900 },
    SESSION_TTL_SECONDS: { type: 'integer', minimum: 300, maximum: 2592000, default: 86400 },
    ADMIN_EMAIL: { type: 'string', format: 'email', maxLength: 254 },
    ADMIN_PASSWORD: { type: 'string', minLength: 8, maxLength: 72 },
    ADMIN_USERNAME: { type: 'string', pattern: '^[A-Za-z0-9_.-]{3,32}$', default: 'admin' },
    PAYMENT_URL: { type: 'string', format: 'uri', pattern: '^https?://' },
    EMAIL_URL: { type: 'string', format: 'uri', pattern: '^https?://' },
    SMS_URL: { type: 'string', format: 'uri', pattern: '^https?://' },
    ANALYTICS_URL: { type: 'string', format: 'uri', pattern: '^https?://' },
    EXTERNAL_TIMEOUT_MS: { type: 'integer', minimum: 50, maximum: 60000, default: 2000 },
    BREAKER_RESET_MS: { type: 'integer', minimum: 100, maximum: 600000, default: 10000 },
    REDIS_URL: { type: 'string', pattern: '^rediss?://' },
    SENTRY_DSN: { type: 'string', format: 'uri', pattern: '^https?://' },
    SENTRY_TRACES_SAMPLE_RATE: { type: 'number', minimum: 0, maximum: 1, default: 0 },
    LOG_FILE: { type: 'string', minLength: 1 },
    RATE_LIMIT_MAX: { type: 'integer', minimum: 1, maximum: 1000000000, default: 600 },
    AUTH_RATE_LIMIT_MAX: { type: 'integer', minimum: 1, maximum: 1000000000, default: 20 },
    RATE_LIMIT_WINDOW_MS: { type: 'integer', minimum: 1000, maximum: 3600000, default: 60000 },
    OUTBOX_POLL_MS: { type: 'integer', minimum: 10, maximum: 600000, default: 1000 },
    OUTBOX_BATCH_SIZE: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
    WEB_CONCURRENCY: { type: 'integer', minimum: 1, maximum: 64, default: 1 },
  },
  additionalProperties: true,
} as const;

interface RawEnv {
  NODE_ENV: NodeEnv;
  HOST: string;
  PORT: number;
  DATABASE_URL: string;
  DATABASE_POOL_MAX: number;
  DATABASE_PREPARED_STATEMENTS: boolean;
  JWT_SECRET?: string;
  LOG_LEVEL: string;
  BODY_LIMIT_BYTES: number;
  BCRYPT_COST: number;
  ACCESS_TOKEN_TTL_SECONDS: number;
  SESSION_TTL_SECONDS: number;
  ADMIN_EMAIL?: string;
  ADMIN_PASSWORD?: string;
  ADMIN_USERNAME: string;
  PAYMENT_URL?: string;
  EMAIL_URL?: string;
  SMS_URL?: string;
  ANALYTICS_URL?: string;
  EXTERNAL_TIMEOUT_MS: number;
  BREAKER_RESET_MS: number;
  REDIS_URL?: string;
  SENTRY_DSN?: string;
  SENTRY_TRACES_SAMPLE_RATE: number;
  LOG_FILE?: string;
  RATE_LIMIT_MAX: number;
  AUTH_RATE_LIMIT_MAX: number;
  RATE_LIMIT_WINDOW_MS: number;
  OUTBOX_POLL_MS: number;
  OUTBOX_BATCH_SIZE: number;
  WEB_CONCURRENCY: number;
}

const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true });
addFormats.default(ajv, ['email', 'uri']);
const validateEnv = ajv.compile<RawEnv>(envSchema);

function parseDatabaseUrl(url: string, poolMax: number, preparedStatements: boolean): DatabaseConfig {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', connectionString: url, poolMax, preparedStatements };
  const filename = url.replace(/^sqlite:(\/\/)?/, '').replace(/^file:/, '');
  return { dialect: 'sqlite', filename: filename === ':memory:' ? filename : resolve(filename) };
}

/** Reads and validates the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(envSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  if (!validateEnv(raw)) {
    const problems = (validateEnv.errors ?? []).map((e) => {
      const name = e.instancePath.slice(1);
      const given = name in raw ? ` (got ${JSON.stringify(name.includes('PASSWORD') || name.includes('SECRET') ? '***' : raw[name])})` : '';
      return `${name} ${e.message ?? 'is invalid'}${given}`;
    });
    throw new ConfigError(problems);
  }
  const problems: string[] = [];
  if (raw.NODE_ENV === 'production' && raw.JWT_SECRET === undefined) {
    problems.push('JWT_SECRET is required when NODE_ENV=production (at least 32 characters)');
  }
  if ((raw.ADMIN_EMAIL === undefined) !== (raw.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    nodeEnv: raw.NODE_ENV,
    host: raw.HOST,
    port: raw.PORT,
    database: Object.freeze(parseDatabaseUrl(raw.DATABASE_URL, raw.DATABASE_POOL_MAX, raw.DATABASE_PREPARED_STATEMENTS)),
    jwtSecret: raw.JWT_SECRET ?? randomBytes(48).toString('base64url'),
    jwtSecretGenerated: raw.JWT_SECRET === undefined,
    logLevel: raw.LOG_LEVEL,
    bodyLimitBytes: raw.BODY_LIMIT_BYTES,
    bcryptCost: raw.BCRYPT_COST,
    accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS,
    sessionTtlSeconds: raw.SESSION_TTL_SECONDS,
    secureCookies: raw.NODE_ENV === 'production',
    admin:
      raw.ADMIN_EMAIL !== undefined && raw.ADMIN_PASSWORD !== undefined
        ? Object.freeze({ email: raw.ADMIN_EMAIL, password: raw.ADMIN_PASSWORD, username: raw.ADMIN_USERNAME })
        : undefined,
    services: Object.freeze({
      urls: Object.freeze({
        ...(raw.PAYMENT_URL ? { payment: raw.PAYMENT_URL } : {}),
        ...(raw.EMAIL_URL ? { email: raw.EMAIL_URL } : {}),
        ...(raw.SMS_URL ? { sms: raw.SMS_URL } : {}),
        ...(raw.ANALYTICS_URL ? { analytics: raw.ANALYTICS_URL } : {}),
      }),
      timeoutMs: raw.EXTERNAL_TIMEOUT_MS,
      breakerResetMs: raw.BREAKER_RESET_MS,
    }),
    redisUrl: raw.REDIS_URL,
    sentry: raw.SENTRY_DSN ? Object.freeze({ dsn: raw.SENTRY_DSN, tracesSampleRate: raw.SENTRY_TRACES_SAMPLE_RATE }) : undefined,
    logFile: raw.LOG_FILE ?? (raw.NODE_ENV === 'production' ? resolve('logs/store-erp.log') : undefined),
    rateLimit: Object.freeze({ max: raw.RATE_LIMIT_MAX, authMax: raw.AUTH_RATE_LIMIT_MAX, windowMs: raw.RATE_LIMIT_WINDOW_MS }),
    outbox: Object.freeze({ pollMs: raw.OUTBOX_POLL_MS, batchSize: raw.OUTBOX_BATCH_SIZE }),
    workers: raw.WEB_CONCURRENCY,
  });
}
