import auth from './auth';
import credentials from './credentials';
import customers from './customers';
import mailer from './mailer';
import passwords from './passwords';
import tokens from './tokens';

export default { auth, credentials, customers, mailer, passwords, tokens };
