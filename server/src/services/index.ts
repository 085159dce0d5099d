import accounts from './accounts';
import auth from './auth';
import credentials from './credentials';
import customers from './customers';
import history from './history';
import housekeeping from './housekeeping';
import emailTemplates from './email-templates';
import mailer from './mailer';
import passwords from './passwords';
import sessions from './sessions';
import throttle from './throttle';
import tokens from './tokens';

export default {
  accounts,
  auth,
  credentials,
  customers,
  history,
  housekeeping,
  'email-templates': emailTemplates,
  mailer,
  passwords,
  sessions,
  throttle,
  tokens,
};
