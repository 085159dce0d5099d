import type { Core } from '@strapi/strapi';

export type Transaction = Parameters<
  ReturnType<Core.Strapi['db']['getConnection']>['transacting']
>[0];

/**
 * A model's table through knex, past the query engine: for a single statement the query engine
 * cannot write (an upsert answering its row), for a driver's own error (a duplicate, which the
 * query engine reports on SQLite as a NotNullError), or for reading many rows without its
 * per-row work. Column names come from the model's metadata; the connection carries the schema.
 */
export const knexTable = (strapi: Core.Strapi, uid: string) => {
  const { tableName, attributes } = strapi.db.metadata.get(uid as never) as unknown as {
    tableName: string;
    attributes: Record<string, { columnName?: string }>;
  };
  return {
    tableName,
    /** The column of an attribute. */
    column: (attribute: string) => attributes[attribute]?.columnName ?? attribute,
    /** A query on the table, in `trx` when given. */
    table: (trx?: Transaction) => {
      const builder = strapi.db.getConnection(tableName);
      return trx ? builder.transacting(trx) : builder;
    },
  };
};
