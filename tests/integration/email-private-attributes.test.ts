import type { EmailTemplatesSettings } from '../../shared/contracts/email-templates';
import { createCustomer, passwordIn, uniqueEmail } from '../helpers/api';
import { useTestApp } from '../helpers/test-app';

const BASE = '/customer-login/email-templates';
const HIDDEN_LAST_NAME = 'Hiddenlastname-5d2e';
const HIDDEN_NOTE = 'Hidden note 7a41';

// The app hides lastName from every response (api.responses.privateAttributes), the customer
// type hides internalNote (options.privateAttributes): emails follow both rules.
const app = useTestApp({ apiPrivateAttributes: ['lastName'] });

const auth = () => ({ Authorization: `Bearer ${app.adminToken}` });

/** A customer saved with "Generate and send credentials", who has both hidden fields. */
const sendCredentialsTo = async () => {
  const email = uniqueEmail('private');
  const res = await createCustomer(app, {
    firstName: 'Grace',
    lastName: HIDDEN_LAST_NAME,
    internalNote: HIDDEN_NOTE,
    email,
    loginEnabled: true,
    emailConfirmed: true,
    sendCredentials: true,
  });
  expect(res.status).toBe(201);
  const [mail] = app.smtp.mailsTo(email);
  expect(mail).toBeDefined();
  return mail!;
};

test('neither hidden field is offered by any email', async () => {
  const res = await app.http().get(BASE).set(auth());

  expect(res.status).toBe(200);
  const { emails } = res.body.data as EmailTemplatesSettings;
  for (const [email, { variables }] of Object.entries(emails)) {
    expect({ email, variables }).toEqual({
      email,
      variables: expect.arrayContaining(['customer.firstName']),
    });
    expect(variables).not.toContain('customer.lastName');
    expect(variables).not.toContain('customer.internalNote');
  }
});

test.each([['customer.lastName'], ['customer.internalNote']])(
  'a template showing %s is refused at save as an unknown variable',
  async (name) => {
    const res = await app
      .http()
      .put(BASE)
      .set(auth())
      .send({ credentials: { en: { subject: 'x', html: 'x', text: `Hi <%= ${name} %>` } } });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['credentials', 'en', 'text'],
        message: expect.stringContaining(`unknown variable "${name}"`),
      }),
    ]);
  }
);

test('a version saved while they were offered sends the default, and neither reaches an email', async () => {
  await app.strapi.store({ type: 'plugin', name: 'customer-login', key: 'email-templates' }).set({
    value: {
      credentials: {
        en: {
          subject: 'Hello <%= customer.lastName %>',
          html: '<p><%= customer.internalNote %></p>',
          text: 'Password: <%= password %>',
        },
      },
    },
  });

  const mail = await sendCredentialsTo();

  expect(mail.subject).toBe('Your login details');
  expect(passwordIn(mail)).toMatch(/^\S{16}$/);
  const everything = `${mail.subject}\n${mail.html}\n${mail.text}`;
  expect(everything).not.toContain(HIDDEN_LAST_NAME);
  expect(everything).not.toContain(HIDDEN_NOTE);
});
