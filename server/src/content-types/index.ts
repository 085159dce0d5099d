import account from './account';
import token from './token';

export default { account, token };
