import type { Model } from '@strapi/database';

import { PLUGIN_ID } from '../../../shared/plugin-id';

/*
 * The plugin's own tables are database models, not content types, as Strapi's Content History and
 * AI jobs are: admins never edit them, and a content type costs every boot a Content Manager
 * configuration, a place in the stored schema and the permission engine's attention. They name
 * customers by document id (a string), so they work with any customer type.
 */

// Functions, not shared objects: Strapi writes each attribute's column name into it.
const datetime = () => ({ type: 'datetime' }) as const;
const required = () => ({ column: { notNullable: true } });
const createdAt = () => ({ ...datetime(), ...required(), default: () => new Date() });

export const ACCOUNT_UID = `plugin::${PLUGIN_ID}.account` as const;
export const HISTORY_EVENT_UID = `plugin::${PLUGIN_ID}.event` as const;
export const SESSION_UID = `plugin::${PLUGIN_ID}.session` as const;
export const THROTTLE_UID = `plugin::${PLUGIN_ID}.throttle` as const;
export const TOKEN_UID = `plugin::${PLUGIN_ID}.token` as const;

/**
 * Per customer: whether the password was generated, and the login address (its digest), through
 * which a login finds the customer.
 */
const account: Model = {
  uid: ACCOUNT_UID,
  tableName: 'customer_login_accounts',
  singularName: 'account',
  attributes: {
    id: { type: 'increments' },
    customer: { type: 'string', ...required() },
    mustChangePassword: { type: 'boolean', ...required(), default: false },
    passwordGeneratedAt: datetime(),
    // Set while login is enabled and the customer has an address, else null; unique, so two customers
    // with login enabled cannot share an address, whichever way their rows are written.
    addressHash: { type: 'string' },
    createdAt: createdAt(),
  },
  indexes: [
    { name: 'customer_login_accounts_customer_unique', columns: ['customer'], type: 'unique' },
    {
      name: 'customer_login_accounts_address_hash_unique',
      columns: ['address_hash'],
      type: 'unique',
    },
  ],
};

/**
 * The login history: one row per event, what happened to a customer's login, by whom and when.
 * Never a password, hash, code or token. Its uid and table say "event" because they name the
 * rows; renaming them would lose every site's stored history.
 */
const historyEvent: Model = {
  uid: HISTORY_EVENT_UID,
  tableName: 'customer_login_events',
  singularName: 'event',
  attributes: {
    id: { type: 'increments' },
    customer: { type: 'string', ...required() },
    type: { type: 'string', ...required() },
    outcome: { type: 'string', ...required() },
    actorKind: { type: 'string', ...required() },
    actorId: { type: 'integer' },
    actorName: { type: 'string' },
    reason: { type: 'text' },
    createdAt: createdAt(),
  },
  // A customer's timeline, newest first, is the only way events are read.
  indexes: [{ name: 'customer_login_events_customer_idx', columns: ['customer', 'created_at'] }],
};

/**
 * A customer's sessions, one row per login. `sessionId` is the public handle (in access tokens and
 * the session list); the refresh token is stored only as its SHA-256 and replaced on every
 * refresh, `generation` counting the replacements. Ended sessions keep their row until
 * housekeeping deletes it, so a refresh token used after its session ended still gets 401.
 */
const session: Model = {
  uid: SESSION_UID,
  tableName: 'customer_login_sessions',
  singularName: 'session',
  attributes: {
    id: { type: 'increments' },
    sessionId: { type: 'string', ...required() },
    customer: { type: 'string', ...required() },
    refreshHash: { type: 'string', ...required() },
    generation: { type: 'integer', ...required(), default: 0 },
    device: { type: 'string' },
    clientAddress: { type: 'string' },
    createdAt: createdAt(),
    refreshedAt: datetime(),
    idleExpiresAt: { ...datetime(), ...required() },
    expiresAt: { ...datetime(), ...required() },
    endedAt: datetime(),
    endReason: { type: 'string' },
  },
  indexes: [
    { name: 'customer_login_sessions_session_id_unique', columns: ['session_id'], type: 'unique' },
    { name: 'customer_login_sessions_customer_idx', columns: ['customer', 'ended_at'] },
  ],
};

/**
 * Attempts counted across processes: failed logins and address requests per address (a SHA-256
 * of it) and per address and client, wrong current passwords per customer. `subject` is what a
 * row counts, the address's SHA-256 or the customer's document id, so that the counts of a
 * deleted customer go in one statement.
 */
const throttle: Model = {
  uid: THROTTLE_UID,
  tableName: 'customer_login_throttles',
  singularName: 'throttle',
  attributes: {
    id: { type: 'increments' },
    key: { type: 'string', ...required() },
    // Nullable: counts stored before the column existed have none until their next attempt.
    subject: { type: 'string' },
    hits: { type: 'integer', ...required(), default: 0 },
    windowStart: { ...datetime(), ...required() },
  },
  indexes: [
    // Also what makes concurrent first attempts at one key count on a single row.
    { name: 'customer_login_throttles_key_unique', columns: ['key'], type: 'unique' },
    { name: 'customer_login_throttles_subject_idx', columns: ['subject'] },
  ],
};

/** Single-use links sent to customers; only a SHA-256 of each token is stored. */
const token: Model = {
  uid: TOKEN_UID,
  tableName: 'customer_login_tokens',
  singularName: 'token',
  attributes: {
    id: { type: 'increments' },
    customer: { type: 'string', ...required() },
    purpose: { type: 'string', ...required() },
    email: { type: 'string', ...required() },
    tokenHash: { type: 'string', ...required() },
    expiresAt: { ...datetime(), ...required() },
    usedAt: datetime(),
    createdAt: createdAt(),
  },
  // A new link voids the customer's outstanding ones of its purpose.
  indexes: [
    { name: 'customer_login_tokens_token_hash_unique', columns: ['token_hash'], type: 'unique' },
    { name: 'customer_login_tokens_customer_idx', columns: ['customer', 'purpose', 'used_at'] },
  ],
};

export const models = [account, historyEvent, session, throttle, token];
