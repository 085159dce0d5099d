import {
  confirmationLinkIn,
  confirmThroughLink,
  createCustomer,
  login,
  uniqueEmail,
} from '../helpers/api';
import { withTestApp } from '../helpers/test-app';

/** Each case boots Strapi with one bad key and expects boot to stop with this message. */
describe('a bad configuration stops Strapi at boot with one message naming the key and the fix', () => {
  test.each([
    [
      'a missing content type',
      { contentType: 'api::shopper.shopper' },
      /"contentType" is "api::shopper\.shopper", but no content type has that uid\. Fix: set contentType/,
    ],
    [
      'a missing email field',
      { emailField: 'mail' },
      /"emailField" names "mail", which is not an attribute of api::customer\.customer\. Fix: set emailField/,
    ],
    [
      'an email field of the wrong type',
      { emailField: 'createdAt' },
      /"emailField" names "createdAt", which is of type datetime/,
    ],
    [
      'a type that already has a login attribute',
      { contentType: 'api::member.member' },
      /"contentType" "api::member\.member" already has the attribute\(s\) password, which this plugin adds\. Fix: rename or remove password/,
    ],
    [
      'a locale field that is not an attribute',
      { email: { localeField: 'lang' } },
      /"email\.localeField" names "lang", which is not an attribute of api::customer\.customer\. Fix: set email\.localeField to a string or enumeration attribute/,
    ],
    [
      'a locale field of the wrong type',
      { email: { localeField: 'createdAt' } },
      /"email\.localeField" names "createdAt", which is of type datetime/,
    ],
    [
      'an email language without a default template',
      { email: { locale: 'pt' } },
      /"email\.locale" must be one of en, it, fr, de, es/,
    ],
    [
      'a bad value',
      { password: { minLength: 0 } },
      /"password\.minLength" must be at least 1: fix it in config\/plugins under 'customer-login'/,
    ],
    [
      'an unknown key',
      { passwordMinLength: 10 },
      /the configuration has unknown key\(s\) "passwordMinLength": remove or rename them/,
    ],
    [
      'a generated length below the minimum',
      { password: { minLength: 20 } },
      /"generatedPassword\.length" must be at least password\.minLength/,
    ],
    [
      'a per-address ceiling below the per-client limit',
      { lockout: { maxAttemptsPerAddress: 3 } },
      /"lockout\.maxAttemptsPerAddress" must be at least lockout\.maxAttempts: .*fix it in config\/plugins under 'customer-login'/,
    ],
    [
      'a malformed duration',
      { emailConfirmation: { tokenTtl: 'soon' } },
      /"emailConfirmation\.tokenTtl" must be a positive duration such as "72h"/,
    ],
    [
      'the session lifetime of before sessions had refresh tokens',
      { jwt: { secret: 'a-secret-of-sixteen-or-more', expiresIn: '7d' } },
      /"jwt\.expiresIn" is no longer used: access tokens last session\.accessTokenTtl/,
    ],
    [
      'an idle timeout longer than the maximum lifetime',
      { session: { accessTokenTtl: '15m', idleTimeout: '60d', maxLifetime: '30d' } },
      /"session\.idleTimeout" must be at most session\.maxLifetime/,
    ],
    [
      'an access token outliving the idle timeout',
      { session: { accessTokenTtl: '2d', idleTimeout: '1d', maxLifetime: '30d' } },
      /"session\.accessTokenTtl" must be at most session\.idleTimeout/,
    ],
    [
      'no JWT secret outside development',
      { jwt: {} },
      /"jwt\.secret" is required outside development .* Fix: set jwt: \{ secret: env\('CUSTOMER_LOGIN_JWT_SECRET'\) \}/,
    ],
  ])('%s', async (_case, pluginConfig, message) => {
    await expect(withTestApp({ pluginConfig }, async () => undefined)).rejects.toThrow(message);
  });
});

describe('a configuration that is right', () => {
  test('another customer type and email attribute work through the configuration alone', async () => {
    await withTestApp(
      {
        pluginConfig: { contentType: 'api::client.client', emailField: 'mail' },
      },
      async (app) => {
        const mail = uniqueEmail('client');
        const created = await app
          .http()
          .post('/content-manager/collection-types/api::client.client')
          .set('Authorization', `Bearer ${app.adminToken}`)
          .send({
            name: 'Client',
            mail,
            loginEnabled: true,
            emailConfirmed: true,
            password: 'client-password-1',
            passwordConfirmation: 'client-password-1',
          });
        expect(created.status).toBe(201);

        expect((await login(app, mail, 'client-password-1')).status).toBe(200);
        // The customer type is untouched: it has no login attributes now.
        const customer = await createCustomer(app, { email: uniqueEmail(), loginEnabled: true });
        expect(customer.status).toBe(201);
        expect(customer.body.data).not.toHaveProperty('loginEnabled');
      }
    );
  });

  test('lockout.maxAttemptsPerAddress closes the address to every client once reached', async () => {
    await withTestApp(
      {
        pluginConfig: { lockout: { maxAttempts: 3, maxAttemptsPerAddress: 4 } },
        trustProxy: true,
      },
      async (app) => {
        const email = uniqueEmail();
        const created = await createCustomer(app, {
          email,
          loginEnabled: true,
          emailConfirmed: true,
          password: 'ceiling-password-1',
          passwordConfirmation: 'ceiling-password-1',
        });
        expect(created.status).toBe(201);
        const from = (client: string, password: string) =>
          login(app, email, password, { from: client });

        for (let i = 0; i < 3; i += 1)
          expect((await from('192.0.2.1', `wrong-${i}-pass`)).status).toBe(400);
        expect((await from('192.0.2.1', 'ceiling-password-1')).status).toBe(429);
        expect((await from('192.0.2.2', 'wrong-3-pass')).status).toBe(400);

        expect((await from('192.0.2.3', 'ceiling-password-1')).status).toBe(429);
      }
    );
  });

  test('emailConfirmation.redirectUrl sends a confirmed customer to the site', async () => {
    await withTestApp(
      {
        pluginConfig: {
          emailConfirmation: { tokenTtl: '1h', redirectUrl: 'https://shop.example.com/confirmed' },
        },
      },
      async (app) => {
        const email = uniqueEmail();
        await createCustomer(app, { email, loginEnabled: true }).expect(201);
        const [mail] = app.smtp.mailsTo(email);
        expect(mail?.text).toContain('expires in 1 hour');

        const res = await confirmThroughLink(app, confirmationLinkIn(mail!)!);

        expect(res.status).toBe(303);
        expect(res.headers.location).toBe('https://shop.example.com/confirmed');
      }
    );
  });

  test('in development a missing JWT secret is generated, with a warning', async () => {
    await withTestApp(
      {
        nodeEnv: 'development',
        pluginConfig: { jwt: {} },
      },
      async (app) => {
        expect(app.logs.join('\n')).toMatch(/no jwt\.secret configured/);
        const email = uniqueEmail();
        await createCustomer(app, {
          email,
          loginEnabled: true,
          emailConfirmed: true,
          password: 'dev-password-1',
          passwordConfirmation: 'dev-password-1',
        }).expect(201);
        const res = await login(app, email, 'dev-password-1');
        expect(res.status).toBe(200);
        expect(res.body.jwt).toEqual(expect.any(String));
      }
    );
  });
});
