/**
 * One Pact interaction as plain data, before the Pact library turns it into a pact: what the
 * consumer sends (the builder's request with an example server id) and what it relies on. The
 * adapter (`pact-writer.ts`) maps it onto the PactV4 DSL one to one. Pure types.
 */

/** A provider state with its parameters, e.g. `server {template} on {host}`. */
export interface ProviderStateSpec {
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
}

/** A value the provider fills in from a provider state (`fromProviderState`). */
export interface FromProviderState {
  /** `${serverId}`-style expression over the values the state handlers return. */
  readonly expression: string;
  /** What the consumer sends in the pact test (and the pact records as the example). */
  readonly example: string;
}

export interface RequestSpec {
  readonly method: string;
  readonly path: FromProviderState;
  /** Headers exactly as the client sends them (names as the builder writes them). */
  readonly headers: Readonly<Record<string, string>>;
  /** Headers whose value comes from a provider state (the token): never a real credential. */
  readonly stateHeaders: Readonly<Record<string, FromProviderState>>;
  /** The body bytes the client sends (the builder's JSON, serialised as the runner does). */
  readonly bodyText?: string;
}

/** A Nova fault body `{"<key>": {"code": N, "message": "..."}}`, the message as a regex. */
export interface FaultSpec {
  readonly key: string;
  readonly code: number;
  readonly message: { readonly regex: string; readonly example: string };
}

export interface ResponseSpec {
  /** The status the example shows. */
  readonly status: number;
  /** When set, any of these statuses satisfies the consumer (Pact `matchStatus`). */
  readonly statuses?: readonly number[];
  /** Exact header values the client relies on (the microversion headers). */
  readonly headers: Readonly<Record<string, string>>;
  readonly fault?: FaultSpec;
}

export interface InteractionSpec {
  readonly consumer: string;
  readonly provider: string;
  /** The matrix cell id: `<profile>|<scenario>|<target>`. */
  readonly description: string;
  readonly states: readonly ProviderStateSpec[];
  readonly request: RequestSpec;
  readonly response: ResponseSpec;
  /** Pact V4 `pending`: failures are reported but do not fail verification. */
  readonly pending: boolean;
  /** Free-text comments kept in the pact (the matrix verdict, why it is pending). */
  readonly comments: readonly string[];
  /** The matrix's outcome for the cell, kept as the V4 comment `mvmatrix-verdict`. */
  readonly matrixVerdict: string;
}

/** The V4 comment key holding the matrix outcome (drift is visible there, not to Pact). */
export const VERDICT_COMMENT_KEY = 'mvmatrix-verdict';
