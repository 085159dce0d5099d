import type { Core } from '@strapi/strapi';
import ms from 'ms';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import { getConfig } from '../utils/config';
import { getService } from '../utils/get-service';
import { errorMessage } from '../utils/errors';

const DAY_MS = 24 * 60 * 60 * 1000;
// A used or expired link opened within this time still gets its precise message ("already
// used", "expired") rather than "not valid".
const TOKEN_GRACE_MS = 30 * DAY_MS;
// Ended and expired sessions stay this long: a refresh token of one still gets a plain 401, and
// the row tells a site's support when and why a session ended.
export const SESSION_RETENTION_MS = 30 * DAY_MS;

export const HOUSEKEEPING_JOB = `${PLUGIN_ID}.housekeeping`;
/** Daily, at a quiet hour of the server's time zone. */
export const HOUSEKEEPING_RULE = '17 3 * * *';

/**
 * Deletes what the plugin no longer needs: login history older than
 * `history.retentionDays`, tokens long expired, sessions over for `SESSION_RETENTION_MS` and
 * attempt counts whose window has ended.
 * Idempotent, so every process of a site may run it.
 */
const createHousekeepingService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async run(
    now = new Date()
  ): Promise<{ events: number; tokens: number; sessions: number; throttles: number }> {
    const config = getConfig(strapi);
    const events = await getService(strapi, 'history').purge(
      new Date(now.getTime() - config.history.retentionDays * DAY_MS)
    );
    const tokens = await getService(strapi, 'tokens').purgeExpired(
      new Date(now.getTime() - TOKEN_GRACE_MS)
    );
    const sessions = await getService(strapi, 'sessions').purge(
      new Date(now.getTime() - SESSION_RETENTION_MS)
    );
    const throttles = await getService(strapi, 'throttle').purgeEnded(
      new Date(now.getTime() - ms(config.lockout.window))
    );
    return { events, tokens, sessions, throttles };
  },

  /** Registers the daily run as a Strapi cron task. */
  schedule() {
    strapi.cron.add({
      [HOUSEKEEPING_JOB]: {
        task: async () => {
          try {
            const removed = await this.run();
            strapi.log.debug(`${PLUGIN_ID}: housekeeping removed ${JSON.stringify(removed)}`);
          } catch (error) {
            strapi.log.error(`${PLUGIN_ID}: housekeeping failed: ${errorMessage(error)}`);
          }
        },
        options: { rule: HOUSEKEEPING_RULE },
      },
    });
  },
});

export type HousekeepingService = ReturnType<typeof createHousekeepingService>;
export default createHousekeepingService;
