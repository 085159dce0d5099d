import { LOGIN_ATTRIBUTE_NAMES, loginAttributes } from '../../server/src/login-attributes';

describe('loginAttributes', () => {
  const attributes = loginAttributes({ emailField: 'email', minLength: 12 });

  test('Then the customer type gains exactly the login attributes, by their names', () => {
    expect(Object.keys(attributes)).toEqual([...LOGIN_ATTRIBUTE_NAMES]);
  });

  // Private: the Content API never returns them. Not localized: one login whatever the locale.
  test.each(LOGIN_ATTRIBUTE_NAMES)(
    'Then %s is private, not configurable and shared by every locale',
    (name) => {
      expect(attributes[name]).toMatchObject({
        private: true,
        configurable: false,
        pluginOptions: { i18n: { localized: false } },
      });
    }
  );

  test('Then a new customer may not log in and has no confirmed email', () => {
    expect(attributes.loginEnabled).toMatchObject({ type: 'boolean', default: false });
    expect(attributes.emailConfirmed).toMatchObject({ type: 'boolean', default: false });
  });

  test('Then the password is the Login section, told what it needs of the config', () => {
    expect(attributes.password).toMatchObject({
      type: 'password',
      customField: 'plugin::customer-login.login',
      options: { emailField: 'email', minLength: 12 },
    });
  });
});
