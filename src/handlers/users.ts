import type { Kysely } from 'kysely';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { principalOf, type Principal } from '../auth/security.js';
import type { Dialect } from '../database/connection.js';
import { forUpdate } from '../database/locking.js';
import type { Database, UserRow } from '../database/schema.js';
import { conflict, forbidden, notFound, preconditionFailed, validationError } from '../errors.js';
import type { OperationHandlers } from '../generated/operations.js';
import { paginationMeta, success, successPage } from '../http/envelope.js';
import { matchesEtag, versionEtag } from '../http/etag.js';
import { parseSort } from '../http/sorting.js';
import { userRowToUser } from '../mappers/user.js';
import { revokeUserSessions } from '../queries/sessions.js';
import {
  countActiveAdmins,
  lockActiveAdmins,
  findUserById,
  listUsers,
  updateUserAtVersion,
  type UserChanges,
  type UserSortColumn,
} from '../queries/users.js';
import type { HandlerContext } from './context.js';

type UserHandlers = Pick<OperationHandlers, 'listUsers' | 'getUser' | 'updateUser' | 'deleteUser'>;

function assertSelfOrStaff(principal: Principal, userId: number, staffRoles: readonly string[]): void {
  if (principal.userId !== userId && !staffRoles.includes(principal.role)) {
    throw forbidden('You may only access your own account');
  }
}

/**
 * Refuses a change that would leave the store without an active admin. On PostgreSQL the active admin
 * rows are locked first, so two admins demoting each other at once cannot both pass the count.
 */
async function assertAdminRemains(db: Kysely<Database>, dialect: Dialect, target: UserRow, changes: UserChanges): Promise<void> {
  const losesAdmin = target.role === 'admin' && Boolean(target.active) && (changes.active === 0 || (changes.role !== undefined && changes.role !== 'admin'));
  if (!losesAdmin) return;
  await lockActiveAdmins(db, dialect);
  if ((await countActiveAdmins(db)) <= 1) {
    throw conflict('The last active admin cannot be demoted or deactivated');
  }
}

export function createUserHandlers({ db, dialect, config }: HandlerContext): UserHandlers {
  /** Locks the row on PostgreSQL so that checks and the write see the same state. */
  const lockUser = (trx: Kysely<Database>, id: number) =>
    forUpdate(trx.selectFrom('users').selectAll().where('id', '=', id), dialect).executeTakeFirst();

  return {
    async listUsers(request) {
      const { page = 1, per_page: perPage = 20, sort, role, active, q } = request.query;
      const { rows, total } = await listUsers(
        db,
        { role, active, q },
        parseSort<UserSortColumn>(sort, 'id'),
        perPage,
        (page - 1) * perPage,
      );
      return { status: 200, body: successPage(rows.map(userRowToUser), paginationMeta(page, perPage, total)) };
    },

    async getUser(request) {
      const principal = principalOf(request);
      assertSelfOrStaff(principal, request.params.id, ['admin', 'manager']);
      const user = await findUserById(db, request.params.id);
      if (!user) throw notFound('User', request.params.id);
      return { status: 200, body: success(userRowToUser(user)), headers: { etag: versionEtag(user) } };
    },

    async updateUser(request) {
      const principal = principalOf(request);
      const { id } = request.params;
      const body = request.body;
      const isAdmin = principal.role === 'admin';
      assertSelfOrStaff(principal, id, ['admin']);
      const adminOnly = (['role', 'active'] as const).filter((field) => body[field] !== undefined);
      if (!isAdmin && adminOnly.length > 0) {
        throw forbidden('Only an admin may change role or active', { fields: adminOnly });
      }
      const changingOwnPassword = body.password !== undefined && principal.userId === id;
      if (changingOwnPassword && body.current_password === undefined) {
        throw validationError([{ location: 'body', path: '/current_password', message: 'is required to change your own password' }]);
      }
      if (body.current_password !== undefined && body.password === undefined) {
        throw validationError([{ location: 'body', path: '/password', message: 'is required with current_password' }]);
      }
      const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password, config.bcryptCost);

      const updated = await db.transaction().execute(async (trx) => {
        const current = await lockUser(trx, id);
        if (!current) throw notFound('User', id);
        const ifMatch = request.headers['if-match'];
        if (ifMatch !== undefined && !matchesEtag(ifMatch, versionEtag(current))) throw preconditionFailed(versionEtag(current));
        if (changingOwnPassword && !(await verifyPassword(body.current_password ?? '', current.password_hash))) {
          throw forbidden('current_password is incorrect', { field: 'current_password' });
        }
        const changes: UserChanges = {
          username: body.username,
          email: body.email,
          password_hash: passwordHash,
          role: body.role,
          active: body.active === undefined ? undefined : body.active ? 1 : 0,
        };
        await assertAdminRemains(trx, dialect, current, changes);
        const row = await updateUserAtVersion(trx, id, current.version, changes);
        if (!row) throw preconditionFailed(versionEtag(current));
        if (changes.active === 0) await revokeUserSessions(trx, id, 'user_deactivated');
        else if (passwordHash !== undefined) {
          await revokeUserSessions(trx, id, 'password_changed', principal.userId === id ? principal.sessionId : undefined);
        }
        return row;
      });
      return { status: 200, body: success(userRowToUser(updated), 'Account updated'), headers: { etag: versionEtag(updated) } };
    },

    async deleteUser(request) {
      const { id } = request.params;
      const updated = await db.transaction().execute(async (trx) => {
        const current = await lockUser(trx, id);
        if (!current) throw notFound('User', id);
        if (!current.active) return current;
        await assertAdminRemains(trx, dialect, current, { active: 0 });
        const row = await updateUserAtVersion(trx, id, current.version, { active: 0 });
        if (!row) throw conflict('The account changed while it was being deactivated; try again');
        await revokeUserSessions(trx, id, 'user_deactivated');
        return row;
      });
      return { status: 200, body: success(userRowToUser(updated), 'User deactivated') };
    },
  };
}
