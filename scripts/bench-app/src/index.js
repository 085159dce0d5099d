// Creates the benchmark's two accounts, one of each plugin, with the same password.
module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    const password = process.env.BENCH_PASSWORD;
    const authenticated = await strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'authenticated' } });
    await strapi.documents('plugin::users-permissions.user').create({
      data: {
        username: 'bench',
        email: 'bench-user@shop.test',
        password,
        confirmed: true,
        provider: 'local',
        role: authenticated.id,
      },
    });
    await strapi.documents('api::customer.customer').create({
      data: {
        email: 'bench-customer@shop.test',
        loginEnabled: true,
        emailConfirmed: true,
        password,
      },
    });
  },
};
