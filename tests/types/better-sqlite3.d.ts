// The part of `better-sqlite3` tests/helpers/database.ts uses; replace this file with the
// @types/better-sqlite3 devDependency when it is added.
declare module 'better-sqlite3' {
  interface Statement {
    all(...params: unknown[]): Record<string, unknown>[];
  }

  class Database {
    constructor(filename: string, options?: { readonly?: boolean; fileMustExist?: boolean });
    prepare(source: string): Statement;
    close(): this;
  }

  export = Database;
}
