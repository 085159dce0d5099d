const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreController('api::customer.customer', ({ strapi }) => ({
  // A site's own page for signed-in customers, as the README shows it.
  area(ctx) {
    ctx.body = { customer: ctx.state.customer };
  },
  // See routes/site-profile.js: forwards whatever the client sent.
  async updateProfile(ctx) {
    const updated = await strapi.documents('api::customer.customer').update({
      documentId: ctx.params.documentId,
      data: ctx.request.body,
    });
    ctx.body = { documentId: updated.documentId };
  },
}));
