// The benchmark's accounts, for the test app (scripts/bench.js) and the production-mode site
// (./index.js): one customer and one users-permissions user that log in with the same password,
// and, for the scale part, `extra` more of each beside them. Once per database: a restart finds
// them and adds nothing.
const CUSTOMER_UID = 'api::customer.customer';
const USER_UID = 'plugin::users-permissions.user';
const CUSTOMER_EMAIL = 'bench-customer@shop.test';
const USER_EMAIL = 'bench-user@shop.test';
// The extras' addresses start so, which is how a restart counts those already there.
const EXTRA_CUSTOMER = 'bench-crowd-customer-';
const EXTRA_USER = 'bench-crowd-user-';
// Rows built and handed to createMany at a time (which splits them again into the dialect's
// batches): bounds the memory a seed of 100,000 holds.
const CHUNK = 5000;

const inChunks = async (count, write) => {
  for (let start = 0; start < count; start += CHUNK) {
    await write(Array.from({ length: Math.min(CHUNK, count - start) }, (_, i) => start + i));
  }
};

/** Inserts the rows, as createMany does, and says how many it was given ids for. */
const createMany = async (strapi, uid, data) => {
  const { ids } = await strapi.db.query(uid).createMany({ data });
  if (ids.length !== data.length) {
    throw new Error(`bench seed: ${uid} inserted ${ids.length} of ${data.length} rows`);
  }
  return ids;
};

/**
 * Customers with login enabled and an address confirmed, but no password: the index of login
 * addresses holds them all. Each is one row, as the document service creates it: a draft with Draft
 * & Publish, else published; in the default locale when localized. createMany gives each its
 * documentId (the model's default).
 */
const seedCustomers = async (strapi, from, to) => {
  const contentType = strapi.contentType(CUSTOMER_UID);
  const draftAndPublish = contentType.options?.draftAndPublish === true;
  // Every type has a locale column; the document service fills it only for localized types.
  const locale = contentType.pluginOptions?.i18n?.localized
    ? { locale: await strapi.plugin('i18n').service('locales').getDefaultLocale() }
    : {};
  const now = new Date();
  await inChunks(to - from, (indexes) =>
    createMany(
      strapi,
      CUSTOMER_UID,
      indexes.map((i) => ({
        firstName: 'Crowd',
        lastName: String(from + i),
        email: `${EXTRA_CUSTOMER}${from + i}@shop.test`,
        loginEnabled: true,
        emailConfirmed: true,
        createdAt: now,
        updatedAt: now,
        publishedAt: draftAndPublish ? null : now,
        ...locale,
      }))
    )
  );
};

/**
 * Confirmed users of the local provider with the authenticated role, all with one password hash
 * (none of them logs in; hashing 100,000 passwords would take minutes). createMany leaves relations
 * out, so the role is linked in the relation's own table.
 */
const seedUsers = async (strapi, trx, from, to, { hash, role }) => {
  const { joinTable } = strapi.db.metadata.get(USER_UID).attributes.role;
  const link = () => strapi.db.getConnection(joinTable.name).transacting(trx);
  const order = joinTable.inverseOrderColumnName;
  const last = await link()
    .where(joinTable.inverseJoinColumn.name, role)
    .max({ last: order })
    .first();
  let position = Number(last?.last ?? 0);
  const now = new Date();
  await inChunks(to - from, async (indexes) => {
    const ids = await createMany(
      strapi,
      USER_UID,
      indexes.map((i) => ({
        username: `${EXTRA_USER}${from + i}`,
        email: `${EXTRA_USER}${from + i}@shop.test`,
        provider: 'local',
        password: hash,
        confirmed: true,
        blocked: false,
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      }))
    );
    const links = ids.map((id) => ({
      [joinTable.joinColumn.name]: id,
      [joinTable.inverseJoinColumn.name]: role,
      [order]: (position += 1),
    }));
    // In the dialect's batches, as createMany inserts: SQLite takes 500 rows per statement at most.
    const batch = strapi.db.dialect.getBatchInsertSize();
    for (let start = 0; start < links.length; start += batch) {
      await link().insert(links.slice(start, start + batch));
    }
  });
};

/**
 * Creates the benchmark's accounts unless the database has them: `extra` customers and
 * users-permissions users first, in one transaction, then through the document service the
 * customer `bench-customer@shop.test` and the user `bench-user@shop.test` with `password`. The
 * accounts that log in come last, so that anything reading a table in the order it was written
 * reads every extra row before it finds them.
 *
 * @returns how many extra customers (and as many users) this call added.
 */
const seedBenchAccounts = async (strapi, { password, extra = 0 }) => {
  const customers = strapi.db.query(CUSTOMER_UID);
  const users = strapi.db.query(USER_UID);
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  if (!role) throw new Error('bench seed: users-permissions has no authenticated role');

  const have = await customers.count({ where: { email: { $startsWith: EXTRA_CUSTOMER } } });
  const haveUsers = await users.count({ where: { email: { $startsWith: EXTRA_USER } } });
  if (have !== haveUsers) {
    throw new Error(`bench seed: ${have} extra customers but ${haveUsers} extra users`);
  }
  const added = Math.max(0, extra - have);
  if (added > 0) {
    // One hash, by users-permissions' own hashing: none of these users logs in.
    const { password: hash } = await strapi
      .plugin('users-permissions')
      .service('user')
      .ensureHashedPasswords({ password });
    // createMany joins this transaction by itself; the role's links are given it.
    await strapi.db.transaction(async ({ trx }) => {
      await seedCustomers(strapi, have, extra);
      await seedUsers(strapi, trx, have, extra, { hash, role: role.id });
    });
  }

  if (!(await users.findOne({ where: { email: USER_EMAIL }, select: ['id'] }))) {
    await strapi.documents(USER_UID).create({
      data: {
        username: 'bench',
        email: USER_EMAIL,
        password,
        confirmed: true,
        provider: 'local',
        role: role.id,
      },
    });
  }
  if (!(await customers.findOne({ where: { email: CUSTOMER_EMAIL }, select: ['id'] }))) {
    await strapi.documents(CUSTOMER_UID).create({
      data: { email: CUSTOMER_EMAIL, loginEnabled: true, emailConfirmed: true, password },
    });
  }
  return added;
};

module.exports = { CUSTOMER_EMAIL, USER_EMAIL, seedBenchAccounts };
