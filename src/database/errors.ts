import { ApiError, conflict, serviceUnavailable, validationError } from '../errors.js';

/** What a constraint means to a client: the field it guards and a sentence about it. */
const constraintMeanings: Record<string, { field: string; message: string }> = {
  users_username_unique: { field: 'username', message: 'That username is already taken' },
  users_email_unique: { field: 'email', message: 'That email is already registered' },
  categories_sibling_name_unique: { field: 'name', message: 'A category with that name already exists under the same parent' },
  products_sku_unique: { field: 'sku', message: 'A product with that SKU already exists' },
};

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH']);

function constraintName(error: DriverError): string | undefined {
  if (typeof error.constraint === 'string') return error.constraint;
  const message = typeof error.message === 'string' ? error.message : '';
  return /index '([^']+)'/.exec(message)?.[1];
}

function isUnavailable(error: DriverError, code: string): boolean {
  const message = typeof error.message === 'string' ? error.message : '';
  return (
    CONNECTION_CODES.has(code) ||
    code.startsWith('08') || // PostgreSQL connection exceptions
    code === '57P01' || code === '57P03' || // admin shutdown, cannot connect now
    code === 'SQLITE_BUSY' ||
    message.includes('Connection terminated') ||
    message.includes('timeout exceeded when trying to connect')
  );
}

/**
 * Maps a PostgreSQL or SQLite driver error to an ApiError, or undefined when it is not one we can explain.
 * Never passes the driver's message on: it may carry SQL or values.
 */
export function translateDatabaseError(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const driverError = error as DriverError;
  const code = typeof driverError.code === 'string' ? driverError.code : '';
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const meaning = constraintMeanings[constraintName(driverError) ?? ''];
    return meaning ? conflict(meaning.message, { field: meaning.field }) : conflict('A record with that value already exists');
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return conflict('The change refers to a record that does not exist or is still referenced');
  }
  // 22021/22P05: text the database cannot store (a NUL byte); 22003: a number out of the column's range.
  if (code === '22021' || code === '22P05' || code === '22003') return validationError([], 'A value is out of the range the store accepts');
  if (code === '23514' || code === '23502' || code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return validationError([], 'The change breaks a data rule');
  }
  if (isUnavailable(driverError, code)) return serviceUnavailable();
  return undefined;
}
