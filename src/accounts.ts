import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { hashPassword } from './auth/passwords.js';
import type { AdminSeed } from './config.js';
import { translateDatabaseError } from './database/errors.js';
import type { Database, Role, UserRow } from './database/schema.js';
import { countActiveAdmins, findUserByEmail, insertUser } from './queries/users.js';

export type AdminSeedOutcome = 'created' | 'admin-exists' | 'email-taken';

/** Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when the store has no active admin yet. */
export async function ensureInitialAdmin(
  db: Kysely<Database>,
  seed: AdminSeed,
  bcryptCost: number,
  log: FastifyBaseLogger,
): Promise<AdminSeedOutcome> {
  if ((await countActiveAdmins(db)) > 0) return 'admin-exists';
  if (await findUserByEmail(db, seed.email)) {
    log.error('ADMIN_EMAIL belongs to an existing account that is not an active admin; no admin was created');
    return 'email-taken';
  }
  const passwordHash = await hashPassword(seed.password, bcryptCost);
  try {
    await insertUser(db, { username: seed.username, email: seed.email, password_hash: passwordHash, role: 'admin', active: 1 });
  } catch (error) {
    // Another instance (or cluster worker) starting at the same moment created it first.
    if (translateDatabaseError(error)?.code === 'CONFLICT') return 'admin-exists';
    throw error;
  }
  log.info({ username: seed.username }, 'created the initial admin from ADMIN_EMAIL');
  return 'created';
}

export interface NewAccount {
  username: string;
  email: string;
  password: string;
  role: Role;
}

/** Creates an active account with a hashed password (the shell's `npm run user:create`). */
export async function createAccount(db: Kysely<Database>, account: NewAccount, bcryptCost: number): Promise<UserRow> {
  const passwordHash = await hashPassword(account.password, bcryptCost);
  return insertUser(db, { username: account.username, email: account.email, password_hash: passwordHash, role: account.role, active: 1 });
}
