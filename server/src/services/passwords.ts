import { randomInt } from 'node:crypto';

import type { Core } from '@strapi/strapi';

import { createBcryptPool } from '../utils/bcrypt-pool';
import { getConfig, getCustomerModel } from '../utils/config';

/** Letters and digits without the look-alikes 0/O/o, 1/l/I/i. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
const CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/];
const DEFAULT_ROUNDS = 10;

/** A crypto-random password of `length` characters with upper case, lower case and a digit. */
export const generatePassword = (length: number): string => {
  for (;;) {
    let password = '';
    for (let i = 0; i < length; i += 1) password += ALPHABET[randomInt(ALPHABET.length)];
    if (CLASSES.every((pattern) => pattern.test(password))) return password;
  }
};

const createPasswordsService = ({ strapi }: { strapi: Core.Strapi }) => {
  // The rounds Strapi itself would use for this attribute, so every hash costs the same.
  const rounds = () => {
    const attribute = getCustomerModel(strapi).attributes.password as
      { encryption?: { rounds?: number } } | undefined;
    return Number(attribute?.encryption?.rounds ?? DEFAULT_ROUNDS);
  };

  const bcrypt = createBcryptPool();
  let dummyHash: Promise<string> | undefined;

  return {
    generate: () => generatePassword(getConfig(strapi).generatedPassword.length),

    hash: (plaintext: string) => bcrypt.hash(plaintext, rounds()),

    /** Stops the hashing threads (plugin destroy). */
    close: () => bcrypt.close(),

    /**
     * Compares a password with a stored hash. Without a hash it compares against a dummy one, so an
     * unknown account costs the same time as a wrong password.
     */
    async verify(plaintext: string, hash: string | null): Promise<boolean> {
      if (!hash) {
        dummyHash ??= bcrypt.hash('customer-login-dummy', rounds());
        await bcrypt.compare(plaintext, await dummyHash);
        return false;
      }
      return bcrypt.compare(plaintext, hash);
    },
  };
};

export type PasswordsService = ReturnType<typeof createPasswordsService>;
export default createPasswordsService;
