import type { Core } from '@strapi/strapi';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import { errorMessage } from './errors';

/**
 * Runs `work` once no transaction can take its effect back or make it a lie: at once outside a
 * transaction, else when the outermost transaction commits (and, with `alsoOnRollback`, when it
 * rolls back). A caller's transaction may enclose the plugin's (the Content Manager saves and
 * publishes in one), so the plugin's own commit is not the one that counts. Strapi calls these
 * callbacks without awaiting them, so a failure is logged here, under `label`.
 */
export const afterTransaction = async (
  strapi: Core.Strapi,
  label: string,
  work: () => Promise<unknown>,
  { alsoOnRollback = false }: { alsoOnRollback?: boolean } = {}
): Promise<void> => {
  const logFailure = (failure: unknown) => {
    strapi.log.error(`${PLUGIN_ID}: ${label} failed: ${errorMessage(failure)}`);
  };
  if (!strapi.db.inTransaction()) {
    await work().catch(logFailure);
    return;
  }
  let started = false;
  const runOnce = () => {
    if (started) return;
    started = true;
    work().catch(logFailure);
  };
  await strapi.db.transaction(({ onCommit, onRollback }) => {
    onCommit(runOnce);
    if (alsoOnRollback) onRollback(runOnce);
  });
};
