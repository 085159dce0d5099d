import {
  unstable_useContentManagerContext as useContentManagerContext,
  unstable_useDocument as useDocument,
  useDocumentRBAC,
  useFetchClient,
  useForm,
} from '@strapi/strapi/admin';
import * as React from 'react';

import type { FormError } from './loginField';

/*
 * The one place in the admin that reaches into the Content Manager: its edit view's context, its
 * cached document and schema, its edit form, its document permissions (hooks Strapi marks
 * unstable or leaves undocumented), and its HTTP route for one document. Each is described here
 * once, narrowly: an upgrade of Strapi that changes them touches this file only.
 */

type Values = Record<string, unknown>;

/** What the plugin reads and writes of the Content Manager's edit form. */
export interface EditFormState {
  values: Values;
  initialValues: Values;
  errors: Record<string, FormError>;
  modified: boolean;
  isSubmitting: boolean;
  onChange: (path: string, value: unknown) => void;
  setValues: (values: Values) => void;
}

/** A piece of the edit form's state; renders again when that piece changes. */
export const useEditForm = <T>(consumer: string, selector: (state: EditFormState) => T): T =>
  useForm(consumer, (state) => selector(state as unknown as EditFormState));

/** The document the edit view shows: its model, its id, and whether it is being created. */
export const useEditedDocument = () => {
  const { id, model, collectionType, isCreatingEntry, contentType } = useContentManagerContext();
  return {
    id,
    model,
    collectionType,
    isNew: isCreatingEntry || !id || id === 'create',
    /** The schema of the model, with its attributes. */
    contentType: contentType as { attributes?: object } | undefined,
  };
};

/** The saved document as the edit view has loaded it; undefined while creating. */
export const useLoadedDocument = (): Values | undefined => {
  const { id, model, collectionType, isNew } = useEditedDocument();
  const { document } = useDocument(
    { model, collectionType, documentId: isNew ? undefined : id },
    { skip: isNew }
  );
  return document;
};

/** The schema of a model, with its attributes, as the Content Manager's views know it. */
export const useModelSchema = (model: string, collectionType: string) =>
  useDocument({ model, collectionType }).schema as { attributes?: object } | undefined;

/**
 * Whether the admin may write `field` of the document being edited (`create` while it is being
 * created, else `update`), as the Content Manager decides from their field-level permissions.
 */
export const useMayWriteField = (consumer: string, action: 'create' | 'update', field: string) =>
  useDocumentRBAC(consumer, (rbac) =>
    (action === 'create' ? rbac.canCreateFields : rbac.canUpdateFields).includes(field)
  );

/**
 * When the edited document was last saved, asked of the server rather than the edit view's
 * cache: for the locale being edited, which the Content Manager keeps in the page's URL.
 */
export const useFetchSavedAt = () => {
  const { get } = useFetchClient();
  const { id, model } = useEditedDocument();
  return React.useCallback(async () => {
    const locale = new URLSearchParams(window.location.search).get('plugins[i18n][locale]');
    const { data } = await get<{ data: { updatedAt?: string } }>(
      `/content-manager/collection-types/${model}/${id}`,
      locale ? { params: { locale } } : undefined
    );
    return data.data.updatedAt;
  }, [get, id, model]);
};
