// Seeds the benchmark's accounts (./seed.js) at each boot; BENCH_EXTRA asks for that many more
// customers and users-permissions users beside them.
const { seedBenchAccounts } = require('./seed');

module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    const start = performance.now();
    const added = await seedBenchAccounts(strapi, {
      password: process.env.BENCH_PASSWORD,
      extra: Number(process.env.BENCH_EXTRA ?? 0),
    });
    // scripts/bench.js reads this line to know the seed took place.
    strapi.log.info(
      `bench: seeded ${added} extra customers and users in ${Math.round(performance.now() - start)} ms`
    );
  },
};
