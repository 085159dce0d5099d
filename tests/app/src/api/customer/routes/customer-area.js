// A route of the site that only signed-in customers may use (README: "Your own routes").
module.exports = {
  routes: [
    {
      method: 'GET',
      path: '/customer-area',
      handler: 'customer.area',
      config: { auth: false, policies: ['plugin::customer-login.is-customer'] },
    },
  ],
};
