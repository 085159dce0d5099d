import type { Core } from '@strapi/strapi';

import { ACCOUNT_UID } from '../models';
import { knexTable } from '../utils/knex-table';
import { isUniqueViolation, isWriteConflict } from '../utils/unique-violation';
import { addressDigest, type CustomerAddress } from './customers';

// SQLite and MySQL store booleans as 0/1.
const isTrue = (value: boolean | number | null | undefined) => value === true || value === 1;

interface AccountRow {
  customer: string;
  mustChangePassword: boolean | number | null;
  passwordGeneratedAt: string | Date | null;
  addressHash: string | null;
}

// Rows written per INSERT when the index is rebuilt: well under every database's limit on
// bound parameters (SQLite's is the lowest, 32,766).
const INSERT_BATCH = 500;
// How often a rebuild starts again after losing to a concurrent writer (another process booting).
const REBUILD_ROUNDS = 3;

/** What a login needs to know about the customer's account, read in one look. */
export interface PasswordState {
  mustChangePassword: boolean;
  generatedAt: Date | null;
}

/**
 * Each customer's account row: whether the password was generated (and when), and the customer's
 * entry in the index of login addresses.
 */
const createAccountsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(ACCOUNT_UID);

  const find = async (customer: string) =>
    (await query().findOne({ where: { customer } })) as AccountRow | null;

  const toPasswordState = (account: AccountRow | null): PasswordState => ({
    mustChangePassword: isTrue(account?.mustChangePassword),
    generatedAt: account?.passwordGeneratedAt ? new Date(account.passwordGeneratedAt) : null,
  });

  /**
   * The table through knex: writes to the address index must see the driver's own error for a
   * duplicate (see `isUniqueViolation`), and a boot reads every row.
   */
  const columns = () => {
    const { table, column } = knexTable(strapi, ACCOUNT_UID);
    return {
      table,
      customer: column('customer'),
      mustChangePassword: column('mustChangePassword'),
      addressHash: column('addressHash'),
      createdAt: column('createdAt'),
    };
  };

  /** Creates the customer's row unless a concurrent request just did. */
  const ensure = async (customer: string) => {
    try {
      await query().create({ data: { customer } });
    } catch (error) {
      if (!(await find(customer).catch(() => null))) throw error;
    }
  };

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
      await query().create({ data: { customer, ...data } });
    } catch (error) {
      // Created since the look by a concurrent request (customer is unique): update that row.
      const { count } = await update().catch(() => ({ count: 0 }));
      if (Number(count) === 0) throw error;
    }
  };

  const rebuildOnce = async (loginAddresses: () => Promise<CustomerAddress[]>) => {
    const c = columns();
    const rows = (await c
      .table()
      .select({ customer: c.customer, addressHash: c.addressHash })) as Pick<
      AccountRow,
      'customer' | 'addressHash'
    >[];
    const owners = new Map<string, string[]>();
    for (const { documentId, email } of await loginAddresses()) {
      if (email === null) continue;
      const hash = addressDigest(email);
      owners.set(hash, [...(owners.get(hash) ?? []), documentId]);
    }
    const wanted = new Map<string, string>();
    let shared = 0;
    for (const [hash, customers] of owners) {
      if (customers.length === 1) wanted.set(customers[0]!, hash);
      else shared += 1;
    }
    const held = new Map(rows.map((row) => [row.customer, row.addressHash ?? null]));
    const stale = rows.filter(
      (row) => row.addressHash !== null && wanted.get(row.customer) !== row.addressHash
    );
    const missing = [...wanted].filter(([customer, hash]) => held.get(customer) !== hash);
    if (stale.length === 0 && missing.length === 0) return { changed: 0, shared };

    await strapi.db.transaction(async ({ trx }) => {
      // Each write expects the entry as read, so one a concurrent save made since stays. Stale
      // entries go first: an address moving to another customer is never held twice.
      for (const row of stale) {
        await c
          .table(trx)
          .where({ [c.customer]: row.customer, [c.addressHash]: row.addressHash })
          .update({ [c.addressHash]: null });
      }
      const created: Record<string, unknown>[] = [];
      for (const [customer, addressHash] of missing) {
        if (!held.has(customer)) {
          created.push({
            [c.customer]: customer,
            [c.mustChangePassword]: false,
            [c.addressHash]: addressHash,
            [c.createdAt]: new Date(),
          });
          continue;
        }
        await c
          .table(trx)
          .where(c.customer, customer)
          .whereNull(c.addressHash)
          .update({ [c.addressHash]: addressHash });
      }
      for (let start = 0; start < created.length; start += INSERT_BATCH) {
        await c.table(trx).insert(created.slice(start, start + INSERT_BATCH));
      }
    });
    return { changed: stale.length + missing.length, shared };
  };

  return {
    /**
     * A new password: records who chose it (a generated one must be changed by the customer, one
     * they or an admin chose need not).
     */
    async passwordReplaced(customer: string, generated: boolean): Promise<void> {
      await upsert(customer, {
        mustChangePassword: generated,
        passwordGeneratedAt: generated ? new Date() : null,
      });
    },

    /** Deletes the account of a customer that no longer exists. */
    async forget(customer: string): Promise<void> {
      await query().deleteMany({ where: { customer } });
    },

    async passwordState(customer: string): Promise<PasswordState> {
      return toPasswordState(await find(customer));
    },

    /**
     * The customer whose login address this is, by the index, with its password state; null
     * when no customer logs in with it. The caller checks the customer's row still says so.
     */
    async findByLoginAddress(
      email: string
    ): Promise<{ customer: string; state: PasswordState } | null> {
      const account = (await query().findOne({
        where: { addressHash: addressDigest(email) },
      })) as AccountRow | null;
      return account && { customer: account.customer, state: toPasswordState(account) };
    },

    /**
     * Makes `email` the customer's login address in the index; null takes it out. Runs in the
     * caller's transaction.
     *
     * @returns false when another customer logs in with that address: nothing is written, and
     *   on PostgreSQL the transaction can only be rolled back.
     */
    async setLoginAddress(customer: string, email: string | null): Promise<boolean> {
      const addressHash = email === null ? null : addressDigest(email);
      const account = await find(customer);
      if ((account?.addressHash ?? null) === addressHash) return true;
      if (!account) await ensure(customer);
      const c = columns();
      try {
        await strapi.db.transaction(({ trx }) =>
          c
            .table(trx)
            .where(c.customer, customer)
            .update({ [c.addressHash]: addressHash })
        );
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
      return true;
    },

    /**
     * Brings the index of login addresses in step with the customers (at boot: for customers
     * saved before the index existed, or written past the document service). An address that
     * several customers with login enabled share gets no entry: none of them logs in until it
     * is unique, as a save would have refused.
     *
     * @param loginAddresses reads the customers, after the index is read: an entry a concurrent
     *   save changes in between is left as that save wrote it.
     * @returns how many entries changed, and how many addresses are shared.
     */
    async rebuildLoginAddresses(
      loginAddresses: () => Promise<CustomerAddress[]>
    ): Promise<{ changed: number; shared: number }> {
      for (let round = 1; ; round += 1) {
        try {
          return await rebuildOnce(loginAddresses);
        } catch (error) {
          if (round >= REBUILD_ROUNDS || !isWriteConflict(error)) throw error;
        }
      }
    },
  };
};

export type AccountsService = ReturnType<typeof createAccountsService>;
export default createAccountsService;
