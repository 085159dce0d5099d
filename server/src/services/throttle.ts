import { createHash } from 'node:crypto';

import type { Core } from '@strapi/strapi';
import { errors } from '../utils/strapi-utils';

import { lockoutLimits } from '../config';
import { THROTTLE_UID } from '../models';
import { clientOf } from '../utils/client-address';
import { getConfig } from '../utils/config';
import { addressDigest } from './customers';
import { knexTable, type Transaction } from '../utils/knex-table';

/** Attempts that name an address: failed logins, and requests that email it. */
export type AddressKind = 'login' | 'forgot-password' | 'email-confirmation';
/** Attempts of a signed-in customer: wrong current passwords. */
export type CustomerKind = 'change-password';

/** Who makes an attempt that names an address. */
export interface AddressAttempt {
  /** The address, as the request gave it. */
  email: string;
  /** The request's client address: Strapi's `ctx.request.ip`, which honours `server.proxy`. */
  client: string;
}

/** What counting an attempt learnt. */
export interface CountedAttempt {
  /** This attempt used up a limit: the next one like it is refused. */
  last: boolean;
}

/** What counting an attempt that names an address learnt; `succeeded` takes it back. */
export interface CountedAddressAttempt extends CountedAttempt {
  /** When the address's window that counted this attempt started. */
  addressWindowStart: Date;
}

interface Count {
  hits: number;
  windowStart: Date;
}

const ADDRESS_LOCKED = 'Too many attempts for this address. Try again later.';
const ACCOUNT_LOCKED = 'Too many attempts for this account. Try again later.';
// How often a count tries its update and then its insert: each can lose to a concurrent insert
// (another first attempt) or delete (a success, the purge) of the row.
const ROUNDS = 3;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** What an address's rows count: its digest, so attackers' guesses are not kept in clear. */
const subjectOf = addressDigest;

/**
 * Counts attempts in the database, so that every limit holds across all Strapi processes. An
 * attempt that names an address counts twice: for its address and client (`lockout.maxAttempts`)
 * and for the address over all clients (`lockout.maxAttemptsPerAddress`). So failures from one
 * client lock out that client only, and guesses spread over many clients are still bounded.
 * Each row keeps the subject it counts (the address's SHA-256 or the customer's document id) in a
 * column of its own, so that a customer's counts can be deleted with it.
 */
const createThrottleService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(THROTTLE_UID);
  const limits = () => lockoutLimits(getConfig(strapi));

  const columns = () => {
    const { tableName, table, column } = knexTable(strapi, THROTTLE_UID);
    return {
      tableName,
      table,
      key: column('key'),
      subject: column('subject'),
      hits: column('hits'),
      windowStart: column('windowStart'),
    };
  };

  const toCount = (row: Record<string, unknown>, c: ReturnType<typeof columns>): Count => ({
    hits: Number(row[c.hits]),
    windowStart: new Date(row[c.windowStart] as string | number | Date),
  });

  const rateLimited = (message: string, count: Count, windowMs: number) =>
    new errors.RateLimitError(message, {
      retryAfterSeconds: Math.max(
        1,
        Math.ceil((count.windowStart.getTime() + windowMs - Date.now()) / 1000)
      ),
    });

  /** The window's arithmetic for one attempt: a window that has ended starts again now. */
  const nextCount = (
    c: ReturnType<typeof columns>,
    windowMs: number,
    column = (name: string) => name
  ) => {
    const knex = strapi.db.connection;
    const now = new Date();
    const cutoff = new Date(now.getTime() - windowMs);
    return {
      now,
      // MySQL and MariaDB assign from left to right: hits must be worked out while the window
      // start is still the old one.
      hits: knex.raw('CASE WHEN ?? < ? THEN 1 ELSE ?? + 1 END', [
        column(c.windowStart),
        cutoff,
        column(c.hits),
      ]),
      windowStart: knex.raw('CASE WHEN ?? < ? THEN ? ELSE ?? END', [
        column(c.windowStart),
        cutoff,
        now,
        column(c.windowStart),
      ]),
    };
  };

  /**
   * Where the database can insert a row or update the one it conflicts with and answer the
   * result (PostgreSQL, SQLite), one statement counts an attempt, in the caller's transaction.
   */
  const canUpsert = () => ['postgres', 'sqlite'].includes(strapi.db.dialect.client);

  /**
   * Counts one attempt on `key` in one INSERT … ON CONFLICT … DO UPDATE … RETURNING: it starts a
   * window that has ended again or increments a running one, and answers the count under the row
   * lock it took, held until the caller's transaction ends. Concurrent first attempts meet at the
   * unique index on `key` and count on one row.
   */
  const upsertCount = async (trx: Transaction, key: string, subject: string, windowMs: number) => {
    const c = columns();
    // Qualified: PostgreSQL also names the proposed row's columns (`excluded`) in this clause.
    const next = nextCount(c, windowMs, (name) => `${c.tableName}.${name}`);
    const [row] = (await c
      .table(trx)
      .insert({ [c.key]: key, [c.subject]: subject, [c.hits]: 1, [c.windowStart]: next.now })
      .onConflict(c.key)
      .merge({ [c.hits]: next.hits, [c.windowStart]: next.windowStart, [c.subject]: subject })
      .returning([c.hits, c.windowStart])) as Record<string, unknown>[];
    return toCount(row!, c);
  };

  /**
   * Counts one attempt on `key` in a transaction of its own (MySQL, MariaDB: their upsert answers
   * no row). One conditional UPDATE starts a window that has ended again or increments a running
   * one, and the row is read back in the same transaction, under the row lock that update took:
   * concurrent attempts, in any process, each get a count of their own, and none reads a count
   * another is about to replace. A key without a row gets one; the unique index on `key` makes
   * concurrent first attempts count on one row.
   */
  const updateCount = async (key: string, subject: string, windowMs: number): Promise<Count> => {
    const c = columns();
    const knex = strapi.db.connection;
    for (let round = 1; ; round += 1) {
      const next = nextCount(c, windowMs);
      const counted = await knex.transaction(async (trx) => {
        const updated = await c
          .table(trx)
          .where(c.key, key)
          .update({
            [c.hits]: next.hits,
            [c.windowStart]: next.windowStart,
            // Counts stored before the column existed get their subject at their next attempt.
            [c.subject]: subject,
          });
        if (Number(updated) === 0) return undefined;
        const row = (await c.table(trx).where(c.key, key).first(c.hits, c.windowStart)) as
          Record<string, unknown> | undefined;
        return row && toCount(row, c);
      });
      if (counted) return counted;
      try {
        await query().create({ data: { key, subject, hits: 1, windowStart: next.now } });
        return { hits: 1, windowStart: next.now };
      } catch (error) {
        // Another request created the row since the update found none: count on that row.
        if (round >= ROUNDS) throw error;
      }
    }
  };

  /**
   * Runs the counts of one attempt. Where one statement counts, they share one transaction, so
   * the attempt costs the database one commit; elsewhere each count commits on its own. Either
   * way a count is never part of the caller's transaction: an attempt stays counted even when
   * the work it guards rolls back.
   */
  const counting = async <T>(
    work: (
      count: (key: string, subject: string, windowMs: number) => Promise<Count>,
      trx?: Transaction
    ) => Promise<T>
  ): Promise<T> =>
    canUpsert()
      ? strapi.db.connection.transaction((trx) =>
          work((key, subject, windowMs) => upsertCount(trx, key, subject, windowMs), trx)
        )
      : work(updateCount);

  /** Takes back one attempt counted on `key`, unless its window has been started again since. */
  const uncount = async (key: string, windowStart: Date, trx?: Transaction) => {
    const c = columns();
    await c
      .table(trx)
      .where(c.key, key)
      .andWhere(c.hits, '>', 0)
      .andWhere(c.windowStart, '<=', windowStart)
      .decrement(c.hits, 1);
  };

  const clientKey = (kind: AddressKind, subject: string, client: string) =>
    // The client is hashed with the address, so that rows do not show one client across addresses.
    `${kind}:${subject}:${sha256(`${subject}\n${clientOf(client)}`)}`;

  return {
    /**
     * Takes one attempt that names an address, before the work it guards: first from the
     * address and client's `lockout.maxAttempts`, then from the address's
     * `lockout.maxAttemptsPerAddress` over all clients. An attempt refused for its client does not
     * count for the address, so one client cannot use up everyone's attempts; one refused for the
     * address does not count for its client. Each count includes every concurrent attempt that
     * came first, so however many arrive at once, no more than the limits get through.
     *
     * @returns whether this attempt is the last one allowed, and what `succeeded` needs.
     * @throws RateLimitError (429, `details.retryAfterSeconds`) once either limit is used up.
     */
    async take(kind: AddressKind, attempt: AddressAttempt): Promise<CountedAddressAttempt> {
      const { perClient, perAddress, windowMs } = limits();
      const subject = subjectOf(attempt.email);
      const key = clientKey(kind, subject, attempt.client);
      // Refusals are answered after the counts commit: a refused attempt stays counted.
      const counted = await counting<
        { refused: Count } | { refused?: undefined; client: Count; address: Count }
      >(async (count, trx) => {
        const client = await count(key, subject, windowMs);
        if (client.hits > perClient) return { refused: client };
        const address = await count(`${kind}:${subject}`, subject, windowMs);
        if (address.hits > perAddress) {
          await uncount(key, client.windowStart, trx);
          return { refused: address };
        }
        return { client, address };
      });
      if (counted.refused) throw rateLimited(ADDRESS_LOCKED, counted.refused, windowMs);
      const { client, address } = counted;
      return {
        last: client.hits === perClient || address.hits === perAddress,
        addressWindowStart: address.windowStart,
      };
    },

    /**
     * The attempt succeeded (a login with the right password): its client's count is cleared,
     * and its own count at the address is taken back, so that successes never use up the
     * address's attempts. Failures before it, from any client, stay counted at the address.
     */
    async succeeded(
      kind: AddressKind,
      attempt: AddressAttempt,
      counted: CountedAddressAttempt
    ): Promise<void> {
      const subject = subjectOf(attempt.email);
      const c = columns();
      // One commit for both: the client's row first, as every count takes them.
      await strapi.db.connection.transaction(async (trx) => {
        await c
          .table(trx)
          .where(c.key, clientKey(kind, subject, attempt.client))
          .delete();
        await uncount(`${kind}:${subject}`, counted.addressWindowStart, trx);
      });
    },

    /**
     * Takes one of a customer's `lockout.maxAttempts`, before the work it guards, whichever client
     * asks: the caller already holds the customer's session.
     *
     * @returns whether this attempt is the last one allowed.
     * @throws RateLimitError (429, `details.retryAfterSeconds`) once they are used up.
     */
    async takeForCustomer(kind: CustomerKind, documentId: string): Promise<CountedAttempt> {
      const { perClient, windowMs } = limits();
      const row = await counting((count) => count(`${kind}:${documentId}`, documentId, windowMs));
      if (row.hits > perClient) throw rateLimited(ACCOUNT_LOCKED, row, windowMs);
      return { last: row.hits === perClient };
    },

    /** Clears a customer's count, after an attempt that succeeded. */
    async clearForCustomer(kind: CustomerKind, documentId: string): Promise<void> {
      await query().deleteMany({ where: { key: `${kind}:${documentId}` } });
    },

    /**
     * Deletes every count of a customer who is being deleted: those of its document id and those
     * of its address, from every client, in one statement. Runs in the caller's transaction.
     *
     * @returns how many counts were deleted.
     */
    async forgetCustomer(customer: { documentId: string; email?: string | null }): Promise<number> {
      const subjects = [customer.documentId];
      if (customer.email) subjects.push(subjectOf(customer.email));
      const { count: deleted } = await query().deleteMany({
        where: { subject: { $in: subjects } },
      });
      return Number(deleted);
    },

    /** Deletes counts whose window started before `before`: they no longer limit anything. */
    async purgeEnded(before: Date): Promise<number> {
      const { count: deleted } = await query().deleteMany({
        where: { windowStart: { $lt: before } },
      });
      return Number(deleted);
    },
  };
};

export type ThrottleService = ReturnType<typeof createThrottleService>;
export default createThrottleService;
