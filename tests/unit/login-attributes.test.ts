import { LOGIN_ATTRIBUTE_NAMES, loginAttributes } from '../../server/src/login-attributes';

describe('loginAttributes', () => {
  // Made in each test, not once for the file: that way each test covers the code it checks.
  const attributesOf = () => loginAttributes({ emailField: 'email', minLength: 12 });

  test('Then the customer type gains exactly the login attributes, by their names', () => {
    expect(Object.keys(attributesOf())).toEqual([...LOGIN_ATTRIBUTE_NAMES]);
  });

  // Private: the Content API never returns them. Not localized: one login whatever the locale.
  test.each(LOGIN_ATTRIBUTE_NAMES)(
    'Then %s is private, not configurable and shared by every locale',
    (name) => {
      expect(attributesOf()[name]).toMatchObject({
        private: true,
        configurable: false,
        pluginOptions: { i18n: { localized: false } },
      });
    }
  );

  test('Then a new customer may not log in and has no confirmed email', () => {
    const attributes = attributesOf();
    expect(attributes.loginEnabled).toMatchObject({ type: 'boolean', default: false });
    expect(attributes.emailConfirmed).toMatchObject({ type: 'boolean', default: false });
  });

  test('Then the password is the Login section, told what it needs of the config', () => {
    expect(attributesOf().password).toMatchObject({
      type: 'password',
      customField: 'plugin::customer-login.login',
      options: { emailField: 'email', minLength: 12 },
    });
  });
});
