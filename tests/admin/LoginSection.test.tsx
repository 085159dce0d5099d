import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as React from 'react';

import LoginSection from '../../admin/src/components/LoginSection';
import { renderWithProviders } from './render';
import { TestForm } from './strapi-admin-mock';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./strapi-admin-mock'));

const attribute = { options: { emailField: 'email', minLength: 8 } };

const renderSection = (
  options: {
    id?: string;
    values?: Record<string, unknown>;
    errors?: Record<string, string>;
  } = {}
) =>
  renderWithProviders(
    <TestForm
      initialValues={{ email: 'ada@shop.test', ...options.values }}
      errors={options.errors}
      harness={{ id: options.id, contentType: {}, canSendCredentials: true }}
    >
      <LoginSection name="password" attribute={attribute} />
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
});
