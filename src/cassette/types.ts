/**
 * The cassette format (`mvmatrix-cassette`, version 1): answers a Nova gave to a request set,
 * stored so they can be replayed without that Nova. See docs/record-replay.md. Pure types.
 */

/** The format name every cassette carries in `format`. */
export const CASSETTE_FORMAT = 'mvmatrix-cassette';
/** The only format version this code reads and writes. */
export const CASSETTE_VERSION = 1;

/**
 * Placeholder that stands for the recorded Nova's base URL (scheme, host, port and any path
 * prefix such as `/@zed`) in recorded response bodies and headers. Re-recordings on another
 * port stay byte-identical, and a replay server puts its own base URL back in.
 */
export const BASE_URL_PLACEHOLDER = '{{mvmatrix:base-url}}';

/** Placeholder written instead of every secret (tokens, passwords, redacted ids). */
export const REDACTED = '<redacted>';

/** What the cassette was recorded from. */
export interface CassetteMetadata {
  /** ISO 8601 time of the recording; the only field that changes between identical recordings. */
  readonly recordedAt: string;
  /** Scheme and host of the recorded Nova, without port or path: `http://127.0.0.1`. */
  readonly targetOrigin: string;
  /** Target id the answers stand for (`zed`, `mv-2.47`); the replay provider serves only this. */
  readonly target: string;
  /** Maximum microversion the recorded Nova announced in `GET /v2.1/`, if it answered one. */
  readonly maxMicroversion: string | null;
  /** Nova's own version (`26.2.2`) when the recorder was told it. */
  readonly novaVersion: string | null;
  /** mvmatrix version that wrote the file. */
  readonly mvmatrixVersion: string;
  /** Name of the request set (`live-migration`, a corpus name, or a file's base name). */
  readonly requestSet: string;
  /** Free text: how the recorded Nova was started. */
  readonly note: string | null;
}

/**
 * How a request asked for a microversion: `effective` is what Nova reads (`default`,
 * `latest`, `2.30`, or `malformed:<raw>`), `headers` the raw header values sent.
 */
export interface CassetteMicroversion {
  readonly effective: string;
  /** `OpenStack-API-Version` as sent, or null when absent. */
  readonly openstackApiVersion: string | null;
  /** `X-OpenStack-Nova-API-Version` as sent, or null when absent. */
  readonly novaApiVersion: string | null;
}

/** Who sent a request; part of the key because Nova's policies answer 403 to members. */
export type CassetteCaller = 'admin' | 'member' | 'none';

export interface CassetteRequest {
  readonly method: string;
  /** Path with ids replaced by `{server_id}`, `{project_id}`, `{migration_id}`; query kept. */
  readonly pathTemplate: string;
  /** The path as sent, after redaction (ids of unknown servers stay: they are not secret). */
  readonly path: string;
  /** The role of the server in `{server_id}`: `unknown`, or a world template name. */
  readonly serverRef: string | null;
  /** Who asked: `admin` (the recording token), `member` (same project, non-admin user), `none` (no token). */
  readonly caller: CassetteCaller;
  readonly microversion: CassetteMicroversion;
  /** `Content-Type` as sent, or null. */
  readonly contentType: string | null;
  /** Body as sent, after redaction; empty string when none. */
  readonly body: string;
  /** Canonical body key: `""`, canonical JSON (sorted keys), or `sha256:<hex>` of unparsable text. */
  readonly bodyKey: string;
}

export interface CassetteResponse {
  readonly status: number;
  /** Headers that matter (Content-Type, microversion headers, Vary, Location), in Nova's order and spelling. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Body text as Nova sent it, with the base URL replaced by {@link BASE_URL_PLACEHOLDER} and secrets redacted. */
  readonly body: string;
}

export interface CassetteInteraction {
  /** Stable key string (see `interactionKeyString`); unique within a cassette. */
  readonly key: string;
  /** Label from the request set, for people reading the file. */
  readonly name: string;
  readonly request: CassetteRequest;
  readonly response: CassetteResponse;
}

export interface Cassette {
  readonly format: typeof CASSETTE_FORMAT;
  readonly version: typeof CASSETTE_VERSION;
  readonly metadata: CassetteMetadata;
  /** Server ids used in the recording, by role (`unknown` → the fixed id of a server that does not exist). */
  readonly servers: Readonly<Record<string, { readonly id: string; readonly host: string | null }>>;
  readonly interactions: readonly CassetteInteraction[];
}
