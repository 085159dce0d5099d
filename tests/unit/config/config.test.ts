import config, { defaultConfig, lockoutLimits } from '../../../server/src/config';

const withDefaults = (overrides: Record<string, unknown>) => ({ ...defaultConfig, ...overrides });

describe('config.validator', () => {
  test('Given the defaults, When validated, Then it accepts them', () => {
    expect(() => config.validator(defaultConfig)).not.toThrow();
  });

  test('Given every optional key set, When validated, Then it accepts them', () => {
    expect(() =>
      config.validator(
        withDefaults({
          loginUrl: 'https://shop.example.com/login',
          emailConfirmation: { tokenTtl: '24h', redirectUrl: 'https://shop.example.com/confirmed' },
          jwt: { secret: 'a-long-enough-secret' },
          session: { accessTokenTtl: '5m', idleTimeout: '7d', maxLifetime: '90d' },
          email: {
            from: 'Shop <no-reply@shop.example.com>',
            locale: 'it',
            localeField: 'language',
          },
        })
      )
    ).not.toThrow();
  });

  test.each([
    [{ contentType: 'customer' }, /"contentType" must be a content-type uid/],
    [{ emailField: '' }, /"emailField" must name the email attribute/],
    [{ password: { minLength: 80 } }, /"password\.minLength" must be at most 72/],
    [{ password: { minLength: 8.5 } }, /"password\.minLength" must be a whole number/],
    [{ generatedPassword: { length: 8 } }, /"generatedPassword\.length" must be at least 12/],
    [
      { generatedPassword: { length: 16, enforceChange: 'yes' } },
      /"generatedPassword\.enforceChange" must be true or false/,
    ],
    [{ loginUrl: 'javascript:alert(1)' }, /"loginUrl" must be an absolute http\(s\) URL/],
    [{ jwt: { secret: 'short' } }, /"jwt\.secret" must be a string of at least 16/],
    [{ jwt: { expiresIn: '7d' } }, /"jwt\.expiresIn" is no longer used: .*session\.accessTokenTtl/],
    [
      { session: { accessTokenTtl: 900, idleTimeout: '14d', maxLifetime: '30d' } },
      /"session\.accessTokenTtl" must be a duration string/,
    ],
    [
      {
        session: { accessTokenTtl: '15m', idleTimeout: '14d', maxLifetime: '30d', lifetime: '7d' },
      },
      /"session" has unknown key\(s\) "lifetime"/,
    ],
    [{ email: { from: 42 } }, /"email\.from" must be an address/],
    [
      { lockout: { maxAttempts: 5, window: '15m', maxAttemptsPerAddress: 0 } },
      /"lockout\.maxAttemptsPerAddress" must be at least 1/,
    ],
    [
      { lockout: { maxAttempts: 5, window: '15m', maxAttemptsPerAddress: 4 } },
      /"lockout\.maxAttemptsPerAddress" must be at least lockout\.maxAttempts/,
    ],
    [
      { lockout: { maxAttempts: 5, window: '15m', maxAttemptsPerAddress: 'many' } },
      /"lockout\.maxAttemptsPerAddress" must be a whole number/,
    ],
    [{ email: { locale: 'pt' } }, /"email\.locale" must be one of en, it, fr, de, es/],
    [
      { email: { locale: 'en', localeField: '' } },
      /"email\.localeField" must name a string or enumeration attribute/,
    ],
  ])('Given %j, When validated, Then it names the key', (overrides, message) => {
    expect(() => config.validator(withDefaults(overrides))).toThrow(message);
  });

  test.each([
    [
      { resetPassword: { tokenTtl: '0s' } },
      /"resetPassword\.tokenTtl" must be a positive duration/,
    ],
    [
      { resetPassword: { tokenTtl: 'soon' } },
      /"resetPassword\.tokenTtl" must be a positive duration/,
    ],
    [
      { password: { minLength: 20 } },
      /"generatedPassword\.length" must be at least password\.minLength/,
    ],
  ])('Given %j, When validated, Then it is refused with the reason', (overrides, message) => {
    expect(() => config.validator(withDefaults(overrides))).toThrow(message);
  });

  test('Given generated passwords exactly as long as the minimum, When validated, Then it accepts them', () => {
    expect(() =>
      config.validator(
        withDefaults({
          password: { minLength: 16 },
          generatedPassword: { length: 16, enforceChange: false },
        })
      )
    ).not.toThrow();
  });

  test.each([
    [
      'at the root',
      { ...defaultConfig, extra: 1, other: 2 },
      'the configuration has unknown key(s) "extra", "other": remove or rename them in config/plugins under \'customer-login\': { config: { ... } }',
    ],
    [
      'under password',
      withDefaults({ password: { minLength: 8, maxLength: 72 } }),
      '"password" has unknown key(s) "maxLength": remove or rename them in config/plugins under \'customer-login\': { config: { ... } }',
    ],
  ])(
    'Given unknown keys %s, When validated, Then the message names them and where',
    (_where, input, message) => {
      expect(() => config.validator(input)).toThrow(new Error(message));
    }
  );

  test('Given an error, Then the message says where to fix it', () => {
    expect(() => config.validator(withDefaults({ loginUrl: 'nope' }))).toThrow(
      /fix it in config\/plugins under 'customer-login'/
    );
  });
});

describe('config.validator, session.cookie', () => {
  const SHOP = 'https://shop.example.com';
  const withCookie = (cookie: Record<string, unknown>) =>
    withDefaults({ session: { ...defaultConfig.session, cookie } });

  test('Given only allowedOrigins, When validated, Then it accepts them (the rest has defaults)', () => {
    expect(() => config.validator(withCookie({ allowedOrigins: [SHOP] }))).not.toThrow();
  });

  test('Given every key set, When validated, Then it accepts them', () => {
    expect(() =>
      config.validator(
        withCookie({
          name: '__Secure-shop_refresh',
          secure: true,
          sameSite: 'none',
          domain: '.example.com',
          allowedOrigins: [SHOP, 'http://localhost:3000', 'HTTPS://Admin.Example.com'],
        })
      )
    ).not.toThrow();
  });

  test.each([
    [{}, /"session\.cookie\.allowedOrigins" must list the storefront origins/],
    [{ allowedOrigins: [] }, /"session\.cookie\.allowedOrigins" must list at least one/],
    [{ allowedOrigins: SHOP }, /"session\.cookie\.allowedOrigins" must list the storefront/],
    [{ allowedOrigins: [`${SHOP}/`] }, /"session\.cookie\.allowedOrigins\.0" must be an origin/],
    [
      { allowedOrigins: [SHOP, `${SHOP}/login`] },
      /"session\.cookie\.allowedOrigins\.1" must be an origin .* no path/,
    ],
    [{ allowedOrigins: ['shop.example.com'] }, /"session\.cookie\.allowedOrigins\.0" must be/],
    [{ allowedOrigins: ['ftp://shop.example.com'] }, /"session\.cookie\.allowedOrigins\.0"/],
    [{ allowedOrigins: ['*'] }, /"session\.cookie\.allowedOrigins\.0" must be an origin/],
    [{ allowedOrigins: [SHOP], secure: 'yes' }, /"session\.cookie\.secure" must be true or false/],
    [
      { allowedOrigins: [SHOP], sameSite: 'Strict!' },
      /"session\.cookie\.sameSite" must be "strict", "lax" or "none"/,
    ],
    [
      { allowedOrigins: [SHOP], sameSite: 'none', secure: false },
      /"session\.cookie\.sameSite" cannot be "none" while secure is false/,
    ],
    [
      { allowedOrigins: [SHOP], name: 'a;b' },
      /"session\.cookie\.name" must be a cookie name of 1 to 64/,
    ],
    [
      { allowedOrigins: [SHOP], name: '__Host-refresh' },
      /"session\.cookie\.name" cannot start with "__Host-"/,
    ],
    [
      { allowedOrigins: [SHOP], name: '__Secure-refresh', secure: false },
      /"session\.cookie\.name" cannot start with "__Secure-" while secure is false/,
    ],
    [
      { allowedOrigins: [SHOP], domain: 'https://example.com' },
      /"session\.cookie\.domain" must be a host name/,
    ],
    [{ allowedOrigins: [SHOP], path: '/' }, /"session\.cookie\.path" is not configurable/],
    [{ allowedOrigins: [SHOP], maxAge: 60 }, /"session\.cookie" has unknown key\(s\) "maxAge"/],
  ])(
    'Given session.cookie %j, When validated, Then it names the key and the reason',
    (cookie, message) => {
      expect(() => config.validator(withCookie(cookie))).toThrow(message);
    }
  );
});

describe('lockoutLimits', () => {
  test('Given no maxAttemptsPerAddress, Then an address takes four clients worth of attempts', () => {
    expect(lockoutLimits(defaultConfig)).toEqual({
      perClient: 5,
      perAddress: 20,
      windowMs: 15 * 60_000,
    });
    expect(lockoutLimits({ lockout: { maxAttempts: 1000, window: '15m' } }).perAddress).toBe(4000);
  });

  test('Given maxAttemptsPerAddress, Then it is the ceiling, even when equal to maxAttempts', () => {
    expect(
      lockoutLimits({ lockout: { maxAttempts: 3, maxAttemptsPerAddress: 3, window: '1h' } })
    ).toEqual({ perClient: 3, perAddress: 3, windowMs: 3_600_000 });
    expect(() =>
      config.validator(
        withDefaults({ lockout: { maxAttempts: 3, maxAttemptsPerAddress: 3, window: '1h' } })
      )
    ).not.toThrow();
  });
});
