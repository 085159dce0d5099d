import { z } from '../utils/strapi-utils';

/** bcrypt reads at most this many bytes; anything longer would be silently ignored. */
export const BCRYPT_MAX_BYTES = 72;

/** The password policy: at least `minLength` characters, at most 72 bytes of UTF-8. */
export const passwordSchema = (minLength: number) =>
  z
    .string({ error: 'Password must be text' })
    .refine((value) => [...value].length >= minLength, {
      error: `Password must be at least ${minLength} characters long`,
    })
    .refine((value) => Buffer.byteLength(value, 'utf8') <= BCRYPT_MAX_BYTES, {
      error: `Password must be at most ${BCRYPT_MAX_BYTES} bytes long`,
    });
