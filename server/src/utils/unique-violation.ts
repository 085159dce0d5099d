/**
 * Whether a database error is a unique index refusing a duplicate, as each driver reports it:
 * PostgreSQL's SQLSTATE 23505, MySQL's and MariaDB's ER_DUP_ENTRY, better-sqlite3's
 * SQLITE_CONSTRAINT_UNIQUE. Only the driver's own error says so: Strapi's query engine turns
 * every SQLite constraint failure into a NotNullError, so writes that must tell a duplicate
 * apart go through knex.
 */
export const isUniqueViolation = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  return code === '23505' || code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
};

/**
 * Whether a write lost to a concurrent one and may simply be tried again: a duplicate, or a
 * deadlock the database broke by rolling this transaction back.
 */
export const isWriteConflict = (error: unknown): boolean => {
  if (isUniqueViolation(error)) return true;
  const { code } = (error ?? {}) as { code?: unknown };
  return code === '40P01' || code === 'ER_LOCK_DEADLOCK';
};
