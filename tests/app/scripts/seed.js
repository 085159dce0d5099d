// Seeds the demo: one super admin and a few customers, once per database.
const ADMIN = {
  email: 'admin@shop.test',
  password: 'Demo-Admin-Pass-1',
  firstname: 'Ada',
  lastname: 'Admin',
};

const CUSTOMERS = [
  {
    firstName: 'Grace',
    lastName: 'Hopper',
    email: 'grace@shop.test',
    loginEnabled: true,
    emailConfirmed: true,
    password: 'Grace-Password-1',
  },
  { firstName: 'Alan', lastName: 'Turing', email: 'alan@shop.test', loginEnabled: false },
  {
    firstName: 'Katherine',
    lastName: 'Johnson',
    email: 'katherine@shop.test',
    loginEnabled: true,
    emailConfirmed: false,
    password: 'Katherine-Password-1',
  },
  { firstName: 'Linus', lastName: 'NoEmail', email: null, loginEnabled: false },
];

module.exports = async (strapi) => {
  if (!(await strapi.service('admin::user').exists())) {
    const superAdmin = await strapi.service('admin::role').getSuperAdmin();
    await strapi.service('admin::user').create({
      ...ADMIN,
      isActive: true,
      roles: [superAdmin.id],
    });
  }

  const customers = strapi.documents('api::customer.customer');
  if ((await customers.count()) === 0) {
    for (const data of CUSTOMERS) await customers.create({ data });
  }

  strapi.log.info(
    [
      '',
      'Customer Login demo',
      `  Admin panel:  ${strapi.config.get('admin.absoluteUrl')}`,
      `  Admin login:  ${ADMIN.email} / ${ADMIN.password}`,
      '  Customers:    grace@shop.test / Grace-Password-1 (can log in),',
      '                katherine@shop.test / Katherine-Password-1 (must confirm her email first),',
      '                alan@shop.test (login disabled), Linus (no email)',
      `  Customer API: POST ${strapi.config.get('server.absoluteUrl')}/api/customer-login/auth/login`,
      '  Every email the plugin sends is printed below.',
      '',
    ].join('\n')
  );
};
