import { z } from '../utils/strapi-utils';
import type { z as Zod } from '@strapi/utils';
import ms from 'ms';

import { EMAIL_LOCALES } from '../../../shared/email-templates';
import { PLUGIN_ID } from '../../../shared/plugin-id';

/** A duration in the `ms` notation ("72h", "7d", "90m"), as `ms` types it. */
export type Duration = ms.StringValue;

/**
 * Strings only, so no unit can be guessed wrong. The one place a string becomes a `Duration`:
 * the configuration's type then carries it, and `ms(config.…)` needs no cast where it is used.
 */
const duration = z.string({ error: 'must be a duration string such as "72h" or "7d"' }).refine(
  (value) => {
    const parsed = ms(value as Duration) as number | undefined;
    return typeof parsed === 'number' && parsed > 0;
  },
  { error: 'must be a positive duration such as "72h" or "7d"' }
) as unknown as Zod.ZodType<Duration>;

const httpUrl = z.url({
  protocol: /^https?$/,
  error: 'must be an absolute http(s) URL such as "https://shop.example.com/login"',
});

/** A browser origin as the `Origin` header names it: scheme, host and port, nothing more. */
const origin = z.string({ error: 'must be an origin such as "https://shop.example.com"' }).refine(
  (value) => {
    try {
      const url = new URL(value);
      return /^https?:$/.test(url.protocol) && url.origin === value.toLowerCase();
    } catch {
      return false;
    }
  },
  {
    error:
      'must be an origin such as "https://shop.example.com": scheme, host and port only, no path or trailing slash',
  }
);

/**
 * Cookie mode: where the refresh token travels instead of the body. The cookie's path is not
 * configurable: it is always the narrowest one that covers the routes that read it.
 */
const sessionCookie = z
  .strictObject({
    // RFC 6265 token characters; `__Host-` demands `Path=/`, which this cookie never has.
    name: z
      .string({ error: 'must be a cookie name of letters, digits, "_" and "-"' })
      .regex(/^[A-Za-z0-9_-]{1,64}$/, {
        error: 'must be a cookie name of 1 to 64 letters, digits, "_" and "-"',
      })
      .refine((name) => !name.startsWith('__Host-'), {
        error:
          'cannot start with "__Host-": browsers require Path=/ for it, and this cookie is limited to the auth routes',
      })
      .optional(),
    secure: z.boolean({ error: 'must be true or false' }).optional(),
    sameSite: z
      .enum(['strict', 'lax', 'none'], { error: 'must be "strict", "lax" or "none"' })
      .optional(),
    domain: z
      .string({ error: 'must be a host name such as "example.com"' })
      .regex(
        /^\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/,
        {
          error: 'must be a host name such as "example.com"',
        }
      )
      .optional(),
    // The path is fixed: a site that sets one is told why, not that the key is unknown.
    path: z
      .never({
        error:
          'is not configurable: the cookie is always limited to <api.rest.prefix>/customer-login/auth, the routes that read it',
      })
      .optional(),
    allowedOrigins: z
      .array(origin, {
        error:
          'must list the storefront origins allowed to use the cookie, such as ["https://shop.example.com"]',
      })
      .min(1, {
        error:
          'must list at least one storefront origin, such as ["https://shop.example.com"]: cookie mode refuses requests from any other',
      }),
  })
  .refine((cookie) => cookie.sameSite !== 'none' || cookie.secure !== false, {
    path: ['sameSite'],
    error:
      'cannot be "none" while secure is false: browsers drop a SameSite=None cookie that is not Secure',
  })
  .refine((cookie) => !cookie.name?.startsWith('__Secure-') || cookie.secure !== false, {
    path: ['name'],
    error: 'cannot start with "__Secure-" while secure is false: browsers drop such a cookie',
  });

const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

export const configSchema = z
  .strictObject({
    contentType: z
      .string({ error: 'must be a content-type uid such as "api::customer.customer"' })
      .regex(/^(api|plugin)::[\w-]+\.[\w-]+$/, {
        error: 'must be a content-type uid such as "api::customer.customer"',
      }),
    emailField: z
      .string({ error: 'must name the email attribute of the customer type, such as "email"' })
      .min(1, { error: 'must name the email attribute of the customer type, such as "email"' }),
    password: z.strictObject({
      // bcrypt reads at most 72 bytes, so a longer minimum could never be met safely.
      minLength: wholeNumber(1, 72),
    }),
    generatedPassword: z.strictObject({
      length: wholeNumber(12, 72),
      enforceChange: z.boolean({ error: 'must be true or false' }),
      ttl: duration.optional(),
    }),
    emailConfirmation: z.strictObject({
      tokenTtl: duration,
      pageUrl: httpUrl.optional(),
      redirectUrl: httpUrl.optional(),
    }),
    resetPassword: z.strictObject({
      url: httpUrl.optional(),
      tokenTtl: duration,
    }),
    lockout: z.strictObject({
      maxAttempts: wholeNumber(1, 1000),
      maxAttemptsPerAddress: wholeNumber(1, 100_000).optional(),
      window: duration,
    }),
    loginUrl: httpUrl.optional(),
    jwt: z.strictObject({
      secret: z
        .string({ error: 'must be a string of at least 16 characters' })
        .min(16, { error: 'must be a string of at least 16 characters' })
        .optional(),
      // Sessions replaced the one long-lived token: a site that still sets this is told where
      // its setting went, instead of having it ignored.
      expiresIn: z
        .never({
          error:
            'is no longer used: access tokens last session.accessTokenTtl (default "15m") and are renewed with refresh tokens; see session.idleTimeout and session.maxLifetime',
        })
        .optional(),
    }),
    session: z.strictObject({
      accessTokenTtl: duration,
      idleTimeout: duration,
      maxLifetime: duration,
      cookie: sessionCookie.optional(),
    }),
    history: z.strictObject({
      retentionDays: wholeNumber(1, 36500),
    }),
    email: z.strictObject({
      from: z.string({ error: 'must be an address such as "Shop <no-reply@shop.com>"' }).optional(),
      locale: z.enum(EMAIL_LOCALES, { error: `must be one of ${EMAIL_LOCALES.join(', ')}` }),
      localeField: z
        .string({ error: 'must name a string or enumeration attribute of the customer type' })
        .min(1, { error: 'must name a string or enumeration attribute of the customer type' })
        .optional(),
    }),
  })
  .refine((config) => config.generatedPassword.length >= config.password.minLength, {
    path: ['generatedPassword', 'length'],
    error: 'must be at least password.minLength, or generated passwords would be refused',
  })
  .refine(({ session }) => ms(session.idleTimeout) <= ms(session.maxLifetime), {
    path: ['session', 'idleTimeout'],
    error: 'must be at most session.maxLifetime: a session ends at its maximum lifetime anyway',
  })
  .refine(({ session }) => ms(session.accessTokenTtl) <= ms(session.idleTimeout), {
    path: ['session', 'accessTokenTtl'],
    error: 'must be at most session.idleTimeout, or an access token would outlive its session',
  })
  .refine(
    ({ lockout }) =>
      lockout.maxAttemptsPerAddress === undefined ||
      lockout.maxAttemptsPerAddress >= lockout.maxAttempts,
    {
      path: ['lockout', 'maxAttemptsPerAddress'],
      error:
        'must be at least lockout.maxAttempts: it counts the attempts of every client together',
    }
  );

export type PluginConfig = Zod.infer<typeof configSchema>;

/** `session.cookie` as a site wrote it: cookie mode is on when it is set. */
export type SessionCookieConfig = NonNullable<PluginConfig['session']['cookie']>;

/**
 * Without `lockout.maxAttemptsPerAddress`, an address takes this many clients' worth of attempts
 * per window: a customer's home, work and phone, and one more, can each use up their own before
 * the address is closed to everyone, while guesses spread over any number of clients stay bounded.
 */
export const CLIENTS_PER_ADDRESS = 4;

/** The attempts per client and address, and per address over all clients, in one window. */
export const lockoutLimits = ({ lockout }: Pick<PluginConfig, 'lockout'>) => ({
  perClient: lockout.maxAttempts,
  perAddress: lockout.maxAttemptsPerAddress ?? lockout.maxAttempts * CLIENTS_PER_ADDRESS,
  windowMs: ms(lockout.window),
});

export const defaultConfig: PluginConfig = {
  contentType: 'api::customer.customer',
  emailField: 'email',
  password: { minLength: 8 },
  generatedPassword: { length: 16, enforceChange: false },
  emailConfirmation: { tokenTtl: '72h' },
  resetPassword: { tokenTtl: '1h' },
  lockout: { maxAttempts: 5, window: '15m' },
  jwt: {},
  session: { accessTokenTtl: '15m', idleTimeout: '14d', maxLifetime: '30d' },
  history: { retentionDays: 365 },
  email: { locale: 'en' },
};

/** Turns the first schema issue into one sentence naming the key and where to fix it. */
export const describeConfigError = (error: Zod.ZodError): string => {
  const issue = error.issues[0];
  if (!issue) return 'the configuration is invalid';
  const key = issue.path.join('.');
  const where = `in config/plugins under '${PLUGIN_ID}': { config: { ... } }`;
  if (issue.code === 'unrecognized_keys') {
    const scope = key ? `"${key}"` : 'the configuration';
    return `${scope} has unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove or rename them ${where}`;
  }
  return `"${key}" ${issue.message}: fix it ${where}`;
};

export default {
  default: defaultConfig,
  validator(config: unknown) {
    const result = configSchema.safeParse(config);
    if (!result.success) {
      throw new Error(describeConfigError(result.error));
    }
  },
};
