const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreController('api::customer.customer', () => ({
  // A site's own page for signed-in customers, as the README shows it.
  area(ctx) {
    ctx.body = { customer: ctx.state.customer };
  },
}));
