import { randomBytes } from 'node:crypto';

import type { Core } from '@strapi/strapi';

import { ACCOUNT_UID } from '../models';

const newStamp = () => randomBytes(12).toString('base64url');

// SQLite and MySQL store booleans as 0/1.
const isTrue = (value: boolean | number | null | undefined) => value === true || value === 1;

interface AccountRow {
  customer: string;
  sessionStamp: string;
  mustChangePassword: boolean | number | null;
  passwordGeneratedAt: string | Date | null;
}

/** What a login needs to know about the customer's account, read in one look. */
export interface PasswordState {
  mustChangePassword: boolean;
  generatedAt: Date | null;
  /** The session stamp, null when the customer never had a session. */
  sessionStamp: string | null;
}

/**
 * The session stamp of each customer: every session token carries it, and replacing it revokes
 * every token issued before. A random value rather than a counter, so two concurrent revocations can
 * never land on the same value and let a token issued between them survive.
 */
const createAccountsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(ACCOUNT_UID);

  const find = async (customer: string) =>
    (await query().findOne({ where: { customer } })) as AccountRow | null;

  /**
   * Updates the customer's row, creating it when the customer never had one. It looks before it
   * writes: on MySQL and MariaDB an UPDATE that matches no row locks the gap in the unique index
   * on `customer`, and two transactions that then insert new customers' rows into that gap
   * deadlock.
   */
  const upsert = async (customer: string, data: Partial<Omit<AccountRow, 'customer'>>) => {
    const update = () => query().updateMany({ where: { customer }, data });
    if (await find(customer)) {
      await update();
      return;
    }
    try {
      await query().create({ data: { customer, sessionStamp: newStamp(), ...data } });
    } catch (error) {
      // Created since the look by a concurrent request (customer is unique): update that row.
      const { count } = await update().catch(() => ({ count: 0 }));
      if (Number(count) === 0) throw error;
    }
  };

  return {
    /** The customer's current stamp, created on first use. */
    async currentStamp(customer: string): Promise<string> {
      const account = await find(customer);
      if (account) return account.sessionStamp;
      const sessionStamp = newStamp();
      await query().create({ data: { customer, sessionStamp } });
      return sessionStamp;
    },

    /**
     * What a session token is checked against: the stamp it must carry (null when the customer
     * never had a session) and whether the password still has to be changed.
     */
    async sessionState(
      customer: string
    ): Promise<{ stamp: string | null; mustChangePassword: boolean }> {
      const account = await find(customer);
      return {
        stamp: account?.sessionStamp ?? null,
        mustChangePassword: isTrue(account?.mustChangePassword),
      };
    },

    /** Revokes every session of the customer. */
    async revokeSessions(customer: string): Promise<void> {
      await upsert(customer, { sessionStamp: newStamp() });
    },

    /**
     * A new password: ends every session and records who chose it (a generated one must be
     * changed by the customer, one they or an admin chose need not), in one write.
     */
    async passwordReplaced(customer: string, generated: boolean): Promise<void> {
      await upsert(customer, {
        sessionStamp: newStamp(),
        mustChangePassword: generated,
        passwordGeneratedAt: generated ? new Date() : null,
      });
    },

    /** Deletes the account of a customer that no longer exists: its sessions end with it. */
    async forget(customer: string): Promise<void> {
      await query().deleteMany({ where: { customer } });
    },

    async passwordState(customer: string): Promise<PasswordState> {
      const account = await find(customer);
      return {
        mustChangePassword: isTrue(account?.mustChangePassword),
        generatedAt: account?.passwordGeneratedAt ? new Date(account.passwordGeneratedAt) : null,
        sessionStamp: account?.sessionStamp ?? null,
      };
    },
  };
};

export type AccountsService = ReturnType<typeof createAccountsService>;
export default createAccountsService;
