import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as React from 'react';

import LoginSection from '../../admin/src/components/LoginSection';
import { renderWithProviders } from './render';
import {
  ContentManagerServer,
  EditView,
  editCustomers,
  notifications,
  TextField,
  type Permission,
  type ServerDocument,
} from './strapi-admin-mock';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./strapi-admin-mock'));

const attribute = { options: { emailField: 'email', minLength: 8 } };

// The action ids as the server registers them, spelled out: the admin code must ask for these.
const SEND_CREDENTIALS: Permission = { action: 'plugin::customer-login.send-credentials' };
const ADMIN = [SEND_CREDENTIALS, ...editCustomers()];

const ADA = {
  documentId: 'doc1',
  email: 'ada@shop.test',
  lastName: 'Lovelace',
  loginEnabled: true,
  emailConfirmed: true,
};

const renderEditView = ({
  server = new ContentManagerServer(ADA),
  creating = false,
  permissions = ADMIN,
  validate,
}: {
  server?: ContentManagerServer;
  /** The create page rather than ADA's edit view. */
  creating?: boolean;
  permissions?: Permission[];
  validate?: (values: Record<string, unknown>) => Record<string, string> | null;
} = {}) => {
  const view = renderWithProviders(
    <EditView
      server={server}
      documentId={creating ? undefined : ADA.documentId}
      createDefaults={{ loginEnabled: false, emailConfirmed: false }}
      validate={validate}
    >
      <TextField name="email" label="Customer email" />
      <TextField name="lastName" label="Last name" />
      <LoginSection name="password" attribute={attribute} />
    </EditView>,
    { permissions }
  );
  return { server, ...view };
};
const renderCreateView = (options: Parameters<typeof renderEditView>[0] = {}) =>
  renderEditView({ ...options, creating: true });

/**
 * Lets the callbacks of answers already given run (a permission check, a read): one turn of the
 * event loop, which every promise callback queued before it precedes. It waits for no time.
 */
const afterAnswers = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

const isDisabled = (element: Element | null) =>
  element instanceof HTMLButtonElement || element instanceof HTMLInputElement
    ? element.disabled
    : false;

const section = () => screen.getByRole('region', { name: 'Login' });
const box = (name: string) => within(section()).getByRole('checkbox', { name });
const isChecked = (name: string) => box(name).getAttribute('aria-checked') === 'true';
const passwordField = () => section().querySelector('input[name="password"]') as HTMLInputElement;
const confirmationField = () =>
  section().querySelector('input[name="passwordConfirmation"]') as HTMLInputElement;
const lastName = () => screen.getByLabelText('Last name') as HTMLInputElement;
const saveButton = () => screen.getByRole('button', { name: 'Save' });

const SENT_TO_ADA = { type: 'success', message: 'Login credentials sent to ada@shop.test' };
const SAVED = { type: 'success', message: 'Saved document' };
const EMAIL_NOT_SENT = {
  name: 'ApplicationError' as const,
  message: 'The email to ada@shop.test could not be sent, so nothing was changed (ECONNREFUSED).',
};

beforeEach(() => {
  notifications.length = 0;
  window.sessionStorage.clear();
  jest.restoreAllMocks();
});

describe('LoginSection', () => {
  test('Given a new customer, Then it shows the controls in order, disabled until login is enabled', async () => {
    renderCreateView();

    const labels = within(section())
      .getAllByText(
        /^(Enable Login|Generate and send credentials|Password|Confirm Password|Email confirmed)$/
      )
      .map((node) => node.textContent);
    expect(labels).toEqual([
      'Enable Login',
      'Generate and send credentials',
      'Password',
      'Confirm Password',
      'Email confirmed',
    ]);
    expect(screen.queryByText('Leave empty to not modify')).toBeNull();
    expect(isDisabled(box('Generate and send credentials'))).toBe(true);
    expect(isDisabled(box('Email confirmed'))).toBe(true);
    expect(isDisabled(passwordField())).toBe(true);

    await userEvent.click(box('Enable Login'));

    expect(isDisabled(box('Generate and send credentials'))).toBe(false);
    expect(isDisabled(box('Email confirmed'))).toBe(false);
    expect(isDisabled(passwordField())).toBe(false);
  });

  test('Given an existing customer, Then the password hint says empty keeps it', () => {
    renderEditView();

    expect(screen.getByText('Leave empty to not modify')).toBeTruthy();
  });

  test('Given Generate and send credentials, Then the password fields hide and come back empty', async () => {
    renderEditView();
    await userEvent.type(passwordField(), 'typed-password');

    await userEvent.click(box('Generate and send credentials'));
    expect(passwordField()).toBeNull();
    expect(confirmationField()).toBeNull();

    await userEvent.click(box('Generate and send credentials'));
    expect(passwordField().value).toBe('');
    expect(confirmationField().value).toBe('');
  });

  test('Given a confirmation that differs, Then the error shows under Confirm Password', async () => {
    renderEditView();

    await userEvent.type(passwordField(), 'first-password');
    await userEvent.type(confirmationField(), 'other-password');

    expect(screen.getByText('Passwords do not match')).toBeTruthy();
  });

  test('Then the password input can be shown and hidden', async () => {
    renderEditView();

    expect(passwordField().getAttribute('type')).toBe('password');
    await userEvent.click(within(section()).getAllByRole('button', { name: 'Show password' })[0]!);
    expect(passwordField().getAttribute('type')).toBe('text');
  });

  test.each([
    ['the plugin permission', editCustomers(), 'You are not allowed to send credentials'],
    [
      'the password field',
      [SEND_CREDENTIALS, ...editCustomers(['email', 'loginEnabled', 'emailConfirmed'])],
      "You are not allowed to change this customer's password",
    ],
  ])(
    'Given an admin without %s, Then Generate and send credentials is disabled and says why',
    async (_case, permissions, reason) => {
      renderEditView({ permissions });

      expect(await within(section()).findByText(reason)).toBeTruthy();
      expect(isDisabled(box('Generate and send credentials'))).toBe(true);
      expect(
        within(section()).queryByText(
          'On Save, a random password is created and emailed to the customer.'
        )
      ).toBeNull();
    }
  );

  test('Given an admin with both, Then Generate and send credentials is offered', async () => {
    renderEditView();
    await afterAnswers();

    expect(isDisabled(box('Generate and send credentials'))).toBe(false);
    expect(
      within(section()).getByText(
        'On Save, a random password is created and emailed to the customer.'
      )
    ).toBeTruthy();
  });

  test('Given the address being edited, Then it says the new one needs confirming', async () => {
    renderEditView();
    const note = /The new address will need confirming/;
    expect(within(section()).queryByText(note)).toBeNull();
    expect(isChecked('Email confirmed')).toBe(true);

    const email = screen.getByLabelText('Customer email');
    await userEvent.clear(email);
    await userEvent.type(email, 'new-address@shop.test');

    expect(within(section()).getByText(note)).toBeTruthy();
    expect(isChecked('Email confirmed')).toBe(false);
    expect(isDisabled(box('Email confirmed'))).toBe(true);

    await userEvent.clear(email);
    await userEvent.type(email, ' ADA@shop.test ');

    expect(within(section()).queryByText(note)).toBeNull();
  });
});

describe('LoginSection: what a Save of an existing customer comes to', () => {
  test('Given credentials asked for, When the save succeeds, Then their notice follows the saved one and the form is the saved customer', async () => {
    const { server } = renderEditView();
    await userEvent.click(box('Generate and send credentials'));

    await userEvent.click(saveButton());

    await waitFor(() => expect(notifications).toEqual([SAVED, SENT_TO_ADA]));
    expect(server.saves).toEqual([expect.objectContaining({ sendCredentials: true })]);
    // The reload brought the saved customer, which has no transient keys.
    expect(isChecked('Generate and send credentials')).toBe(false);
  });

  test('Given no credentials asked for, When the save succeeds, Then only the save is announced', async () => {
    const { server } = renderEditView();
    await userEvent.type(lastName(), '-King');

    await userEvent.click(saveButton());

    await waitFor(() => expect(server.answered.check).toBe(1));
    await afterAnswers();
    expect(notifications).toEqual([SAVED]);
    expect(server.documents.get('doc1')!.lastName).toBe('Lovelace-King');
  });

  test('Given the server refuses the save, When the reload comes before the check, Then the input is put back once the check says nothing changed', async () => {
    const { server } = renderEditView();
    await userEvent.clear(lastName());
    await userEvent.type(lastName(), 'Changed');
    await userEvent.click(box('Generate and send credentials'));
    server.refuseNextSave(EMAIL_NOT_SENT);
    server.holdReads();

    await userEvent.click(saveButton());
    await waitFor(() =>
      expect([server.waiting('reload'), server.waiting('check')]).toEqual([1, 1])
    );

    server.release('reload');
    // The Content Manager's reload drops the admin's input: the saved customer is back.
    await waitFor(() => expect(lastName().value).toBe('Lovelace'));
    expect(isChecked('Generate and send credentials')).toBe(false);

    server.release('check');
    await waitFor(() => expect(lastName().value).toBe('Changed'));
    expect(isChecked('Generate and send credentials')).toBe(true);
    expect(notifications).toEqual([{ type: 'danger', message: EMAIL_NOT_SENT.message }]);
    expect(server.documents.get('doc1')!.lastName).toBe('Lovelace');
  });

  test('Given the server refuses the save, When the check comes before the reload, Then the input is put back after the reload', async () => {
    const { server } = renderEditView();
    await userEvent.clear(lastName());
    await userEvent.type(lastName(), 'Changed');
    await userEvent.click(box('Generate and send credentials'));
    server.refuseNextSave(EMAIL_NOT_SENT);
    server.holdReads();

    await userEvent.click(saveButton());
    await waitFor(() =>
      expect([server.waiting('reload'), server.waiting('check')]).toEqual([1, 1])
    );

    server.release('check');
    await afterAnswers();
    expect(lastName().value).toBe('Changed');

    server.release('reload');
    await waitFor(() => expect(server.answered.reload).toBe(1));
    await afterAnswers();
    expect(lastName().value).toBe('Changed');
    expect(isChecked('Generate and send credentials')).toBe(true);
    expect(notifications).toEqual([{ type: 'danger', message: EMAIL_NOT_SENT.message }]);
  });

  test('Given a password the server finds too short, Then its error shows under the field and the password stays', async () => {
    const { server } = renderEditView();
    const tooShort = 'Password must be at least 8 characters long';
    server.refuseNextSave({
      name: 'ValidationError',
      message: tooShort,
      details: { errors: [{ path: ['password'], message: tooShort }] },
    });
    await userEvent.type(passwordField(), 'short');
    await userEvent.type(confirmationField(), 'short');

    await userEvent.click(saveButton());

    expect(await within(section()).findByText(tooShort)).toBeTruthy();
    await waitFor(() => expect(server.answered.check).toBe(1));
    await afterAnswers();
    expect(passwordField().value).toBe('short');
    expect(notifications).toEqual([{ type: 'danger', message: tooShort }]);
  });

  test('Given a save refused for a field, When the next save with credentials succeeds, Then their notice shows', async () => {
    const { server } = renderEditView();
    const tooShort = 'Password must be at least 8 characters long';
    server.refuseNextSave({
      name: 'ValidationError',
      message: tooShort,
      details: { errors: [{ path: ['password'], message: tooShort }] },
    });
    await userEvent.type(passwordField(), 'short');
    await userEvent.type(confirmationField(), 'short');
    await userEvent.click(saveButton());
    expect(await within(section()).findByText(tooShort)).toBeTruthy();
    // A field error reloads nothing, so the refused save's check is the last word on it.
    await waitFor(() => expect(server.answered.check).toBe(1));
    await afterAnswers();

    await userEvent.click(box('Generate and send credentials'));
    await userEvent.click(saveButton());

    await waitFor(() =>
      expect(notifications).toEqual([{ type: 'danger', message: tooShort }, SAVED, SENT_TO_ADA])
    );
    expect(server.saves).toEqual([
      expect.objectContaining({ password: 'short' }),
      expect.objectContaining({ sendCredentials: true }),
    ]);
  });

  test('Given the form refuses the save itself, Then nothing is sent and nothing is announced', async () => {
    const { server } = renderEditView({
      validate: (values) =>
        values.lastName === null ? { lastName: 'This value is required.' } : null,
    });
    await userEvent.clear(lastName());
    await userEvent.click(box('Generate and send credentials'));

    await userEvent.click(saveButton());

    await waitFor(() => expect(server.answered.check).toBe(1));
    await afterAnswers();
    expect(server.saves).toEqual([]);
    expect(isChecked('Generate and send credentials')).toBe(true);
    expect(notifications).toEqual([
      {
        type: 'danger',
        message: 'There are validation errors in your document. Please fix them before saving.',
      },
    ]);
  });

  test('Given the admin unchecks Generate and send while the save is being checked, Then no credentials are announced', async () => {
    const { server } = renderEditView();
    await userEvent.click(box('Generate and send credentials'));
    server.holdReads();
    await userEvent.click(saveButton());
    await waitFor(() => expect(server.waiting('check')).toBe(1));

    await userEvent.click(box('Generate and send credentials'));
    server.release('check');
    server.release('reload');

    await waitFor(() => expect(server.answered.reload).toBe(1));
    await afterAnswers();
    expect(notifications).toEqual([SAVED]);
  });

  test('Given the check cannot reach the server, Then the admin is told the outcome is unknown, with the reason', async () => {
    const { server } = renderEditView();
    await userEvent.click(box('Generate and send credentials'));
    server.failNextCheck(new Error('Network Error'));

    await userEvent.click(saveButton());

    await waitFor(() =>
      expect(notifications).toEqual([
        SAVED,
        {
          type: 'warning',
          message:
            'The Login section could not tell whether the save went through (Network Error). Reload the page to see the saved customer.',
        },
      ])
    );
  });
});

describe('LoginSection: what a Save of a new customer comes to', () => {
  const fillNewCustomer = async (email: string, { send }: { send: boolean }) => {
    await userEvent.type(screen.getByLabelText('Customer email'), email);
    await userEvent.type(lastName(), 'Byron');
    await userEvent.click(box('Enable Login'));
    if (send) await userEvent.click(box('Generate and send credentials'));
  };
  const createdSection = () => screen.findByText('Leave empty to not modify');

  test('Given credentials asked for, When the create succeeds, Then the created customer’s section announces them', async () => {
    const { server } = renderCreateView();
    await fillNewCustomer('new@shop.test', { send: true });

    await userEvent.click(saveButton());

    await waitFor(() =>
      expect(notifications).toEqual([
        SAVED,
        { type: 'success', message: 'Login credentials sent to new@shop.test' },
      ])
    );
    expect((server.documents.get('created1') as ServerDocument).email).toBe('new@shop.test');
  });

  test('Given no credentials asked for, When the create succeeds, Then only the save is announced', async () => {
    renderCreateView();
    await fillNewCustomer('new@shop.test', { send: false });

    await userEvent.click(saveButton());

    await createdSection();
    await afterAnswers();
    expect(notifications).toEqual([SAVED]);
  });

  test('Given a create with credentials refused, When the next create without them succeeds, Then no credentials are announced', async () => {
    const { server } = renderCreateView();
    await fillNewCustomer('new@shop.test', { send: true });
    server.refuseNextSave({ ...EMAIL_NOT_SENT, message: 'The email could not be sent' });
    await userEvent.click(saveButton());
    await waitFor(() =>
      expect(notifications).toEqual([{ type: 'danger', message: 'The email could not be sent' }])
    );
    // The Content Manager keeps the create page and the admin's input.
    expect(isChecked('Generate and send credentials')).toBe(true);

    await userEvent.click(box('Generate and send credentials'));
    await userEvent.click(saveButton());

    await createdSection();
    await afterAnswers();
    expect(notifications).toEqual([
      { type: 'danger', message: 'The email could not be sent' },
      SAVED,
    ]);
  });

  test('Given a create with credentials refused, When another customer is opened, Then no credentials are announced', async () => {
    const server = new ContentManagerServer(ADA);
    const view = renderCreateView({ server });
    await fillNewCustomer('new@shop.test', { send: true });
    server.refuseNextSave({ ...EMAIL_NOT_SENT, message: 'The email could not be sent' });
    await userEvent.click(saveButton());
    await waitFor(() => expect(notifications).toHaveLength(1));
    view.unmount();

    renderEditView({ server });

    await afterAnswers();
    expect(section()).toBeTruthy();
    expect(notifications).toEqual([{ type: 'danger', message: 'The email could not be sent' }]);
  });

  test('Given credentials asked for, When the created customer opens after more than a minute, Then nothing is announced', async () => {
    const { server } = renderCreateView();
    await fillNewCustomer('new@shop.test', { send: true });
    const start = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(start);
    server.holdReads();
    await userEvent.click(saveButton());
    await waitFor(() => expect(server.waiting('reload')).toBe(1));

    jest.spyOn(Date, 'now').mockReturnValue(start + 60_001);
    server.release('reload');

    await createdSection();
    await afterAnswers();
    expect(notifications).toEqual([SAVED]);
  });
});
