import type { SelectQueryBuilder } from 'kysely';
import type { Dialect } from './connection.js';

/**
 * Locks the selected rows until the transaction ends on PostgreSQL. SQLite has no row locks and needs
 * none: its writers are serialized, so the checks and the write of a transaction already see one state.
 */
export function forUpdate<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, dialect: Dialect): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate() : query;
}
