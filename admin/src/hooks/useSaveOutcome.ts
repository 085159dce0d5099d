import { useNotification } from '@strapi/strapi/admin';
import isEqual from 'lodash/isEqual.js';
import * as React from 'react';
import { useIntl } from 'react-intl';

import {
  useEditForm,
  useEditedDocument,
  useFetchSavedAt,
  useLoadedDocument,
} from '../utils/content-manager';
import { getTranslation } from '../utils/getTranslation';
import { useErrorMessage } from './useErrorMessage';

type Values = Record<string, unknown>;

/** A Save of an existing customer, from the moment it starts until its outcome is known. */
interface PendingSave {
  /** The address credentials go to if the save succeeds; null when none were asked for. */
  email: string | null;
  /** The document's updatedAt before the save: a newer one means the save went through. */
  savedAt: unknown;
  /** What the admin had in the form when they pressed Save. */
  values: Values;
  /** The Content Manager has since reloaded the form from the server. */
  reloaded: boolean;
  /** The server answered that the document did not change. */
  failed: boolean;
}

/**
 * A create that asked for credentials, handed over to the section of the created document: the
 * Content Manager mounts a new form there on success and stays on the create page on failure.
 * The tab's session storage carries it, as it carries the admin's own session token.
 */
const HANDOVER_KEY = 'customer-login:credentials-requested-on-create';
const HANDOVER_MS = 60_000;

interface Handover {
  email: string;
  at: number;
}

const readHandover = (): Handover | null => {
  const stored = window.sessionStorage.getItem(HANDOVER_KEY);
  window.sessionStorage.removeItem(HANDOVER_KEY);
  return stored === null ? null : (JSON.parse(stored) as Handover);
};

const writeHandover = (handover: Handover | null) =>
  handover === null
    ? window.sessionStorage.removeItem(HANDOVER_KEY)
    : window.sessionStorage.setItem(HANDOVER_KEY, JSON.stringify(handover));

/**
 * Follows each Save of the customer in the Content Manager's edit view, for the Login section.
 *
 * The form cannot tell success from failure: after a success, and after any refusal but a field
 * error, the Content Manager resets it to what was sent and then reloads it from the server. So
 * once a save of an existing customer ends, this asks the server whether the document changed.
 * Saved: it announces the credentials if they were requested. Not saved: the reload dropped what
 * the admin filled in (the transient keys and the password are not part of the document), so it
 * puts their input back, and the admin can fix the cause (the error notification says what) and
 * save again. A create that asked for credentials is announced by the section of the created
 * document, which the Content Manager opens on success.
 *
 * Returns `forgetNotice`, for when the admin unchecks "Generate and send credentials" themselves.
 */
export const useSaveOutcome = (
  consumer: string,
  { email, sendRequested }: { email: string; sendRequested: boolean }
) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();
  const { isNew } = useEditedDocument();
  const document = useLoadedDocument();
  const fetchSavedAt = useFetchSavedAt();
  const values = useEditForm(consumer, (state) => state.values);
  const initialValues = useEditForm(consumer, (state) => state.initialValues);
  const isSubmitting = useEditForm(consumer, (state) => state.isSubmitting);
  const setValues = useEditForm(consumer, (state) => state.setValues);

  const announce = (address: string) =>
    toggleNotification({
      type: 'success',
      message: formatMessage(
        {
          id: getTranslation('notification.sent'),
          defaultMessage: 'Login credentials sent to {email}',
        },
        { email: address }
      ),
    });

  const cannotTell = (error: unknown) =>
    toggleNotification({
      type: 'warning',
      message: formatMessage(
        {
          id: getTranslation('notification.saveOutcomeUnknown'),
          defaultMessage:
            'The Login section could not tell whether the save went through ({reason}). Reload the page to see the saved customer.',
        },
        { reason: errorMessage(error) }
      ),
    });

  // Effects read the render's values through this ref, so that each runs only on its own signal.
  const latest = React.useRef({
    isNew,
    email,
    sendRequested,
    savedAt: document?.updatedAt as unknown,
    values,
    fetchSavedAt,
    setValues,
    announce,
    cannotTell,
  });
  latest.current = {
    isNew,
    email,
    sendRequested,
    savedAt: document?.updatedAt,
    values,
    fetchSavedAt,
    setValues,
    announce,
    cannotTell,
  };
  const save = React.useRef<PendingSave | null>(null);

  React.useEffect(() => {
    const { isNew: creating, email: address, announce: notify } = latest.current;
    if (creating) return;
    const handover = readHandover();
    if (handover?.email === address && Date.now() - handover.at < HANDOVER_MS) notify(address);
  }, []);

  React.useEffect(() => {
    const current = latest.current;
    if (isSubmitting) {
      writeHandover(
        current.sendRequested && current.isNew ? { email: current.email, at: Date.now() } : null
      );
      save.current = current.isNew
        ? null
        : {
            email: current.sendRequested ? current.email : null,
            savedAt: current.savedAt,
            values: current.values,
            reloaded: false,
            failed: false,
          };
      return;
    }
    const pending = save.current;
    if (pending === null) return;
    let active = true;
    current.fetchSavedAt().then(
      (after) => {
        if (!active || save.current !== pending) return;
        if (after !== pending.savedAt) {
          save.current = null;
          if (pending.email !== null) latest.current.announce(pending.email);
          return;
        }
        pending.failed = true;
        if (pending.reloaded) {
          save.current = null;
          latest.current.setValues(pending.values);
        }
      },
      (error: unknown) => {
        if (!active || save.current !== pending) return;
        save.current = null;
        latest.current.cannotTell(error);
      }
    );
    return () => {
      active = false;
    };
  }, [isSubmitting]);

  const seenInitialValues = React.useRef(initialValues);
  React.useEffect(() => {
    if (seenInitialValues.current === initialValues) return;
    seenInitialValues.current = initialValues;
    const pending = save.current;
    if (isSubmitting || pending === null) return;
    // The Content Manager first resets the form to the values it sent; only the reload that
    // follows brings the server's document and drops the admin's input.
    if (isEqual(initialValues, pending.values)) return;
    pending.reloaded = true;
    if (pending.failed) {
      save.current = null;
      latest.current.setValues(pending.values);
    }
  }, [isSubmitting, initialValues]);

  /** The admin unchecked the box themselves: no notice is due any more. */
  const forgetNotice = React.useCallback(() => {
    if (save.current) save.current.email = null;
  }, []);

  return { forgetNotice };
};
