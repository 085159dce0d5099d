import {
  confirmationLinkIn,
  confirmThroughLink,
  countCustomers,
  createCustomer,
  createLoginCustomer,
  login,
  passwordIn,
  uniqueEmail,
  updateCustomer,
} from '../helpers/api';
import { CUSTOMER_UID } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';

const app = useTestApp();

const PASSWORD = 'correct-horse-battery';

const confirmedCustomer = () => createLoginCustomer(app, PASSWORD);

const storedRows = (documentId: string) =>
  app.strapi.db.query(CUSTOMER_UID).findMany({ where: { documentId } }) as Promise<
    Array<Record<string, unknown>>
  >;

describe('creating a customer with a password', () => {
  test('Given login enabled and a matching confirmation, the password logs in', async () => {
    const { email } = await confirmedCustomer();

    const res = await login(app, email, PASSWORD);

    expect(res.status).toBe(200);
    expect(typeof res.body.jwt).toBe('string');
    expect(res.body.customer).toMatchObject({ email, firstName: 'Grace' });
    for (const key of ['password', 'loginEnabled', 'emailConfirmed']) {
      expect(res.body.customer).not.toHaveProperty(key);
    }
  });

  test('the transient keys are never stored and the password is hashed once', async () => {
    const { documentId } = await confirmedCustomer();

    const [row] = await storedRows(documentId);

    expect(row).not.toHaveProperty('passwordConfirmation');
    expect(row).not.toHaveProperty('sendCredentials');
    expect(String(row?.password)).toMatch(/^\$2[aby]\$10\$.{53}$/);
    expect(String(row?.password)).not.toContain(PASSWORD);
  });

  test('8 characters, the default minimum, are enough', async () => {
    const { email } = await createLoginCustomer(app, 'eight-88');

    expect((await login(app, email, 'eight-88')).status).toBe(200);
  });

  test('bcrypt rounds come from the password attribute, as Strapi hashes it', async () => {
    const attribute = app.strapi.contentType(CUSTOMER_UID).attributes.password as {
      encryption?: { rounds: number };
    };
    attribute.encryption = { rounds: 4 };
    try {
      const { documentId, email } = await confirmedCustomer();

      const [row] = await storedRows(documentId);
      expect(String(row?.password)).toMatch(/^\$2[aby]\$04\$.{53}$/);
      expect((await login(app, email, PASSWORD)).status).toBe(200);
    } finally {
      delete attribute.encryption;
    }
  });

  test('login matches the address without regard to case or surrounding spaces', async () => {
    const { email } = await confirmedCustomer();

    const res = await login(app, `  ${email.toUpperCase()} `, PASSWORD);

    expect(res.status).toBe(200);
  });
});

describe('a password that breaks the policy is refused with the field named, and nothing is saved', () => {
  test.each([
    ['a confirmation that differs', PASSWORD, 'something-else', 'passwordConfirmation'],
    ['fewer than 8 characters', 'short', 'short', 'password'],
    ['7 characters, one below the default minimum of 8', 'seven-7', 'seven-7', 'password'],
    ['more than 72 bytes', 'é'.repeat(37), 'é'.repeat(37), 'password'],
  ])('%s', async (_case, password, passwordConfirmation, path) => {
    const before = await countCustomers(app);

    const res = await createCustomer(app, {
      email: uniqueEmail(),
      loginEnabled: true,
      password,
      passwordConfirmation,
    });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      data: null,
      error: { status: 400, name: 'ValidationError', details: { errors: [{ path: [path] }] } },
    });
    expect(await countCustomers(app)).toBe(before);
  });

  test('on edit the stored password survives a refused change', async () => {
    const { email, documentId } = await confirmedCustomer();

    const res = await updateCustomer(app, documentId, {
      email,
      loginEnabled: true,
      password: 'new-password-1',
      passwordConfirmation: 'new-password-2',
    });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['passwordConfirmation']);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
    expect((await login(app, email, 'new-password-1')).status).toBe(400);
  });
});

describe('editing without a password keeps the old one', () => {
  test.each([
    ['absent', {}],
    ['empty', { password: '', passwordConfirmation: '' }],
    ['null', { password: null, passwordConfirmation: null }],
  ])('password %s', async (_case, passwordKeys) => {
    const { email, documentId } = await confirmedCustomer();
    const [before] = await storedRows(documentId);

    const res = await updateCustomer(app, documentId, {
      firstName: 'Renamed',
      email,
      loginEnabled: true,
      emailConfirmed: true,
      ...passwordKeys,
    });

    expect(res.status).toBe(200);
    expect(res.body.data.firstName).toBe('Renamed');
    const [after] = await storedRows(documentId);
    expect(after?.password).toBe(before?.password);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('a new password replaces the old one', async () => {
    const { email, documentId } = await confirmedCustomer();

    const res = await updateCustomer(app, documentId, {
      email,
      loginEnabled: true,
      password: 'brand-new-password',
      passwordConfirmation: 'brand-new-password',
    });

    expect(res.status).toBe(200);
    expect((await login(app, email, 'brand-new-password')).status).toBe(200);
    expect((await login(app, email, PASSWORD)).status).toBe(400);
  });
});

describe('Generate and send credentials on save', () => {
  test('on create: exactly one email, and its password logs in', async () => {
    const email = uniqueEmail();
    const mailsBefore = app.smtp.mails.length;

    const res = await createCustomer(app, {
      email,
      loginEnabled: true,
      emailConfirmed: true,
      sendCredentials: true,
      password: 'typed-but-ignored',
      passwordConfirmation: 'typed-but-ignored',
    });

    expect(res.status).toBe(201);
    await app.smtp.waitForMails(mailsBefore + 1);
    const mails = app.smtp.mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Your login details');
    expect(mails[0]?.text).toContain('http://localhost:3000/login');
    expect(confirmationLinkIn(mails[0]!)).toBeUndefined();
    const password = passwordIn(mails[0]!);
    expect(password).toHaveLength(16);
    expect(password).not.toMatch(/[0O1lIi]/);
    expect((await login(app, email, password)).status).toBe(200);
    expect((await login(app, email, 'typed-but-ignored')).status).toBe(400);
  });

  test('on edit: exactly one email, its password logs in and the old one fails', async () => {
    const { email, documentId } = await confirmedCustomer();

    const res = await updateCustomer(app, documentId, {
      email,
      loginEnabled: true,
      emailConfirmed: true,
      sendCredentials: true,
    });

    expect(res.status).toBe(200);
    const mails = app.smtp.mailsTo(email);
    expect(mails).toHaveLength(1);
    expect((await login(app, email, passwordIn(mails[0]!))).status).toBe(200);
    expect((await login(app, email, PASSWORD)).status).toBe(400);
  });

  test.each([
    ['login disabled', { loginEnabled: false, email: uniqueEmail() }, 'loginEnabled'],
    ['no email', { loginEnabled: true, email: null }, 'email'],
  ])('with %s it is refused naming the field, and nothing is created', async (_c, data, path) => {
    const before = await countCustomers(app);
    const mailsBefore = app.smtp.mails.length;

    const res = await createCustomer(app, { ...data, sendCredentials: true });

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'ValidationError',
      details: { errors: [{ path: [path] }] },
    });
    expect(await countCustomers(app)).toBe(before);
    expect(app.smtp.mails.length).toBe(mailsBefore);
  });

  test('an unconfirmed customer gets the confirmation link inside the credentials email', async () => {
    const email = uniqueEmail();

    const res = await createCustomer(app, { email, loginEnabled: true, sendCredentials: true });

    expect(res.status).toBe(201);
    const mails = app.smtp.mailsTo(email);
    expect(mails).toHaveLength(1);
    const link = confirmationLinkIn(mails[0]!);
    expect(link).toBeDefined();
    const password = passwordIn(mails[0]!);
    expect((await login(app, email, password)).status).toBe(403);
    expect((await confirmThroughLink(app, link!)).status).toBe(200);
    expect((await login(app, email, password)).status).toBe(200);
  });
});

describe('when the email cannot be sent nothing changes', () => {
  test('SMTP server down: create fails saying so and no customer exists', async () => {
    const email = uniqueEmail();
    const before = await countCustomers(app);
    await app.smtp.stop();
    try {
      const res = await createCustomer(app, { email, loginEnabled: true, sendCredentials: true });

      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/could not be sent/);
      expect(await countCustomers(app)).toBe(before);
    } finally {
      await app.smtp.start();
    }
  });

  test('SMTP server down: edit fails and the old password still works', async () => {
    const { email, documentId } = await confirmedCustomer();
    await app.smtp.stop();
    try {
      const res = await updateCustomer(app, documentId, {
        firstName: 'Changed',
        email,
        loginEnabled: true,
        emailConfirmed: true,
        sendCredentials: true,
      });

      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/could not be sent/);
    } finally {
      await app.smtp.start();
    }
    expect((await login(app, email, PASSWORD)).status).toBe(200);
    const [row] = await storedRows(documentId);
    expect(row?.firstName).toBe('Grace');
  });

  test('recipient refused by the server: the same, and the server is reachable again after', async () => {
    const { email, documentId } = await confirmedCustomer();
    app.smtp.rejectAll = true;
    try {
      const res = await updateCustomer(app, documentId, {
        email,
        loginEnabled: true,
        emailConfirmed: true,
        sendCredentials: true,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/could not be sent/);
    } finally {
      app.smtp.rejectAll = false;
    }
    expect((await login(app, email, PASSWORD)).status).toBe(200);

    const again = await updateCustomer(app, documentId, {
      email,
      loginEnabled: true,
      emailConfirmed: true,
      sendCredentials: true,
    });
    expect(again.status).toBe(200);
    const mails = app.smtp.mailsTo(email);
    expect(mails).toHaveLength(1);
    expect((await login(app, email, passwordIn(mails[0]!))).status).toBe(200);
    expect((await login(app, email, PASSWORD)).status).toBe(400);
  });
});

describe('turning login on for an unconfirmed customer', () => {
  test('sends the confirmation link in its own email', async () => {
    const email = uniqueEmail();

    const res = await createCustomer(app, {
      email,
      loginEnabled: true,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
    });

    expect(res.status).toBe(201);
    const mails = app.smtp.mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Please confirm your email address');
    expect(mails[0]?.text).not.toContain(PASSWORD);
    expect(confirmationLinkIn(mails[0]!)).toBeDefined();
  });

  test('does not send it again on a later save that leaves login on', async () => {
    const email = uniqueEmail();
    const created = await createCustomer(app, { email, loginEnabled: true }).expect(201);
    const documentId = created.body.data.documentId as string;
    expect(app.smtp.mailsTo(email)).toHaveLength(1);

    const res = await updateCustomer(app, documentId, { email, loginEnabled: true, lastName: 'X' });

    expect(res.status).toBe(200);
    expect(app.smtp.mailsTo(email)).toHaveLength(1);
  });

  test('sends nothing while login stays off', async () => {
    const email = uniqueEmail();

    await createCustomer(app, { email, loginEnabled: false, password: PASSWORD }).expect(201);

    expect(app.smtp.mailsTo(email)).toHaveLength(0);
  });
});

describe('duplicating a customer', () => {
  const clone = (sourceId: string, data: Record<string, unknown>) =>
    app
      .http()
      .post(`/content-manager/collection-types/${CUSTOMER_UID}/clone/${sourceId}`)
      .set('Authorization', `Bearer ${app.adminToken}`)
      .send(data);

  test('the duplicate does not inherit the password, and the original keeps it', async () => {
    const { email, documentId } = await confirmedCustomer();
    const copyEmail = uniqueEmail('copy');

    const res = await clone(documentId, {
      email: copyEmail,
      loginEnabled: true,
      emailConfirmed: true,
    });

    expect(res.status).toBe(200);
    const [copy] = await storedRows(res.body.data.documentId);
    expect(copy?.password).toBeNull();
    expect((await login(app, copyEmail, PASSWORD)).status).toBe(400);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('a password typed on the duplicate is set on it', async () => {
    const { documentId } = await confirmedCustomer();
    const copyEmail = uniqueEmail('copy');

    const res = await clone(documentId, {
      email: copyEmail,
      loginEnabled: true,
      emailConfirmed: true,
      password: 'copy-password-1',
      passwordConfirmation: 'copy-password-1',
    });

    expect(res.status).toBe(200);
    expect((await login(app, copyEmail, 'copy-password-1')).status).toBe(200);
  });

  test('a duplicate keeping the address of a login-enabled original is refused', async () => {
    const { email, documentId } = await confirmedCustomer();
    const before = await countCustomers(app);

    const res = await clone(documentId, { email, loginEnabled: true });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['email']);
    expect(await countCustomers(app)).toBe(before);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });
});

test('the edit view ends with the Login section, which renders the login fields', async () => {
  const res = await app
    .http()
    .get(`/content-manager/content-types/${CUSTOMER_UID}/configuration`)
    .set('Authorization', `Bearer ${app.adminToken}`);

  expect(res.status).toBe(200);
  const edit = res.body.data.contentType.layouts.edit as Array<
    Array<{ name: string; size: number }>
  >;
  expect(edit.at(-1)).toEqual([{ name: 'password', size: 12 }]);
  const names = edit.flat().map((field) => field.name);
  expect(names).not.toContain('loginEnabled');
  expect(names).not.toContain('emailConfirmed');
  expect(names).toEqual(expect.arrayContaining(['firstName', 'lastName', 'email']));

  const schema = app.strapi.contentType(CUSTOMER_UID).attributes as Record<string, unknown>;
  expect(schema.password).toMatchObject({
    type: 'password',
    customField: 'plugin::customer-login.login',
    options: { emailField: 'email', minLength: 8 },
  });
});

test('two customers with login enabled cannot share an address', async () => {
  const { email } = await confirmedCustomer();

  const res = await createCustomer(app, {
    email: email.toUpperCase(),
    loginEnabled: true,
    emailConfirmed: true,
  });

  expect(res.status).toBe(400);
  expect(res.body.error.details.errors[0].path).toEqual(['email']);
});
