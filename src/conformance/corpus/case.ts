/** One request of the differential corpus, as plain data. Pure. */

/** Which server a case addresses. */
export type CaseServer =
  /** A UUID no world has: schema-valid bodies answer 404. */
  | { readonly kind: 'missing'; readonly id: string }
  /** A seeded world server with a fixed UUID (same on both sides); never mutated by the case. */
  | { readonly kind: 'seeded'; readonly template: string; readonly id: string }
  /** A server created for this case alone from a template (both sides), since the case may change its state. */
  | { readonly kind: 'fresh'; readonly template: string };

export type CaseGroup = 'version-document' | 'schema' | 'headers' | 'state' | 'migrations' | 'server-migrations' | 'cold-migrate' | 'os-migrations' | 'matrix' | 'stateful';

export interface ConformanceCase {
  /** Stable within one seed: `c00042`. */
  readonly id: string;
  readonly group: CaseGroup;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /**
   * Path with `{server}` standing for the server's id, `{project}` for the project and
   * `{migration}` for the id of the server's in-progress live migration on that side.
   */
  readonly path: string;
  /** Request headers (lower-case names); the token is added by the runner from `caller`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly server?: CaseServer;
  readonly caller: 'admin' | 'member' | 'none';
  /** Human summary for reports: `2.30 new-style, host=compute-02 force=true`. */
  readonly summary: string;
  /** The microversion the case asks for as text (`2.30`, `latest`, `2.01`, `(none)`). */
  readonly requested: string;
}
