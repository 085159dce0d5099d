import type { Core } from '@strapi/strapi';

import type { DatabaseClient } from './database';

export type CapturedSecretKind = 'password hash' | 'refresh token digest' | 'generated password';

export interface CapturedResponse {
  /** The URL as requested, before any route rewrote it. */
  url: string;
  body: string;
}

export interface CaptureSinks {
  onSecret(kind: CapturedSecretKind, value: string): void;
  onResponse(response: CapturedResponse): void;
}

export function captureSecrets(strapi: Core.Strapi, sinks: CaptureSinks): void;

export function captureInto(file: string): CaptureSinks;

export function readCapture(file: string): {
  secrets: Array<{ kind: CapturedSecretKind; value: string }>;
  responses: CapturedResponse[];
};

export function expectDatabaseClient(strapi: Core.Strapi, expected: DatabaseClient): Promise<void>;
