// The part of `pg` tests/helpers/database.ts uses. pg ships no types; replace this file with the
// @types/pg devDependency when it is added.
declare module 'pg' {
  export interface ClientConfig {
    host?: string;
    port?: number;
    database?: string;
    user?: string;
    password?: string;
    connectionTimeoutMillis?: number;
  }

  export interface QueryResult {
    rows: Record<string, unknown>[];
    rowCount: number | null;
  }

  export class Client {
    constructor(config?: ClientConfig);
    connect(): Promise<void>;
    query(text: string, values?: unknown[]): Promise<QueryResult>;
    end(): Promise<void>;
    on(event: 'error', listener: (error: Error) => void): this;
  }
}
