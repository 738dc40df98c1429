/**
 * python-novaclient 18.1.0's live-migration methods (`novaclient/v2/servers.py`): which
 * signature each microversion band has (`@api_versions.wraps`), how Python binds the
 * caller's arguments to it (so a shifted positional argument or an unknown keyword is
 * reproduced exactly), and `ServerManager._live_migrate`'s body. Pure.
 */
import { compareMicroversions, formatMicroversion, mv, type Microversion } from '../microversion/version.js';
import type { BuildResult } from './types.js';
import { migrateLiveRequest, novaclientVersionHeaders, refused } from './wire.js';

/** A Python value as the modelled clients pass it: `null` is `None`. */
export type PyValue = boolean | string | null;

/** A Python keyword argument list, in call order. */
export type PyKeywords = ReadonlyArray<readonly [string, PyValue]>;

interface Parameter {
  readonly name: 'host' | 'block_migration' | 'disk_over_commit' | 'force';
  /** `undefined` = required positional parameter. */
  readonly default?: PyValue;
}

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

type Bound = Partial<Record<Parameter['name'], PyValue>>;

function quoteList(names: readonly string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  // CPython: 'a' / 'a' and 'b' / 'a', 'b', and 'c'.
  if (quoted.length <= 1) return quoted.join('');
  if (quoted.length === 2) return `${quoted[0]} and ${quoted[1]}`;
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}

/**
 * CPython 3.11's argument binding for a method: `leading` counts the parameters before the
 * modelled ones (`self`, and `server` for the manager). Returns the bound values or the
 * exact `TypeError` text.
 */
function bind(
  qualname: string,
  params: readonly Parameter[],
  leading: number,
  positional: readonly PyValue[],
  keywords: PyKeywords,
): { ok: true; bound: Bound } | { ok: false; message: string } {
  if (positional.length > params.length) {
    const required = params.filter((p) => p.default === undefined).length + leading;
    const all = params.length + leading;
    const takes = required === all ? `${all} positional argument${all === 1 ? '' : 's'}` : `from ${required} to ${all} positional arguments`;
    const given = positional.length + leading;
    return { ok: false, message: `${qualname}() takes ${takes} but ${given} ${given === 1 ? 'was' : 'were'} given` };
  }
  const bound: Bound = {};
  positional.forEach((value, index) => {
    const param = params[index];
    if (param) bound[param.name] = value;
  });
  for (const [name, value] of keywords) {
    const param = params.find((p) => p.name === name);
    if (!param) return { ok: false, message: `${qualname}() got an unexpected keyword argument '${name}'` };
    if (param.name in bound) return { ok: false, message: `${qualname}() got multiple values for argument '${name}'` };
    bound[param.name] = value;
  }
  const missing = params.filter((p) => !(p.name in bound) && p.default === undefined).map((p) => p.name);
  if (missing.length > 0) {
    const noun = missing.length === 1 ? 'argument' : 'arguments';
    return { ok: false, message: `${qualname}() missing ${missing.length} required positional ${noun}: ${quoteList(missing)}` };
  }
  for (const p of params) if (!(p.name in bound)) bound[p.name] = p.default ?? null;
  return { ok: true, bound };
}

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
 * `novaclient.Client(version).servers.live_migrate(server, *positional, **keywords)`:
 * the request it sends, or the `TypeError` Python raises before sending.
 */
export function callManagerLiveMigrate(
  version: Microversion,
  serverId: string,
  positional: readonly PyValue[],
  keywords: PyKeywords = [],
): BuildResult {
  const band = bandFor(version);
  if (!band) return versionNotFound(version, 'live_migrate');
  const result = bind('ServerManager.live_migrate', band.manager, 2, positional, keywords);
  if (!result.ok) return refused('TypeError', result.message);
  return migrateLiveRequest(serverId, managerBody(result.bound), novaclientVersionHeaders(version), version.minor === 0 ? null : version);
}

/**
 * `Server.live_migrate(**keywords)` (the resource method OSC calls): fills its defaults
 * (`None` block_migration → False below 2.25, "auto" from 2.25; `None` disk_over_commit →
 * False) and calls the manager positionally.
 */
export function callResourceLiveMigrate(version: Microversion, serverId: string, keywords: PyKeywords): BuildResult {
  const band = bandFor(version);
  if (!band) return versionNotFound(version, 'live_migrate');
  const result = bind('Server.live_migrate', band.resource, 1, [], keywords);
  if (!result.ok) return refused('TypeError', result.message);
  const { bound } = result;
  const block = bound.block_migration === null || bound.block_migration === undefined ? band.resourceBlockDefault : bound.block_migration;
  const args: PyValue[] = [bound.host ?? null, block];
  if (band.resource.some((p) => p.name === 'disk_over_commit')) args.push(bound.disk_over_commit ?? false);
  if (band.resource.some((p) => p.name === 'force')) args.push(bound.force ?? null);
  return callManagerLiveMigrate(version, serverId, args);
}
