import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as React from 'react';

import LoginSection from '../../admin/src/components/LoginSection';
import { renderWithProviders } from './render';
import { TestForm, useForm } from './strapi-admin-mock';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./strapi-admin-mock'));

const attribute = { options: { emailField: 'email', minLength: 8 } };

/** The customer's own email field, elsewhere in the Content Manager's form. */
const EmailInput = () => {
  const value = useForm('EmailInput', (state) => state.values.email);
  const onChange = useForm('EmailInput', (state) => state.onChange);
  return (
    <input
      aria-label="Customer email"
      value={typeof value === 'string' ? value : ''}
      onChange={(event) => onChange('email', event.target.value)}
    />
  );
};

const renderSection = (
  options: {
    id?: string;
    values?: Record<string, unknown>;
    errors?: Record<string, string>;
    canSendCredentials?: boolean;
    canUpdateFields?: string[];
  } = {}
) =>
  renderWithProviders(
    <TestForm
      initialValues={{ email: 'ada@shop.test', ...options.values }}
      errors={options.errors}
      harness={{
        id: options.id,
        contentType: {},
        canSendCredentials: options.canSendCredentials ?? true,
        canUpdateFields: options.canUpdateFields,
      }}
    >
      <LoginSection name="password" attribute={attribute} />
      <EmailInput />
    </TestForm>
  );

const isDisabled = (element: Element | null) =>
  element instanceof HTMLButtonElement || element instanceof HTMLInputElement
    ? element.disabled
    : false;

const section = () => screen.getByRole('region', { name: 'Login' });
const box = (name: string) => within(section()).getByRole('checkbox', { name });
const passwordField = () => section().querySelector('input[name="password"]') as HTMLInputElement;
const confirmationField = () =>
  section().querySelector('input[name="passwordConfirmation"]') as HTMLInputElement;

describe('LoginSection', () => {
  test('Given a new customer, Then it shows the controls in order, disabled until login is enabled', async () => {
    renderSection();

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
    renderSection({ id: 'doc1', values: { loginEnabled: true } });

    expect(screen.getByText('Leave empty to not modify')).toBeTruthy();
  });

  test('Given Generate and send credentials, Then the password fields hide and come back empty', async () => {
    renderSection({ id: 'doc1', values: { loginEnabled: true } });
    await userEvent.type(passwordField(), 'typed-password');

    await userEvent.click(box('Generate and send credentials'));
    expect(passwordField()).toBeNull();
    expect(confirmationField()).toBeNull();

    await userEvent.click(box('Generate and send credentials'));
    expect(passwordField().value).toBe('');
    expect(confirmationField().value).toBe('');
  });

  test('Given a confirmation that differs, Then the error shows under Confirm Password', async () => {
    renderSection({ values: { loginEnabled: true } });

    await userEvent.type(passwordField(), 'first-password');
    await userEvent.type(confirmationField(), 'other-password');

    expect(screen.getByText('Passwords do not match')).toBeTruthy();
  });

  test('Given a server error on a field, Then it shows under that field', () => {
    renderSection({
      values: { loginEnabled: true },
      errors: { password: 'Password must be at least 8 characters long' },
    });

    expect(screen.getByText('Password must be at least 8 characters long')).toBeTruthy();
  });

  test('Then the password input can be shown and hidden', async () => {
    renderSection({ values: { loginEnabled: true } });

    expect(passwordField().getAttribute('type')).toBe('password');
    await userEvent.click(within(section()).getAllByRole('button', { name: 'Show password' })[0]!);
    expect(passwordField().getAttribute('type')).toBe('text');
  });

  test.each([
    [
      'the plugin permission',
      { canSendCredentials: false },
      'You are not allowed to send credentials',
    ],
    [
      'the password field',
      { canUpdateFields: ['email', 'loginEnabled', 'emailConfirmed'] },
      "You are not allowed to change this customer's password",
    ],
  ])(
    'Given an admin without %s, Then Generate and send credentials is disabled and says why',
    (_case, permissions, reason) => {
      renderSection({ id: 'doc1', values: { loginEnabled: true }, ...permissions });

      expect(isDisabled(box('Generate and send credentials'))).toBe(true);
      expect(within(section()).getByText(reason)).toBeTruthy();
      expect(
        within(section()).queryByText(
          'On Save, a random password is created and emailed to the customer.'
        )
      ).toBeNull();
    }
  );

  test('Given an admin with both, Then Generate and send credentials is offered', () => {
    renderSection({ id: 'doc1', values: { loginEnabled: true } });

    expect(isDisabled(box('Generate and send credentials'))).toBe(false);
    expect(
      within(section()).getByText(
        'On Save, a random password is created and emailed to the customer.'
      )
    ).toBeTruthy();
  });

  test('Given the address being edited, Then it says the new one needs confirming', async () => {
    renderSection({ id: 'doc1', values: { loginEnabled: true, emailConfirmed: true } });
    const note = /The new address will need confirming/;
    expect(within(section()).queryByText(note)).toBeNull();
    expect((box('Email confirmed') as HTMLButtonElement).getAttribute('aria-checked')).toBe('true');

    const email = screen.getByLabelText('Customer email');
    await userEvent.clear(email);
    await userEvent.type(email, 'new-address@shop.test');

    expect(within(section()).getByText(note)).toBeTruthy();
    expect((box('Email confirmed') as HTMLButtonElement).getAttribute('aria-checked')).toBe(
      'false'
    );
    expect(isDisabled(box('Email confirmed'))).toBe(true);

    await userEvent.clear(email);
    await userEvent.type(email, ' ADA@shop.test ');

    expect(within(section()).queryByText(note)).toBeNull();
  });
});
