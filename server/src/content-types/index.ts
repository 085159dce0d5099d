import account from './account';
import event from './event';
import throttle from './throttle';
import token from './token';

export default { account, event, throttle, token };
