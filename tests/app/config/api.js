// Strapi's own privacy setting for every content type: the tests that set API_PRIVATE_ATTRIBUTES
// check that emails hide those fields as the Content API does.
module.exports = ({ env }) => ({
  responses: { privateAttributes: env.array('API_PRIVATE_ATTRIBUTES', []).filter(Boolean) },
});
