import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as React from 'react';

import LoginPanelContent from '../../admin/src/components/LoginPanelContent';
import { renderWithProviders } from './render';
import {
  ContentManagerServer,
  EditView,
  editCustomers,
  get,
  notifications,
  post,
  TextField,
  type Permission,
} from './strapi-admin-mock';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./strapi-admin-mock'));

const BUTTON = 'Generate and send credentials via email';
// The action id as the server registers it, spelled out: the admin code must ask for this one.
const SEND_CREDENTIALS: Permission = { action: 'plugin::customer-login.send-credentials' };

const renderPanel = (
  props: Partial<React.ComponentProps<typeof LoginPanelContent>> = {},
  { permissions = [SEND_CREDENTIALS, ...editCustomers()] }: { permissions?: Permission[] } = {}
) =>
  renderWithProviders(
    <EditView
      server={new ContentManagerServer({ documentId: 'doc1', email: 'ada@shop.test' })}
      documentId={'documentId' in props && props.documentId === undefined ? undefined : 'doc1'}
    >
      <TextField name="email" label="Customer email" />
      <LoginPanelContent
        documentId="doc1"
        loginEnabled
        emailConfirmed
        email="ada@shop.test"
        {...props}
      />
    </EditView>,
    { permissions }
  );

const button = () => screen.getByRole('button', { name: BUTTON }) as HTMLButtonElement;

const event = (id: number, overrides: object = {}) => ({
  id,
  type: 'credentials-sent',
  outcome: 'success',
  actor: { kind: 'admin', id: 1, name: 'Ada Admin' },
  reason: null,
  createdAt: '2026-11-29T10:00:00.000Z',
  ...overrides,
});

const historyResponse = (events: object[], total = events.length) => ({
  data: {
    data: events,
    meta: { pagination: { page: 1, pageSize: 5, total, pageCount: Math.ceil(total / 5) } },
  },
});

beforeEach(() => {
  notifications.length = 0;
  post.mockReset();
  get.mockReset();
  get.mockResolvedValue(historyResponse([]));
});

describe('Login side panel', () => {
  test('Then it shows the account state', () => {
    renderPanel({ emailConfirmed: false });

    expect(screen.getByText('Login enabled')).toBeTruthy();
    expect(screen.getByText('Email confirmation pending')).toBeTruthy();
  });

  test.each([
    ['the customer is being created', { documentId: undefined }, {}, 'Save the customer first'],
    ['login is disabled', { loginEnabled: false }, {}, 'Enable login and save first'],
    ['the customer has no email', { email: null }, {}, 'The customer has no email address'],
    [
      'the admin lacks the permission',
      {},
      { permissions: editCustomers() },
      'You are not allowed to send credentials',
    ],
    [
      "the admin may not change the customer's password",
      {},
      { permissions: [SEND_CREDENTIALS, ...editCustomers(['email', 'loginEnabled'])] },
      "You are not allowed to change this customer's password",
    ],
  ])(
    'Given %s, Then the button is disabled and says why',
    async (_case, props, options, reason) => {
      renderPanel(props, options);

      expect(await screen.findByLabelText(reason)).toBeTruthy();
      expect(button().disabled).toBe(true);
    }
  );

  test('Given the form has unsaved changes, Then the button is disabled and says why', async () => {
    renderPanel();
    await waitFor(() => expect(button().disabled).toBe(false));

    await userEvent.type(screen.getByLabelText('Customer email'), 'x');

    expect(await screen.findByLabelText('Save your changes first')).toBeTruthy();
    expect(button().disabled).toBe(true);
  });

  test('Given a confirmation, Then it resets, emails and notifies the address', async () => {
    post.mockResolvedValue({ data: { data: { email: 'ada@shop.test', sentAt: 'now' } } });
    renderPanel();

    await userEvent.click(button());
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain(
      "This immediately resets the customer's current password and emails new login details to ada@shop.test."
    );
    expect(post).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Reset and send' }));

    await waitFor(() =>
      expect(notifications).toEqual([
        { type: 'success', message: 'Login credentials sent to ada@shop.test' },
      ])
    );
    expect(post).toHaveBeenCalledWith('/customer-login/customers/doc1/send-credentials');
  });

  test('Given Cancel, Then nothing is sent', async () => {
    renderPanel();

    await userEvent.click(button());
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));

    expect(post).not.toHaveBeenCalled();
  });

  test('Given the server refuses, Then its message is shown as an error', async () => {
    post.mockRejectedValue(new Error('The email to ada@shop.test could not be sent'));
    renderPanel();

    await userEvent.click(button());
    await userEvent.click(await screen.findByRole('button', { name: 'Reset and send' }));

    await waitFor(() =>
      expect(notifications).toEqual([
        { type: 'danger', message: 'The email to ada@shop.test could not be sent' },
      ])
    );
  });
});

describe('Login history timeline', () => {
  test('Then it shows the latest events with who did them, and failures with their reason', async () => {
    get.mockResolvedValue(
      historyResponse([
        event(2, {
          type: 'sending-failed',
          outcome: 'failure',
          reason: '550 mailbox unavailable',
        }),
        event(1, { type: 'password-changed', actor: { kind: 'customer' } }),
      ])
    );
    renderPanel();

    expect(await screen.findByText('Sending failed')).toBeTruthy();
    expect(screen.getByText('550 mailbox unavailable')).toBeTruthy();
    expect(screen.getByText('Password changed')).toBeTruthy();
    expect(screen.getByText(/^by the customer/)).toBeTruthy();
    expect(get).toHaveBeenCalledWith('/customer-login/customers/doc1/history', {
      params: { page: 1, pageSize: 5 },
    });
    expect(screen.queryByRole('button', { name: 'Show all' })).toBeNull();
  });

  test('Given more than five events, Show all opens the paginated history', async () => {
    get.mockResolvedValue(
      historyResponse(
        [1, 2, 3, 4, 5].map((id) => event(id)),
        12
      )
    );
    renderPanel();

    await userEvent.click(await screen.findByRole('button', { name: 'Show all' }));

    expect(await screen.findByRole('dialog', { name: 'Login history' })).toBeTruthy();
    await waitFor(() =>
      expect(get).toHaveBeenCalledWith('/customer-login/customers/doc1/history', {
        params: { page: 1, pageSize: 10 },
      })
    );
  });

  test('Given more events than a page, Show all pages through them with Next and Previous', async () => {
    const TOTAL = 12;
    const events = Array.from({ length: TOTAL }, (_, index) =>
      event(TOTAL - index, {
        createdAt: `2026-11-${String(TOTAL - index).padStart(2, '0')}T10:00:00.000Z`,
      })
    );
    // Answers like the server: the requested slice of the whole history, and its pagination.
    get.mockImplementation(
      async (_url: string, { params }: { params: { page: number; pageSize: number } }) => ({
        data: {
          data: events.slice((params.page - 1) * params.pageSize, params.page * params.pageSize),
          meta: {
            pagination: {
              page: params.page,
              pageSize: params.pageSize,
              total: TOTAL,
              pageCount: Math.ceil(TOTAL / params.pageSize),
            },
          },
        },
      })
    );
    renderPanel();
    await userEvent.click(await screen.findByRole('button', { name: 'Show all' }));
    const dialog = await screen.findByRole('dialog', { name: 'Login history' });
    const rows = () => within(dialog).getAllByRole('row').length - 1;
    const previous = () => within(dialog).getByRole('button', { name: 'Previous' });
    const next = () => within(dialog).getByRole('button', { name: 'Next' });

    await within(dialog).findByText('Page 1 of 2');
    await waitFor(() => expect(rows()).toBe(10));
    expect(previous()).toHaveProperty('disabled', true);
    expect(next()).toHaveProperty('disabled', false);

    await userEvent.click(next());

    await within(dialog).findByText('Page 2 of 2');
    await waitFor(() => expect(rows()).toBe(2));
    expect(get).toHaveBeenLastCalledWith('/customer-login/customers/doc1/history', {
      params: { page: 2, pageSize: 10 },
    });
    expect(next()).toHaveProperty('disabled', true);
    expect(previous()).toHaveProperty('disabled', false);

    await userEvent.click(previous());

    await within(dialog).findByText('Page 1 of 2');
    await waitFor(() => expect(rows()).toBe(10));
  });

  test('Given credentials were sent, Then the timeline is fetched again', async () => {
    post.mockResolvedValue({ data: { data: { email: 'ada@shop.test', sentAt: 'now' } } });
    renderPanel();
    await waitFor(() => expect(get).toHaveBeenCalledTimes(1));

    await userEvent.click(button());
    await userEvent.click(await screen.findByRole('button', { name: 'Reset and send' }));

    await waitFor(() => expect(get).toHaveBeenCalledTimes(2));
  });

  test('Given a customer being created, Then there is no timeline', () => {
    renderPanel({ documentId: undefined });

    expect(screen.queryByText('Login history')).toBeNull();
    expect(get).not.toHaveBeenCalled();
  });
});
