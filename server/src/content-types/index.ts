import account from './account';
import throttle from './throttle';
import token from './token';

export default { account, throttle, token };
