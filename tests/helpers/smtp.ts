import type { AddressInfo } from 'node:net';

import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpCatcher {
  port: number;
  mails: CaughtMail[];
  /** Resolves when `count` mails have arrived in total, or rejects after `timeoutMs`. */
  waitForMails(count: number, timeoutMs?: number): Promise<CaughtMail[]>;
  /** Mails sent to one address, in arrival order. */
  mailsTo(address: string): CaughtMail[];
  /**
   * Resolves with the mails to `address` once there are `count` of them (default 1), or rejects
   * after `timeoutMs`: for emails sent after a response (notices sent once a change is committed).
   */
  waitForMailsTo(address: string, count?: number, timeoutMs?: number): Promise<CaughtMail[]>;
  /** While true, every recipient is refused with a permanent error (550). */
  rejectAll: boolean;
  /** Recipients refused the same way, one by one (lower case). */
  rejectAddresses: Set<string>;
  /**
   * Holds every message at its recipient, as a stalled mail server would, until `release`: the
   * sender waits for the answer, so whatever sends it cannot finish.
   */
  hold(): SmtpHold;
  /** Stops listening; `start()` listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface SmtpHold {
  /** Resolves once at least `count` messages wait at the hold, or rejects after `timeoutMs`. */
  waiting(count: number, timeoutMs?: number): Promise<void>;
  /** How many messages wait now. */
  readonly count: number;
  /** Lets every waiting message, and every later one, go on. */
  release(): void;
}

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((entry) => entry.value)
    .map((entry) => (entry.address ?? '').toLowerCase());

/** A real SMTP server on 127.0.0.1 that parses and keeps every message it receives. */
export const startSmtpCatcher = async (port = 0): Promise<SmtpCatcher> => {
  const mails: CaughtMail[] = [];
  const waiters = new Set<() => boolean>();
  let server: SMTPServer;
  let held: { waiting: Array<() => void>; released: boolean } | undefined;
  const notify = () => {
    for (const check of waiters) if (check()) waiters.delete(check);
  };

  /** Resolves with `found()`'s first non-null answer, checked now and after every mail. */
  const waitUntil = <T>(found: () => T | null, timeoutMs: number, failure: () => string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = found();
        if (value === null) return false;
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(failure()));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });

  const catcher: SmtpCatcher = {
    port,
    mails,
    rejectAll: false,
    rejectAddresses: new Set(),
    hold() {
      const state = { waiting: [] as Array<() => void>, released: false };
      held = state;
      return {
        get count() {
          return state.waiting.length;
        },
        waiting: (count, timeoutMs = 10_000) =>
          waitUntil(
            () => (state.waiting.length >= count ? true : null),
            timeoutMs,
            () => `expected ${count} messages held, got ${state.waiting.length}`
          ).then(() => undefined),
        release() {
          state.released = true;
          if (held === state) held = undefined;
          for (const go of state.waiting.splice(0)) go();
        },
      };
    },
    waitForMails(count, timeoutMs = 10_000) {
      return waitUntil(
        () => (mails.length >= count ? mails : null),
        timeoutMs,
        () => {
          return `expected ${count} mails, got ${mails.length}`;
        }
      );
    },
    mailsTo: (address) => mails.filter((mail) => mail.to.includes(address.toLowerCase())),
    waitForMailsTo(address, count = 1, timeoutMs = 10_000) {
      return waitUntil(
        () => {
          const received = catcher.mailsTo(address);
          return received.length >= count ? received : null;
        },
        timeoutMs,
        () => `expected ${count} mails to ${address}, got ${catcher.mailsTo(address).length}`
      );
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async start() {
      server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(catcher.port, '127.0.0.1', () => resolve());
      });
      catcher.port = (server.server.address() as AddressInfo).port;
    },
    close: () => catcher.stop(),
  };

  const createServer = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const answer = () => {
          if (catcher.rejectAll || catcher.rejectAddresses.has(address.address.toLowerCase())) {
            const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
            error.responseCode = 550;
            callback(error);
            return;
          }
          callback();
        };
        if (held && !held.released) {
          held.waiting.push(answer);
          notify();
          return;
        }
        answer();
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            mails.push({
              to: addresses(parsed.to),
              from: parsed.from?.text ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
            });
            notify();
            callback();
          })
          .catch(callback);
      },
    });

  await catcher.start();
  return catcher;
};
