/**
 * Providers of Nova endpoints: the embedded emulator, recorded cassettes (replay), a real Nova,
 * or any URL. The matrix runner speaks only to this interface.
 */
import type { NovaTarget } from '../nova/target.js';
import type { RedactionOptions } from '../redaction/redactor.js';

export interface NovaEndpoint {
  readonly target: NovaTarget;
  /** The compute endpoint as a service catalog lists it, e.g. `http://127.0.0.1:8774/@zed/v2.1`. */
  readonly computeUrl: string;
}

/** A server made for one cell, so cells never depend on each other. */
export interface ProvisionedServer {
  readonly id: string;
  readonly host: string;
}

/** An HTTP answer as the runner stores it: header names in lower case, a JSON body parsed. */
export interface AnswerSeen {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface NovaProvider extends AsyncDisposable {
  /** `emulator`, `replay`, `real-nova`, `url`. */
  readonly kind: string;
  /** Human description for reports: `embedded emulator`, `real Nova 26.2.2 (Zed) at http://...`. */
  readonly description: string;
  /**
   * `false` when the runner must not read a cell's migration record back after a 202 (2.34+):
   * a cassette answers by request key, and a per-cell read of changing state cannot be keyed.
   * Absent means it may.
   */
  readonly readsMigrationRecords?: boolean;
  /**
   * Most fresh servers one target keeps at once (the emulator world's `maxFreshServers`): older
   * ones are dropped. The runner never has more servers of a target waiting for their cells
   * than this (it runs a target's cells in waves). Absent: no known limit.
   */
  readonly freshServerCap?: number;
  /** Credentials this provider was given (tokens), to be redacted from every output. */
  readonly redaction?: RedactionOptions;
  /**
   * Why an answer came from the provider itself rather than from Nova (a replay miss: status
   * 598, the request was never recorded), or `undefined` for Nova's answer. The runner treats
   * such a cell as an infrastructure failure, never as a verdict on Nova.
   */
  notNovasAnswer?(response: AnswerSeen): string | undefined;
  /** The endpoint serving `target`; throws a PROVIDER error if this provider cannot serve it. */
  endpointFor(target: NovaTarget): Promise<NovaEndpoint>;
  /** A fresh server in the named template state (see the world's server templates). */
  createServer(endpoint: NovaEndpoint, template: string): Promise<ProvisionedServer>;
  /**
   * Runs the server's live migrations to their end state before the runner reads the record
   * back (`POST /_mvmatrix/migrations/settle`): a Nova whose migrations advance on their own
   * (the real full control plane) is read when they are done, not half-way. Absent: the record
   * is read as it is.
   */
  settle?(endpoint: NovaEndpoint, serverId: string): Promise<void>;
  /** `X-Auth-Token` for an admin or a non-admin (noauth2 style `<user>:<project>` on emulator/real Nova). */
  token(caller: 'admin' | 'member'): string;
}

/** A provider that can hand out many fresh servers at once (the embedded emulator). */
export interface BatchServerProvider {
  createServers(endpoint: NovaEndpoint, template: string, count: number): Promise<ProvisionedServer[]>;
}

/**
 * A provider that can forget fresh servers whose cells have run (the in-process emulator), so a
 * long run keeps only the servers of the block in flight.
 */
export interface ReleasingServerProvider {
  releaseServers(endpoint: NovaEndpoint, ids: readonly string[]): Promise<void>;
}
