import auth from './auth';
import customers from './customers';
import emailTemplates from './email-templates';

export default { auth, customers, 'email-templates': emailTemplates };
