import auth from './auth';
import customers from './customers';

export default { auth, customers };
