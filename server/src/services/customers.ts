import { createHash } from 'node:crypto';

import type { Core } from '@strapi/strapi';

import { getConfig, getCustomerModel } from '../utils/config';
import { knexTable } from '../utils/knex-table';

/** The login-relevant view of a customer row. `password` is the bcrypt hash, or null. */
export interface CustomerLogin {
  id: number;
  documentId: string;
  email: string | null;
  loginEnabled: boolean;
  emailConfirmed: boolean;
  password: string | null;
  publishedAt?: string | Date | null;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * What the plugin's own rows hold instead of an address: the SHA-256 of its normalised form. Byte
 * for byte, so that addresses MySQL's and MariaDB's collations would call equal (`josé@`, `jose@`)
 * stay two.
 */
export const addressDigest = (email: string) =>
  createHash('sha256').update(normalizeEmail(email)).digest('hex');

/** A login-enabled document's address, what the index of login addresses is rebuilt from. */
export interface CustomerAddress {
  documentId: string;
  email: string | null;
}

/**
 * Reads and writes the login attributes of the configured customer type. It goes through the query
 * engine (`strapi.db.query`), which neither hashes nor runs document middlewares: the login
 * attributes belong to the whole document, so writes cover every row of it (locales, draft and
 * published), and the hash written is the one computed here, exactly once.
 */
const createCustomersService = ({ strapi }: { strapi: Core.Strapi }) => {
  const uid = () => getConfig(strapi).contentType;
  const emailField = () => getConfig(strapi).emailField;
  const query = () => strapi.db.query(uid() as never);

  const toLogin = (row: Record<string, unknown>): CustomerLogin => ({
    id: row.id as number,
    documentId: row.documentId as string,
    email: (row[emailField()] as string | null | undefined) ?? null,
    loginEnabled: row.loginEnabled === true || row.loginEnabled === 1,
    emailConfirmed: row.emailConfirmed === true || row.emailConfirmed === 1,
    password: (row.password as string | null | undefined) ?? null,
    publishedAt: row.publishedAt as CustomerLogin['publishedAt'],
  });

  /** Prefers the draft row: it holds what the admin saved last. */
  const pickRow = (rows: Record<string, unknown>[]) =>
    rows.find((row) => row.publishedAt === null || row.publishedAt === undefined) ?? rows[0];

  /** The document's row that says what the customer is now, all scalar attributes. */
  const currentRow = async (documentId: string) =>
    pickRow((await query().findMany({ where: { documentId } })) as Record<string, unknown>[]) ??
    null;

  return {
    /** The customer's login state, or null when no such document exists. */
    async findByDocumentId(documentId: string): Promise<CustomerLogin | null> {
      const row = await currentRow(documentId);
      return row && toLogin(row);
    },

    /** The full row (all scalar attributes) of a document, for sanitised output. */
    async findEntry(documentId: string): Promise<Record<string, unknown> | null> {
      return currentRow(documentId);
    },

    /** The customer's login state and its full row, read once (a login answers with both). */
    async findLoginEntry(
      documentId: string
    ): Promise<{ login: CustomerLogin; entry: Record<string, unknown> } | null> {
      const row = await currentRow(documentId);
      return row && { login: toLogin(row), entry: row };
    },

    /**
     * The address of every document with login enabled, one per document, read as
     * `findByDocumentId` reads it: what the index of login addresses must hold.
     */
    async loginAddresses(): Promise<CustomerAddress[]> {
      // Through knex: every boot reads this for each customer with login enabled, and the query
      // engine's per-row work is most of a read of 100,000 rows.
      const { table, column } = knexTable(strapi, uid());
      const select = table()
        .select({ documentId: column('documentId'), email: column(emailField()) })
        .where(column('loginEnabled'), true);
      // With Draft & Publish the draft says what the customer is now (every document has one): a
      // published row may still carry an address the admin has since replaced.
      const rows = (await (getCustomerModel(strapi).options?.draftAndPublish
        ? select.whereNull(column('publishedAt'))
        : select)) as Array<{ documentId: string; email: string | null }>;
      // One per document: its locales share the address (the first one's stands for all).
      const addresses = new Map<string, string | null>();
      for (const { documentId, email } of rows) {
        if (!addresses.has(documentId)) addresses.set(documentId, email ?? null);
      }
      return [...addresses].map(([documentId, email]) => ({ documentId, email }));
    },

    /** Stores an already computed bcrypt hash (or null: no password) on every row of the document. */
    async setPasswordHash(documentId: string, hash: string | null): Promise<void> {
      await query().updateMany({ where: { documentId }, data: { password: hash } });
    },

    /** The hash the document holds (every row holds the same one), or null. */
    async storedHash(documentId: string): Promise<string | null> {
      const rows = (await query().findMany({
        where: { documentId },
        select: ['password', 'publishedAt'],
      })) as Record<string, unknown>[];
      const row = pickRow(rows);
      return (row?.password as string | null | undefined) ?? null;
    },

    /**
     * Puts the document's hash back on rows the document service wrote through its password
     * transform, which hashes the stored hash again (publish, discard draft, a new locale:
     * strapi#21944). Rows already holding it are not touched.
     */
    async restorePasswordHash(documentId: string, hash: string | null): Promise<void> {
      const differs =
        hash === null
          ? { password: { $notNull: true } }
          : { $or: [{ password: { $null: true } }, { password: { $ne: hash } }] };
      await query().updateMany({ where: { documentId, ...differs }, data: { password: hash } });
    },

    /** Sets Email confirmed on every row of the document. */
    async setEmailConfirmed(documentId: string, emailConfirmed: boolean): Promise<void> {
      await query().updateMany({ where: { documentId }, data: { emailConfirmed } });
    },

    /** Sets Enable Login on every row of the document. */
    async setLoginEnabled(documentId: string, loginEnabled: boolean): Promise<void> {
      await query().updateMany({ where: { documentId }, data: { loginEnabled } });
    },
  };
};

export type CustomersService = ReturnType<typeof createCustomersService>;
export default createCustomersService;
