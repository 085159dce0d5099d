module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    if (process.env.DEMO_SEED === 'true') {
      await require('../scripts/seed')(strapi);
    }
  },
};
