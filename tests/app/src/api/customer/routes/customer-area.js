// A route of the site that only signed-in customers may use (README: "Your own routes"). The
// benchmark boots the app without the plugin, and then its policy does not exist.
module.exports = {
  routes:
    process.env.WITH_CUSTOMER_LOGIN === 'false'
      ? []
      : [
          {
            method: 'GET',
            path: '/customer-area',
            handler: 'customer.area',
            config: { auth: false, policies: ['plugin::customer-login.is-customer'] },
          },
        ],
};
