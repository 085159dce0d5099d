import { createHash, randomBytes } from 'node:crypto';

import type { Core } from '@strapi/strapi';

import { TOKEN_UID } from '../models';

const TOKEN_BYTES = 32;

export type TokenPurpose = 'email-confirmation' | 'password-reset';

/** A used token still names its customer, so a second click can say "already confirmed". */
export type ConsumeResult =
  { status: 'ok' | 'used'; customer: string; email: string } | { status: 'unknown' | 'expired' };

interface TokenRow {
  id: number;
  customer: string;
  email: string;
  expiresAt: string | Date;
  usedAt: string | Date | null;
}

/** Tokens travel as base64url: 32 bytes are 43 characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Single-use, expiring tokens for links sent to customers. Only their SHA-256 is stored, so a
 * database dump cannot be replayed; the plaintext exists only in the email.
 */
const createTokensService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(TOKEN_UID);

  return {
    /** Stores a new token for the customer's current address and returns its plaintext. */
    async issue(input: {
      customer: string;
      email: string;
      purpose: TokenPurpose;
      ttlMs: number;
    }): Promise<string> {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      await query().create({
        data: {
          customer: input.customer,
          email: input.email,
          purpose: input.purpose,
          tokenHash: digest(token),
          expiresAt: new Date(Date.now() + input.ttlMs),
        },
      });
      return token;
    },

    /**
     * Voids the customer's unused tokens of one purpose (so only the next one issued works), or of
     * every purpose.
     */
    async voidOutstanding(customer: string, purpose?: TokenPurpose): Promise<void> {
      await query().updateMany({
        where: { customer, ...(purpose ? { purpose } : {}), usedAt: null },
        data: { usedAt: new Date() },
      });
    },

    /** Deletes every token of a customer that no longer exists. */
    async forgetCustomer(customer: string): Promise<void> {
      await query().deleteMany({ where: { customer } });
    },

    /** What a token is worth now, without using it. */
    async inspect(token: string, purpose: TokenPurpose): Promise<ConsumeResult & { id?: number }> {
      if (!TOKEN_PATTERN.test(token)) return { status: 'unknown' };
      const row = (await query().findOne({
        where: { tokenHash: digest(token), purpose },
      })) as TokenRow | null;
      if (!row) return { status: 'unknown' };
      const { customer, email } = row;
      if (row.usedAt) return { status: 'used', customer, email };
      if (new Date(row.expiresAt).getTime() <= Date.now()) return { status: 'expired' };
      return { status: 'ok', customer, email, id: row.id };
    },

    /** Marks a token used, once: a concurrent second use finds it already taken. */
    async consume(token: string, purpose: TokenPurpose): Promise<ConsumeResult> {
      const { id, ...result } = await this.inspect(token, purpose);
      if (result.status !== 'ok') return result;
      const { count } = await query().updateMany({
        where: { id, usedAt: null },
        data: { usedAt: new Date() },
      });
      return Number(count) === 0 ? { ...result, status: 'used' } : result;
    },

    /** Deletes tokens that expired before `before`. */
    async purgeExpired(before: Date): Promise<number> {
      const { count } = await query().deleteMany({ where: { expiresAt: { $lt: before } } });
      return Number(count);
    },
  };
};

export type TokensService = ReturnType<typeof createTokensService>;
export default createTokensService;
