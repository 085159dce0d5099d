import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as React from 'react';

import {
  EmailTemplatesPage,
  ProtectedEmailTemplatesPage,
} from '../../admin/src/pages/EmailTemplatesPage';
import type { EmailTemplate, EmailTemplatesSettings } from '../../shared/contracts/email-templates';
import { EMAIL_KEYS, EMAIL_LOCALES } from '../../shared/email-templates';
import { renderWithProviders } from './render';
import { FetchError, get, notifications, post, put, type Permission } from './strapi-admin-mock';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./strapi-admin-mock'));

// The action ids as the server registers them, spelled out: the admin code must ask for these.
const READ: Permission = { action: 'plugin::customer-login.settings.read' };
const UPDATE: Permission = { action: 'plugin::customer-login.settings.update' };

const template = (subject: string): EmailTemplate => ({
  subject,
  html: `<p>${subject}</p>`,
  text: subject,
});

const SETTINGS: EmailTemplatesSettings = {
  locales: [...EMAIL_LOCALES],
  defaultLocale: 'en',
  localeField: 'language',
  emails: Object.fromEntries(
    EMAIL_KEYS.map((email) => [
      email,
      {
        variables:
          email === 'passwordReset'
            ? ['email', 'code', 'customer.firstName']
            : ['email', 'customer.firstName'],
        templates: Object.fromEntries(
          EMAIL_LOCALES.map((locale) => [
            locale,
            {
              ...template(`${email} ${locale}`),
              customized: false,
              default: template(`${email} ${locale}`),
            },
          ])
        ),
      },
    ])
  ) as EmailTemplatesSettings['emails'],
};

const validationError = (path: string[], message: string) =>
  new FetchError(message, {
    data: {
      data: null,
      error: { message, details: { errors: [{ path, message, name: 'ValidationError' }] } },
    },
  });

const subjectInput = () => screen.getByRole('textbox', { name: 'Subject' }) as HTMLInputElement;

const renderPage = async (permissions: Permission[] = [READ, UPDATE]) => {
  renderWithProviders(<EmailTemplatesPage />, { permissions });
  await screen.findByRole('heading', { name: 'Email templates' });
};

beforeEach(() => {
  notifications.length = 0;
  get.mockReset().mockResolvedValue({ data: { data: SETTINGS } });
  put.mockReset();
  post.mockReset().mockImplementation((_url: string, body: { template: EmailTemplate }) =>
    Promise.resolve({
      data: { data: { ...body.template, subject: `Rendered: ${body.template.subject}` } },
    })
  );
});

describe('Email templates page', () => {
  test('Given the saved templates, Then the credentials tab shows the default language and a server preview', async () => {
    await renderPage();

    expect(screen.getByRole('tab', { name: 'Credentials' }).getAttribute('aria-selected')).toBe(
      'true'
    );
    expect(subjectInput().value).toBe('credentials en');
    expect(await screen.findByText('Rendered: credentials en')).toBeTruthy();
    expect(post).toHaveBeenCalledWith(
      '/customer-login/email-templates/preview',
      { email: 'credentials', locale: 'en', template: template('credentials en') },
      expect.anything()
    );
    const frame = screen.getByTitle('HTML preview') as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('');
  });

  test('Given the five emails, Then each has its tab, and Email changed shows its own template', async () => {
    const user = userEvent.setup();
    await renderPage();

    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual([
      'Credentials',
      'Email confirmation',
      'Password reset',
      'Password changed',
      'Email changed',
    ]);
    await user.click(screen.getByRole('tab', { name: 'Email changed' }));

    expect(subjectInput().value).toBe('emailChanged en');
    expect(
      screen.getByText(
        "Sent to the previous address when a customer's email address changes, with the new one masked (j***@example.com)."
      )
    ).toBeTruthy();
    await waitFor(() =>
      expect(post).toHaveBeenCalledWith(
        '/customer-login/email-templates/preview',
        { email: 'emailChanged', locale: 'en', template: template('emailChanged en') },
        expect.anything()
      )
    );
  });

  test('Given an email with a secret variable, Then the variable is marked secret and the rule is shown', async () => {
    const user = userEvent.setup();
    await renderPage();
    const rule = /^Secret values may stand only in the body/;
    expect(screen.queryByText(rule)).toBeNull();

    await user.click(screen.getByRole('tab', { name: 'Password reset' }));

    const code = screen.getByText('<%= code %>').closest('li') as HTMLElement;
    expect(code.textContent).toContain('secret');
    const email = screen.getByText('<%= email %>').closest('li') as HTMLElement;
    expect(email.textContent).not.toContain('secret');
    expect(screen.getByText(rule).textContent).toContain('<a href="<%= resetUrl %>">');
  });

  test('When a subject is edited and saved, Then only that template is sent', async () => {
    const user = userEvent.setup();
    put.mockImplementation((_url: string, changes: unknown) =>
      Promise.resolve({ data: { data: SETTINGS }, changes })
    );
    await renderPage();
    const save = () => screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save().disabled).toBe(true);

    await user.clear(subjectInput());
    await user.type(subjectInput(), 'Hi');
    await user.click(save());

    await waitFor(() => expect(put).toHaveBeenCalledTimes(1));
    expect(put).toHaveBeenCalledWith('/customer-login/email-templates', {
      credentials: { en: { ...template('credentials en'), subject: 'Hi' } },
    });
    await waitFor(() =>
      expect(notifications).toEqual([{ type: 'success', message: 'Email templates saved' }])
    );
  });

  test('When the server refuses a save, Then its reason shows under the field it names', async () => {
    const user = userEvent.setup();
    put.mockRejectedValue(
      validationError(['credentials', 'en', 'html'], 'Line 1: unknown variable "nope"')
    );
    await renderPage();

    await user.type(subjectInput(), '!');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Line 1: unknown variable "nope"')).toBeTruthy();
    const html = screen.getByRole('textbox', { name: 'HTML body' });
    expect(html.getAttribute('aria-invalid')).toBe('true');
  });

  test('When the preview cannot render, Then the reason shows under the field', async () => {
    post.mockRejectedValue(
      validationError(['template', 'subject'], 'Line 1: the subject must be one line')
    );
    await renderPage();

    expect(await screen.findByText('Line 1: the subject must be one line')).toBeTruthy();
    expect(
      screen.getByText('This template cannot be rendered: see the errors under its fields.')
    ).toBeTruthy();
  });

  test('Given settings.read only, Then everything is shown and nothing can be changed or sent', async () => {
    await renderPage([READ]);

    expect(subjectInput().disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send me a test email' })).toBeNull();
    expect(screen.getByText('You may read these templates but not change them.')).toBeTruthy();
  });

  test('When "Send me a test email" is pressed, Then the form as it stands is sent and the address shown', async () => {
    const user = userEvent.setup();
    await renderPage();
    await screen.findByText('Rendered: credentials en');
    post.mockResolvedValueOnce({
      data: { data: { email: 'ada@shop.test', sentAt: '2030-01-01T00:00:00.000Z' } },
    });

    await user.click(screen.getByRole('button', { name: 'Send me a test email' }));

    await waitFor(() =>
      expect(post).toHaveBeenCalledWith('/customer-login/email-templates/test-email', {
        email: 'credentials',
        locale: 'en',
        template: template('credentials en'),
      })
    );
    await waitFor(() =>
      expect(notifications).toEqual([
        { type: 'success', message: 'Test email sent to ada@shop.test' },
      ])
    );
  });
});

describe('Email templates page, behind its permission', () => {
  test('Given settings.read, Then the page opens', async () => {
    renderWithProviders(<ProtectedEmailTemplatesPage />, { permissions: [READ] });

    expect(await screen.findByRole('heading', { name: 'Email templates' })).toBeTruthy();
    expect(get).toHaveBeenCalledWith('/customer-login/email-templates');
  });

  test('Given only settings.update, Then the admin is told they may not see it, and nothing is fetched', () => {
    renderWithProviders(<ProtectedEmailTemplatesPage />, { permissions: [UPDATE] });

    expect(screen.getByText("You don't have the permissions to access that content")).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Email templates' })).toBeNull();
    expect(get).not.toHaveBeenCalled();
  });
});
