/**
 * Types of the request builders: a user's intent, what a client learned from discovery,
 * and what it sends (or refuses to send). Pure data.
 */
import type { Microversion } from '../microversion/version.js';

/** What a live-migration form or CLI lets the user choose. */
export interface LiveMigrationIntent {
  /** A host name, or `null` to let the scheduler choose. */
  readonly host: string | null;
  readonly blockMigration: boolean | 'auto';
  readonly diskOverCommit: boolean;
  /** `undefined` = not set by the user. */
  readonly force?: boolean | undefined;
}

/** What version discovery told the client about the server. */
export type DiscoveredRange =
  | { readonly kind: 'range'; readonly min: Microversion; readonly max: Microversion }
  /** 401 on the version URL, a v2.0 document, or an empty `version` field. */
  | { readonly kind: 'none'; readonly reason: string };

/** A request exactly as the client puts it on the wire. Header names in lower case. */
export interface BuiltRequest {
  readonly method: string;
  /** Path relative to the compute endpoint, e.g. `/servers/<id>/action`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body as a value (serialised by the sender). */
  readonly body: unknown;
}

export type BuildResult =
  | { readonly kind: 'request'; readonly request: BuiltRequest; readonly microversion: string | null }
  | { readonly kind: 'refused'; readonly message: string };

/** Which real code a profile reproduces. */
export interface ModelledCode {
  readonly project: string;
  readonly file: string;
  readonly version: string;
}
