/**
 * python-novaclient's live-migration methods (`novaclient/v2/servers.py`, identical in 17.2.1 …
 * 18.13.1): which signature each microversion band has (`@api_versions.wraps`), how Python
 * binds the caller's arguments to it (so a shifted positional argument or an unknown keyword
 * is reproduced exactly), and `ServerManager._live_migrate`'s body. What differs by release
 * (the client's maximum, the version check) and by Python comes in as a {@link NovaclientRuntime}. Pure.
 */
import { compareMicroversions, formatMicroversion, mv, type Microversion } from '../microversion/version.js';
import { bindPythonCall, type PyBound, type PyKeywords, type PyParameter, type PyValue } from './python-call.js';
import type { BuildResult } from './types.js';
import type { NovaclientTraits } from './versions/novaclient.js';
import type { PythonTraits } from './versions/python.js';

export type { PyKeywords, PyValue } from './python-call.js';
import { migrateLiveRequest, novaclientVersionHeaders, refused } from './wire.js';

/** A novaclient release as it runs in its Debian suite. */
export interface NovaclientRuntime {
  readonly release: string;
  readonly traits: NovaclientTraits;
  readonly python: PythonTraits;
}

type ParameterName = 'host' | 'block_migration' | 'disk_over_commit' | 'force';
type Parameter = PyParameter<ParameterName>;

interface SignatureBand {
  readonly since: Microversion;
  readonly until: Microversion | null;
  /** `ServerManager.live_migrate(self, server, ...)` after `server`. */
  readonly manager: readonly Parameter[];
  /** `Server.live_migrate(self, ...)`. */
  readonly resource: readonly Parameter[];
  /** What `Server.live_migrate` turns a `None` block_migration into. */
  readonly resourceBlockDefault: boolean | 'auto';
}

/** One row per `@api_versions.wraps` range of both methods. */
const BANDS: readonly SignatureBand[] = [
  {
    since: mv('2.0'),
    until: mv('2.24'),
    manager: [{ name: 'host' }, { name: 'block_migration' }, { name: 'disk_over_commit' }],
    resource: [
      { name: 'host', default: null },
      { name: 'block_migration', default: false },
      { name: 'disk_over_commit', default: null },
    ],
    resourceBlockDefault: false,
  },
  {
    since: mv('2.25'),
    until: mv('2.29'),
    manager: [{ name: 'host' }, { name: 'block_migration' }],
    resource: [
      { name: 'host', default: null },
      { name: 'block_migration', default: null },
    ],
    resourceBlockDefault: 'auto',
  },
  {
    since: mv('2.30'),
    until: mv('2.67'),
    manager: [{ name: 'host' }, { name: 'block_migration' }, { name: 'force', default: null }],
    resource: [
      { name: 'host', default: null },
      { name: 'block_migration', default: null },
      { name: 'force', default: null },
    ],
    resourceBlockDefault: 'auto',
  },
  {
    since: mv('2.68'),
    until: null,
    manager: [{ name: 'host' }, { name: 'block_migration' }],
    resource: [
      { name: 'host', default: null },
      { name: 'block_migration', default: null },
    ],
    resourceBlockDefault: 'auto',
  },
];

function bandFor(version: Microversion): SignatureBand | undefined {
  return BANDS.find(
    (band) => compareMicroversions(version, band.since) >= 0 && (band.until === null || compareMicroversions(version, band.until) <= 0),
  );
}

/** The parameter names `ServerManager.live_migrate` takes after `server` at `version`. */
export function managerParameters(version: Microversion): readonly string[] {
  return (bandFor(version)?.manager ?? []).map((p) => p.name);
}

/** The parameter names `Server.live_migrate` (the resource method) takes at `version`. */
export function resourceParameters(version: Microversion): readonly string[] {
  return (bandFor(version)?.resource ?? []).map((p) => p.name);
}

type Bound = PyBound<ParameterName>;

function versionNotFound(version: Microversion, method: string): BuildResult {
  return refused('VersionNotFoundForAPIMethod', `API version '${formatMicroversion(version)}' is not supported on '${method}' method.`);
}

/** `ServerManager._live_migrate`: host and block_migration always, the rest only when set. */
function managerBody(bound: Bound): Record<string, unknown> {
  const body: Record<string, unknown> = { host: bound.host ?? null, block_migration: bound.block_migration ?? null };
  const disk = bound.disk_over_commit;
  if (disk !== undefined && disk !== null) body['disk_over_commit'] = disk;
  // novaclient never sends `force: false` (only a truthy force is added).
  const force = bound.force;
  if (force !== undefined && force !== null && force !== false && force !== '') body['force'] = force;
  return body;
}

/**
 * `novaclient.Client(version)`: from 18.13.1 `api_versions.check_version` refuses a version
 * above the client's maximum (the maximum is formatted with `APIVersion.__str__`).
 */
export function novaclientVersionRefusal(runtime: NovaclientRuntime, version: Microversion): BuildResult | undefined {
  if (!runtime.traits.refusesVersionAboveMax) return undefined;
  const max = mv(runtime.traits.apiMax);
  if (compareMicroversions(version, max) <= 0) return undefined;
  return refused(
    'UnsupportedVersion',
    `Invalid client version '${formatMicroversion(version)}'. Max version supported is 'API Version Major: ${max.major}, Minor: ${max.minor}'`,
  );
}

/**
 * `novaclient.Client(version).servers.live_migrate(server, *positional, **keywords)`:
 * the request it sends, or what the client raises before sending (`UnsupportedVersion`,
 * `TypeError`).
 */
export function callManagerLiveMigrate(
  runtime: NovaclientRuntime,
  version: Microversion,
  serverId: string,
  positional: readonly PyValue[],
  keywords: PyKeywords = [],
): BuildResult {
  const unsupported = novaclientVersionRefusal(runtime, version);
  if (unsupported) return unsupported;
  const band = bandFor(version);
  if (!band) return versionNotFound(version, 'live_migrate');
  const result = bindPythonCall(runtime.python, 'ServerManager.live_migrate', band.manager, ['self', 'server'], positional, keywords);
  if (!result.ok) return refused('TypeError', result.message);
  return migrateLiveRequest(serverId, managerBody(result.bound), novaclientVersionHeaders(version), version.minor === 0 ? null : version);
}

/**
 * `Server.live_migrate(**keywords)` (the resource method OSC calls): fills its defaults
 * (`None` block_migration → False below 2.25, "auto" from 2.25; `None` disk_over_commit →
 * False) and calls the manager positionally.
 */
export function callResourceLiveMigrate(runtime: NovaclientRuntime, version: Microversion, serverId: string, keywords: PyKeywords): BuildResult {
  const unsupported = novaclientVersionRefusal(runtime, version);
  if (unsupported) return unsupported;
  const band = bandFor(version);
  if (!band) return versionNotFound(version, 'live_migrate');
  const result = bindPythonCall(runtime.python, 'Server.live_migrate', band.resource, ['self'], [], keywords);
  if (!result.ok) return refused('TypeError', result.message);
  const { bound } = result;
  const block = bound.block_migration === null || bound.block_migration === undefined ? band.resourceBlockDefault : bound.block_migration;
  const args: PyValue[] = [bound.host ?? null, block];
  if (band.resource.some((p) => p.name === 'disk_over_commit')) args.push(bound.disk_over_commit ?? false);
  if (band.resource.some((p) => p.name === 'force')) args.push(bound.force ?? null);
  return callManagerLiveMigrate(runtime, version, serverId, args);
}
