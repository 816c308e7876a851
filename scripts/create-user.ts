/**
 * `npm run user:create -- --username ada --email ada@example.com --role admin`
 * Creates an account in the configured database. The password comes from --password, the
 * USER_PASSWORD variable, or standard input (so it need not appear in shell history).
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createAccount } from '../src/accounts.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/database/connection.js';
import { translateDatabaseError } from '../src/database/errors.js';
import { migrateToLatest } from '../src/database/migrate.js';
import type { Role } from '../src/database/schema.js';
import { createAjv } from '../src/http/validation.js';

const ROLES: Role[] = ['admin', 'manager', 'user'];
const usage = 'Usage: npm run user:create -- --username NAME --email EMAIL [--role admin|manager|user] [--password PASSWORD]';

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdin.isTTY ? process.stdout : undefined, terminal: false });
  try {
    return (await rl.question(process.stdin.isTTY ? 'Password: ' : '')).trim();
  } finally {
    rl.close();
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', default: 'user' },
    password: { type: 'string' },
  },
});
if (!values.username || !values.email) fail(usage);
const role = values.role as Role;
if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
const password = values.password ?? process.env.USER_PASSWORD ?? (await readPassword());

const validate = createAjv({ coerceTypes: false }).compile({
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' },
    email: { type: 'string', format: 'email', maxLength: 254 },
    password: { type: 'string', minLength: 8, maxLength: 72 },
  },
});
if (!validate({ username: values.username, email: values.email, password })) {
  fail((validate.errors ?? []).map((e) => `${e.instancePath.slice(1)} ${e.message ?? 'is invalid'}`).join('\n'));
}

let config;
try {
  config = loadConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}
const database = connectDatabase(config.database);
try {
  await migrateToLatest(database.db, database.schema);
  const user = await createAccount(database.db, { username: values.username, email: values.email, password, role }, config.bcryptCost);
  console.log(`Created ${user.role} '${user.username}' (id ${user.id}).`);
} catch (error) {
  const known = translateDatabaseError(error);
  process.exitCode = 1;
  console.error(known ? known.message : 'Could not create the user.');
} finally {
  await database.destroy();
}
