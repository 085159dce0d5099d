// Tests boot the customer type with Draft & Publish and i18n through the environment; the demo and
// the default suite use neither. The address is shared by all locales, like the login fields.
const draftAndPublish = process.env.CUSTOMER_DRAFT_AND_PUBLISH === 'true';
const localized = process.env.CUSTOMER_LOCALIZED === 'true';
const i18n = (isLocalized) =>
  localized ? { pluginOptions: { i18n: { localized: isLocalized } } } : {};

module.exports = {
  kind: 'collectionType',
  collectionName: 'customers',
  info: {
    singularName: 'customer',
    pluralName: 'customers',
    displayName: 'Customer',
  },
  // Hidden from the Content API as a site would hide staff notes; emails must not show it either.
  options: { draftAndPublish, privateAttributes: ['internalNote'] },
  ...i18n(true),
  attributes: {
    firstName: { type: 'string', ...i18n(true) },
    lastName: { type: 'string', ...i18n(true) },
    email: { type: 'email', ...i18n(false) },
    // The customer's language for emails, when a test sets email.localeField to it.
    language: { type: 'string', ...i18n(false) },
    internalNote: { type: 'text', ...i18n(false) },
  },
};
