import type { Core } from '@strapi/strapi';

import type {
  HistoryEvent,
  HistoryActor,
  HistoryEventType,
  ListHistory,
} from '../../../shared/contracts/history';
import { HISTORY_EVENT_UID } from '../models';

const ADMIN_STRATEGIES = new Set(['admin', 'admin-token']);
// Provider answers can be long (a whole SMTP transcript); the gist fits in this.
const MAX_REASON_LENGTH = 500;

interface EventRow {
  id: number;
  type: HistoryEventType;
  outcome: 'success' | 'failure';
  actorKind: HistoryActor['kind'];
  actorId: number | null;
  actorName: string | null;
  reason: string | null;
  createdAt: string | Date;
}

interface AdminUser {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email?: string | null;
}

export interface RecordInput {
  customer: string;
  type: HistoryEventType;
  outcome?: 'success' | 'failure';
  reason?: string;
  /** Who did it; without it, the admin of the current request, else the system. */
  actor?: HistoryActor;
}

const toEvent = (row: EventRow): HistoryEvent => ({
  id: row.id,
  type: row.type,
  outcome: row.outcome,
  actor:
    row.actorKind === 'admin'
      ? { kind: 'admin', id: Number(row.actorId), name: row.actorName ?? '' }
      : { kind: row.actorKind },
  reason: row.reason ?? null,
  createdAt: new Date(row.createdAt).toISOString(),
});

/**
 * The login history of customers: one row per thing that happened to a login, written in the
 * transaction of the change it records (a failure is written after its rollback). Rows carry no
 * secret: no password, hash, code or token ever reaches this service.
 */
const createHistoryService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(HISTORY_EVENT_UID);

  /** The admin behind the current request, if an admin made it. */
  const currentAdmin = (): HistoryActor | undefined => {
    const ctx = strapi.requestContext.get() as
      { state?: { user?: AdminUser; auth?: { strategy?: { name?: string } } } } | undefined;
    const user = ctx?.state?.user;
    if (!user || !ADMIN_STRATEGIES.has(ctx?.state?.auth?.strategy?.name ?? '')) return undefined;
    const name =
      [user.firstname, user.lastname].filter(Boolean).join(' ') ||
      user.username ||
      user.email ||
      `#${user.id}`;
    return { kind: 'admin', id: user.id, name };
  };

  return {
    async record({ customer, type, outcome = 'success', reason, actor }: RecordInput) {
      const who = actor ?? currentAdmin() ?? { kind: 'system' };
      await query().create({
        data: {
          customer,
          type,
          outcome,
          actorKind: who.kind,
          actorId: who.kind === 'admin' ? who.id : null,
          actorName: who.kind === 'admin' ? who.name : null,
          reason: reason ? reason.slice(0, MAX_REASON_LENGTH) : null,
          createdAt: new Date(),
        },
      });
    },

    /** One page of a customer's history, newest first. */
    async list(
      customer: string,
      { page, pageSize }: { page: number; pageSize: number }
    ): Promise<ListHistory.Response> {
      const [rows, total] = await Promise.all([
        query().findMany({
          where: { customer },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          offset: (page - 1) * pageSize,
          limit: pageSize,
        }) as Promise<EventRow[]>,
        query().count({ where: { customer } }),
      ]);
      const count = Number(total);
      return {
        data: rows.map(toEvent),
        meta: {
          pagination: { page, pageSize, total: count, pageCount: Math.ceil(count / pageSize) },
        },
      };
    },

    /**
     * When the customer's newest event of this type happened (ISO 8601), or null when the history
     * holds none: one read along the customer's timeline index.
     */
    async latestAt(customer: string, type: HistoryEventType): Promise<string | null> {
      const row = (await query().findOne({
        select: ['createdAt'],
        where: { customer, type },
        orderBy: { createdAt: 'desc' },
      })) as Pick<EventRow, 'createdAt'> | null;
      return row ? new Date(row.createdAt).toISOString() : null;
    },

    /** Deletes the rows older than `before`; answers how many went. */
    async purge(before: Date): Promise<number> {
      const { count } = await query().deleteMany({ where: { createdAt: { $lt: before } } });
      return Number(count);
    },
  };
};

export type HistoryService = ReturnType<typeof createHistoryService>;
export default createHistoryService;
