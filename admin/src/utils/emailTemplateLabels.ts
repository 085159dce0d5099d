import type { EmailKey, EmailLocale } from '../../../shared/email-templates';
import { getTranslation } from './getTranslation';

interface Message {
  id: string;
  defaultMessage: string;
}

const message = (key: string, defaultMessage: string): Message => ({
  id: getTranslation(key),
  defaultMessage,
});

export const EMAIL_LABELS: Record<EmailKey, Message> = {
  credentials: message('templates.email.credentials', 'Credentials'),
  emailConfirmation: message('templates.email.emailConfirmation', 'Email confirmation'),
  passwordReset: message('templates.email.passwordReset', 'Password reset'),
  passwordChanged: message('templates.email.passwordChanged', 'Password changed'),
  emailChanged: message('templates.email.emailChanged', 'Email changed'),
};

export const EMAIL_DESCRIPTIONS: Record<EmailKey, Message> = {
  credentials: message(
    'templates.email.credentials.description',
    'Sent with a generated password (Generate and send credentials), with the confirmation link while the address is unconfirmed.'
  ),
  emailConfirmation: message(
    'templates.email.emailConfirmation.description',
    'Sent when login is turned on for an unconfirmed address, and when the customer asks for a new link.'
  ),
  passwordReset: message(
    'templates.email.passwordReset.description',
    'Sent when a customer asks to reset their password: a link when resetPassword.url is set, else the code.'
  ),
  passwordChanged: message(
    'templates.email.passwordChanged.description',
    'Sent after a customer changed or reset their password.'
  ),
  emailChanged: message(
    'templates.email.emailChanged.description',
    "Sent to the previous address when a customer's email address changes, with the new one masked (j***@example.com)."
  ),
};

export const LOCALE_LABELS: Record<EmailLocale, Message> = {
  en: message('templates.locale.en', 'English'),
  it: message('templates.locale.it', 'Italian'),
  fr: message('templates.locale.fr', 'French'),
  de: message('templates.locale.de', 'German'),
  es: message('templates.locale.es', 'Spanish'),
};

const VARIABLE_LABELS: Record<string, Message> = {
  email: message('templates.variable.email', 'the address the email goes to'),
  newEmail: message('templates.variable.newEmail', 'the new address, masked (j***@example.com)'),
  password: message('templates.variable.password', 'the generated password'),
  loginUrl: message('templates.variable.loginUrl', 'your login page (loginUrl), if configured'),
  confirmationUrl: message(
    'templates.variable.confirmationUrl',
    'the confirmation link; empty when the address is confirmed'
  ),
  resetUrl: message(
    'templates.variable.resetUrl',
    'the reset link; empty without resetPassword.url'
  ),
  code: message('templates.variable.code', 'the one-time reset code'),
  expiresIn: message('templates.variable.expiresIn', 'how long the link or code works'),
};

const CUSTOMER_FIELD = message('templates.variable.customer', 'a field of the customer');

export const SECRET_LABEL = message('templates.variable.secret', 'secret');

export const variableLabel = (name: string): Message => VARIABLE_LABELS[name] ?? CUSTOMER_FIELD;
