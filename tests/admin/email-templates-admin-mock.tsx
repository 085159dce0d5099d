/**
 * A stand-in for `@strapi/strapi/admin` in the email templates page's tests: the page's layout
 * pieces, RBAC answers the test sets, and a fetch client whose calls the test controls.
 */
import * as React from 'react';

export const permissions = { canRead: true, canUpdate: true };
export const notifications: Array<{ type: string; message: string }> = [];

export class FetchError extends Error {
  constructor(
    message: string,
    readonly response?: { data: { data: null; error: { message: string; details?: unknown } } }
  ) {
    super(message);
  }
}
export const isFetchError = (error: unknown): error is FetchError => error instanceof FetchError;

const client = { get: jest.fn(), put: jest.fn(), post: jest.fn() };
export const { get, put, post } = client;
export const useFetchClient = () => client;

export const useRBAC = () => ({ isLoading: false, allowedActions: permissions });

export const useNotification = () => ({
  toggleNotification: (notification: { type: string; message: string }) =>
    notifications.push(notification),
});

const formatAPIError = (error: { message?: string }) => error.message ?? 'error';
export const useAPIErrorHandler = () => ({ formatAPIError });

export const Page = {
  Main: ({ children }: { children: React.ReactNode }) => <main>{children}</main>,
  Title: () => null,
  Loading: () => <p>Loading</p>,
  Error: () => <p>Page error</p>,
  Protect: ({ children }: { children: React.ReactNode }) => <>{children}</>,
};

export const Layouts = {
  Header: ({
    title,
    subtitle,
    primaryAction,
  }: {
    title: string;
    subtitle: string;
    primaryAction?: React.ReactNode;
  }) => (
    <header>
      <h1>{title}</h1>
      <p>{subtitle}</p>
      {primaryAction}
    </header>
  ),
  Content: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
};
