import { createHash } from 'node:crypto';

import type { Core } from '@strapi/strapi';
import { errors } from '../utils/strapi-utils';
import ms from 'ms';

import { THROTTLE_UID } from '../models';
import { getConfig } from '../utils/config';
import { normalizeEmail } from './customers';

/** What is counted: failed logins, and requests that email an address. */
export type ThrottleKind = 'login' | 'forgot-password' | 'email-confirmation';

interface ThrottleRow {
  id: number;
  hits: number;
  windowStart: string | Date;
}

/**
 * Counts attempts per email address in the database, so a limit holds across every Strapi
 * process. Addresses are stored as SHA-256: attackers' guesses are not kept in clear.
 */
const createThrottleService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(THROTTLE_UID);
  const keyOf = (kind: ThrottleKind, email: string) =>
    `${kind}:${createHash('sha256').update(normalizeEmail(email)).digest('hex')}`;
  const limits = () => {
    const { maxAttempts, window } = getConfig(strapi).lockout;
    return { maxAttempts, windowMs: ms(window as ms.StringValue) };
  };
  const inWindow = (row: ThrottleRow, windowMs: number) =>
    Date.now() - new Date(row.windowStart).getTime() < windowMs;

  /** Atomic `hits = hits + 1`, so concurrent processes never lose a count. */
  const increment = async (id: number) => {
    const { tableName, attributes } = strapi.db.metadata.get(THROTTLE_UID) as unknown as {
      tableName: string;
      attributes: Record<string, { columnName?: string }>;
    };
    const column = attributes.hits?.columnName ?? 'hits';
    await strapi.db.connection(tableName).where({ id }).increment(column, 1);
  };

  const rateLimited = (row: ThrottleRow, windowMs: number) =>
    new errors.RateLimitError('Too many attempts for this address. Try again later.', {
      retryAfterSeconds: Math.ceil(
        (new Date(row.windowStart).getTime() + windowMs - Date.now()) / 1000
      ),
    });

  /** Counts one attempt (a window that has run out starts again) and reads the count back. */
  const count = async (key: string, windowMs: number): Promise<ThrottleRow> => {
    for (let attempt = 0; ; attempt += 1) {
      const row = (await query().findOne({ where: { key } })) as ThrottleRow | null;
      if (row && !inWindow(row, windowMs)) {
        await query().update({ where: { id: row.id }, data: { hits: 1, windowStart: new Date() } });
      } else if (row) {
        await increment(row.id);
      } else {
        try {
          await query().create({ data: { key, hits: 1, windowStart: new Date() } });
        } catch (error) {
          // Another process created the row first (the key is unique): count on it once.
          if (attempt > 0) throw error;
          continue;
        }
      }
      return (await query().findOne({ where: { key } })) as ThrottleRow;
    }
  };

  return {
    /**
     * Takes one of the address's attempts in the current window, before the work it guards. The
     * count is read back after the atomic increment, so it includes this attempt and every
     * concurrent one that came first: however many arrive at once, at most `maxAttempts` get
     * through per window.
     *
     * @returns whether this attempt is the last one allowed (the next one is refused).
     * @throws RateLimitError once the attempts are used up.
     */
    async take(kind: ThrottleKind, email: string): Promise<{ last: boolean }> {
      const { maxAttempts, windowMs } = limits();
      const row = await count(keyOf(kind, email), windowMs);
      if (row.hits > maxAttempts) throw rateLimited(row, windowMs);
      return { last: row.hits === maxAttempts };
    },

    async reset(kind: ThrottleKind, email: string): Promise<void> {
      await query().deleteMany({ where: { key: keyOf(kind, email) } });
    },

    /** Deletes counts whose window started before `before`: they no longer limit anything. */
    async purgeEnded(before: Date): Promise<number> {
      const { count } = await query().deleteMany({ where: { windowStart: { $lt: before } } });
      return Number(count);
    },
  };
};

export type ThrottleService = ReturnType<typeof createThrottleService>;
export default createThrottleService;
