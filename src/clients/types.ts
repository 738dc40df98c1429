/**
 * Types of the request builders: a user's intent, what a client learned from discovery,
 * and what it sends (or refuses to send). Pure data.
 */
import type { Microversion } from '../microversion/version.js';

/** An option the user left alone: the client fills in its own default (no flag, no argument, the box untouched). */
export const CLIENT_DEFAULT = 'default';
export type ClientDefault = typeof CLIENT_DEFAULT;

/** What a live-migration form or CLI lets the user choose. */
export interface LiveMigrationIntent {
  /** A host name, or `null` to let the scheduler choose. */
  readonly host: string | null;
  /** `auto` = ask Nova to choose (2.25+); `default` = leave the option unset. */
  readonly blockMigration: boolean | 'auto' | ClientDefault;
  readonly diskOverCommit: boolean | ClientDefault;
  /** `undefined` = not set by the user (the client's default). */
  readonly force?: boolean | undefined;
}

/** What version discovery told the client about the server. */
export type DiscoveredRange =
  | { readonly kind: 'range'; readonly min: Microversion; readonly max: Microversion }
  /**
   * 401 on the version URL, a v2.0 document, or an empty `version` field. `discoveryFailedAt`:
   * keystoneauth could read no version document at that URL and raises `DiscoveryFailure`
   * (the SDK re-raises it before sending; its wording depends on the keystoneauth release).
   */
  | { readonly kind: 'none'; readonly reason: string; readonly discoveryFailedAt?: string };

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

/**
 * How a profile produces its request. `model`: a pure TypeScript model of the client's code
 * (every profile today). The registry is open to other kinds (e.g. one that drives the real
 * client through a driver process).
 */
export type ProfileKind = 'model';

/** A profile as `--list-profiles` and the matrix runner see it. */
export interface ProfileInfo {
  /** Canonical id: `<client>@<clientVersion>[+mv<pin>]` (docs/request-builders.md, "Profile ids"). */
  readonly id: string;
  readonly kind: ProfileKind;
  /** Client family: `horizon`, `horizon-proposed`, `novaclient`, `openstacksdk`, `openstackclient`. */
  readonly client: string;
  /** The client's own release (`27.0.0`, `18.13.1`). */
  readonly clientVersion: string;
  /** The microversion the user pins (`Client("2.25")`, `--os-compute-api-version 2.25`), if any. */
  readonly microversionPin: string | null;
  /** Debian suites shipping this client release. */
  readonly debianSuites: readonly string[];
  readonly title: string;
  /** What the code does with the microversion and the options, in one or two sentences. */
  readonly behaviour: string;
  /** The real code the profile reproduces, by project, file and version. */
  readonly models: readonly ModelledCode[];
  /** Whether the profile lets the user ask for `force` at all. */
  readonly takesForce: boolean;
}

/** How a profile learns the server's version range (see `discovery.ts`). */
export type DiscoveryProcedure = 'novaclient' | 'keystoneauth' | 'none';

/** A client profile: metadata plus a pure builder. */
export interface ClientProfile extends ProfileInfo {
  readonly discovery: DiscoveryProcedure;
  build(intent: LiveMigrationIntent, discovered: DiscoveredRange, serverId: string): ProfileBuildResult;
  /**
   * What `build` reads of `discovered`, as text: two ranges with the same key give the same
   * build for every intent and server id (the runner remembers builds by it, so targets whose
   * ranges differ only where the client does not look share one). Absent: the whole range counts.
   */
  rangeKey?(discovered: DiscoveredRange): string;
}

/** A build result, plus what the real client would print as a warning while still sending. */
export type ProfileBuildResult = BuildResult & { readonly warnings?: readonly string[] };

/** An injected HTTP GET (the only I/O discovery needs). */
export type HttpGet = (url: string) => Promise<{ readonly status: number; readonly body: string }>;

/** What a named host means to Nova for the request a form would send. */
export type NamedHostMeaning = 'forced' | 'scheduler-verified' | 'forced-if-box-ticked' | 'refused-without-force';

/** Which fields a Horizon "Live Migrate Instance" form offers against a given server. */
export interface HorizonFormFields {
  readonly profile: string;
  /** The microversion the form's submit requests (null = no microversion header). */
  readonly microversion: string | null;
  readonly host: { readonly shown: true; readonly autoSchedule: true; readonly namedHostMeans: NamedHostMeaning };
  readonly blockMigration: { readonly shown: true; readonly control: 'checkbox' | 'auto-block-shared' };
  /** `sentAs` says which body key the checkbox really fills (60455e5ff: `force`). */
  readonly diskOverCommit: { readonly shown: boolean; readonly sentAs: 'disk_over_commit' | 'force' | null };
  readonly force: { readonly shown: boolean };
}
