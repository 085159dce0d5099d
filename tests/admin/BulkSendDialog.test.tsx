import { Modal } from '@strapi/design-system';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as React from 'react';

import { BulkSendCredentialsAction } from '../../admin/src/components/BulkSendCredentials';
import BulkSendDialog from '../../admin/src/components/BulkSendDialog';
import type { BulkOutcome } from '../../shared/contracts/credentials';
import { renderWithProviders } from './render';
import { editCustomers, ListView, post, useRBAC, type Permission } from './strapi-admin-mock';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./strapi-admin-mock'));

// The action id as the server registers it, spelled out: the admin code must ask for this one.
const SEND_CREDENTIALS: Permission = { action: 'plugin::customer-login.send-credentials' };
const URL = '/customer-login/customers/send-credentials';

const customers = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    documentId: `doc${index + 1}`,
    email: `customer${index + 1}@shop.test`,
  }));

/** The server's answer to one chunk: each customer's outcome as `outcome` decides it. */
const answering =
  (outcome: (documentId: string) => BulkOutcome = (documentId) => sent(documentId)) =>
  (_url: string, body: { documentIds: string[] }) =>
    Promise.resolve({ data: { data: body.documentIds.map(outcome) } });

const sent = (documentId: string): BulkOutcome => ({
  documentId,
  status: 'sent',
  email: `${documentId}@shop.test`,
});

/** A request the test answers when it chooses. */
const deferred = () => {
  let resolve!: (value: unknown) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};

const renderDialog = (documents: Array<Record<string, unknown> & { documentId: string }>) =>
  renderWithProviders(
    <Modal.Root defaultOpen>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>Generate and send credentials</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <BulkSendDialog documents={documents} emailField="email" />
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );

const start = () => userEvent.click(screen.getByRole('button', { name: 'Reset and send' }));
const rows = () =>
  within(screen.getByRole('grid'))
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('gridcell')
        .map((cell) => cell.textContent)
    );

beforeEach(() => {
  post.mockReset();
});

describe('Bulk send dialog', () => {
  test.each([
    [1, '1 customer will have their password reset at once'],
    [3, '3 customers will have their password reset at once'],
  ])('Given %i selected, Then it asks first, naming how many', (count, text) => {
    renderDialog(customers(count));

    expect(screen.getByText(new RegExp(`^${text}`))).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    expect(post).not.toHaveBeenCalled();
  });

  test('Given Cancel, Then the dialog closes and nothing is sent', async () => {
    renderDialog(customers(2));

    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(post).not.toHaveBeenCalled();
  });

  test('While a chunk is being sent, Then it shows the progress, twenty customers a request', async () => {
    const first = deferred();
    const second = deferred();
    post.mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    renderDialog(customers(25));

    await start();

    expect(screen.getByText('0 of 25 processed')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reset and send' })).toBeNull();
    expect(post).toHaveBeenCalledWith(URL, {
      documentIds: customers(20).map((customer) => customer.documentId),
    });

    first.resolve(await answering()(URL, { documentIds: customers(20).map((c) => c.documentId) }));

    expect(await screen.findByText('20 of 25 processed')).toBeTruthy();
    // The design system's bar shows its value as the part of the track left uncovered.
    expect((screen.getByRole('progressbar').firstElementChild as HTMLElement).style.transform).toBe(
      'translate3D(-20%, 0, 0)'
    );
    expect(post).toHaveBeenLastCalledWith(URL, {
      documentIds: ['doc21', 'doc22', 'doc23', 'doc24', 'doc25'],
    });
    second.resolve({ data: { data: ['doc21', 'doc22', 'doc23', 'doc24', 'doc25'].map(sent) } });

    expect(await screen.findByText('25 sent, 0 skipped, 0 failed')).toBeTruthy();
  });

  test('When every customer is done, Then it sums up and lists each by address with its outcome', async () => {
    const outcomes: Record<string, BulkOutcome> = {
      doc1: { documentId: 'doc1', status: 'sent', email: 'ada@shop.test' },
      doc2: { documentId: 'doc2', status: 'skipped', reason: 'login-disabled' },
      doc3: { documentId: 'doc3', status: 'skipped', reason: 'no-email' },
    };
    post.mockImplementation(answering((documentId) => outcomes[documentId]!));
    renderDialog([
      { documentId: 'doc1', email: 'ada@shop.test' },
      { documentId: 'doc2', email: 'grace@shop.test' },
      { documentId: 'doc3', email: null },
    ]);

    await start();

    expect(await screen.findByText('1 sent, 2 skipped, 0 failed')).toBeTruthy();
    expect(rows()).toEqual([
      ['ada@shop.test', 'Sent'],
      ['grace@shop.test', 'Skipped: login disabled'],
      ['doc3', 'Skipped: no email'],
    ]);
    expect(screen.queryByRole('button', { name: /^Retry/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Close' })).toBeTruthy();
  });

  test('Given some failed, Then it offers to retry those only, and the retry completes the list', async () => {
    post.mockImplementationOnce(
      answering((documentId) =>
        documentId === 'doc2'
          ? { documentId, status: 'failed', reason: '550 mailbox unavailable' }
          : sent(documentId)
      )
    );
    renderDialog(customers(3));
    await start();

    expect(await screen.findByText('2 sent, 0 skipped, 1 failed')).toBeTruthy();
    expect(rows()).toContainEqual(['customer2@shop.test', 'Failed: 550 mailbox unavailable']);

    post.mockImplementationOnce(answering());
    await userEvent.click(screen.getByRole('button', { name: 'Retry 1 failed' }));

    expect(await screen.findByText('3 sent, 0 skipped, 0 failed')).toBeTruthy();
    expect(post).toHaveBeenLastCalledWith(URL, { documentIds: ['doc2'] });
    expect(rows().map(([customer]) => customer)).toEqual([
      'customer1@shop.test',
      'customer2@shop.test',
      'customer3@shop.test',
    ]);
    expect(screen.queryByRole('button', { name: /^Retry/ })).toBeNull();
  });

  test('Given a request that fails, Then it says why and sums up what was done before', async () => {
    post
      .mockImplementationOnce(answering())
      .mockRejectedValueOnce(new Error('Request failed with status code 502'));
    renderDialog(customers(23));

    await start();

    expect(await screen.findByText('Request failed with status code 502')).toBeTruthy();
    expect(screen.getByText('20 sent, 0 skipped, 0 failed')).toBeTruthy();
    expect(rows()).toHaveLength(20);
    expect(post).toHaveBeenCalledTimes(2);
  });
});

describe('Bulk send action in the list view', () => {
  const CUSTOMER_SCHEMA = {
    attributes: {
      password: {
        type: 'password',
        customField: 'plugin::customer-login.login',
        options: { emailField: 'email', minLength: 8 },
      },
    },
  };

  /** What the Content Manager does with the action's description: a button opening its dialog. */
  const ActionButton = () => {
    const description = BulkSendCredentialsAction({
      documents: customers(2),
      model: 'api::customer.customer',
      collectionType: 'collection-types',
    });
    return description ? <button type="button">{description.label}</button> : null;
  };

  /** Shows once a permission check of the same render has been answered. */
  const PermissionsChecked = () => {
    const { isLoading } = useRBAC([SEND_CREDENTIALS]);
    return isLoading ? null : <p>permissions checked</p>;
  };

  const renderAction = (permissions: Permission[], contentType: object = CUSTOMER_SCHEMA) =>
    renderWithProviders(
      <ListView contentType={contentType}>
        <ActionButton />
        <PermissionsChecked />
      </ListView>,
      { permissions }
    );

  test('Given an admin with the permission and the password field, Then the action is offered', async () => {
    renderAction([SEND_CREDENTIALS, ...editCustomers()]);

    expect(
      await screen.findByRole('button', { name: 'Generate and send credentials' })
    ).toBeTruthy();
  });

  test.each([
    ['without the plugin permission', editCustomers(), CUSTOMER_SCHEMA],
    [
      "who may not change customers' passwords",
      [SEND_CREDENTIALS, ...editCustomers(['email', 'loginEnabled'])],
      CUSTOMER_SCHEMA,
    ],
    ['on a type that is not the customer type', [SEND_CREDENTIALS, ...editCustomers()], {}],
  ])('Given an admin %s, Then there is no action', async (_case, permissions, contentType) => {
    renderAction(permissions, contentType);

    await screen.findByText('permissions checked');
    expect(screen.queryByRole('button', { name: 'Generate and send credentials' })).toBeNull();
  });
});
