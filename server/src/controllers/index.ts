import auth from './auth';
import credentials from './credentials';
import emailTemplates from './email-templates';
import history from './history';
import sessions from './sessions';

export default { auth, credentials, 'email-templates': emailTemplates, history, sessions };
