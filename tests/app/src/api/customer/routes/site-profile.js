// A site's own route whose controller forwards the request body to the document service, as
// careless code does. The tests prove it cannot set login attributes or make the plugin send
// anything. Only the test suite (NODE_ENV=test) has it: the demo must not expose it.
module.exports = {
  routes:
    process.env.NODE_ENV === 'test'
      ? [
          {
            method: 'PUT',
            path: '/customer-profile/:documentId',
            handler: 'customer.updateProfile',
            config: { auth: false },
          },
        ]
      : [],
};
