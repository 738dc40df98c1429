/**
 * openstacksdk's `conn.compute.live_migrate_server(server, host=None, force=False,
 * block_migration=None[, disk_over_commit=None])` → `Server.live_migrate`
 * (`openstack/compute/v2/_proxy.py`, `server.py`): pins 2.30, else 2.25, else the old body,
 * raising its `ValueError`s before sending; keystoneauth sends both microversion headers.
 * What differs by release comes in as an {@link SdkRuntime}. Used by the openstacksdk profiles
 * and by openstackclient ≥ 7, which runs on it. Pure.
 */
import { compareMicroversions, formatMicroversion, isWithin, mv, type Microversion } from '../microversion/version.js';
import { refusalKey, sdkSupports } from './profiles/common.js';
import { bindPythonCall, type PyKeywords, type PyParameter } from './python-call.js';
import type { BuildResult, DiscoveredRange } from './types.js';
import type { SdkRuntime } from './versions/runtimes.js';
import { keystoneauthVersionHeaders, migrateLiveRequest, refused } from './wire.js';

const V2_30 = mv('2.30');
const V2_25 = mv('2.25');

const IMPLIES_FORCE =
  "Live migration on this cloud implies 'force' if the 'host' option has been given and it is not possible to disable. " +
  "It is recommended to not use 'host' at all on this cloud as it is inherently unsafe, but if it is unavoidable, " +
  "please supply 'force=True' so that it is clear you understand the risks.";
const NO_AUTO = "Live migration on this cloud does not support 'auto' as a parameter to block_migration, but only True and False.";

type Name = 'host' | 'force' | 'block_migration' | 'disk_over_commit';

function proxyParameters(runtime: SdkRuntime): PyParameter<Name>[] {
  const params: PyParameter<Name>[] = [
    { name: 'host', default: null },
    { name: 'force', default: false },
    { name: 'block_migration', default: null },
  ];
  if (runtime.traits.diskOverCommitParameter) params.push({ name: 'disk_over_commit', default: null });
  return params;
}

/**
 * `Resource._get_microversion` for the below-2.25 branch of releases that negotiate it: the
 * session's default microversion, else min(server max, `Server._max_microversion`), else none.
 */
function legacyMicroversion(runtime: SdkRuntime, discovered: DiscoveredRange, defaultMicroversion: Microversion | null): Microversion | null {
  if (runtime.traits.legacyBandMicroversion === 'none') return null;
  if (defaultMicroversion !== null) return defaultMicroversion;
  if (discovered.kind !== 'range') return null;
  const cap = mv(runtime.traits.serverMaxMicroversion);
  if (compareMicroversions(cap, discovered.min) < 0) return null;
  return compareMicroversions(cap, discovered.max) <= 0 ? cap : discovered.max;
}

/** keystoneauth's `DiscoveryFailure` (in this release's words) when discovery read no version document. */
export function sdkDiscoveryFailure(runtime: SdkRuntime, discovered: DiscoveredRange): BuildResult | undefined {
  if (discovered.kind !== 'none' || discovered.discoveryFailedAt === undefined) return undefined;
  return refused('DiscoveryFailure', runtime.keystoneauthTraits.discoveryFailure.replace('{url}', discovered.discoveryFailedAt));
}

/**
 * Everything `live_migrate_server` reads of the discovered range (with the session's default
 * microversion): keystoneauth's discovery failure, whether the server supports 2.30 and 2.25,
 * and — only when it supports neither — the below-2.25 microversion. The call is a function of
 * this and the keywords, so equal negotiations build equal requests ({@link sdkNegotiationKey}).
 */
export interface SdkNegotiation {
  readonly failure: BuildResult | undefined;
  readonly supports30: boolean;
  readonly supports25: boolean;
  /** `undefined` unless the server supports neither 2.30 nor 2.25 (it is not read then). */
  readonly legacy: Microversion | null | undefined;
}

export function sdkNegotiation(runtime: SdkRuntime, discovered: DiscoveredRange, defaultMicroversion: Microversion | null): SdkNegotiation {
  const failure = sdkDiscoveryFailure(runtime, discovered);
  if (failure) return { failure, supports30: false, supports25: false, legacy: undefined };
  const supports30 = sdkSupports(V2_30, discovered, defaultMicroversion);
  const supports25 = sdkSupports(V2_25, discovered, defaultMicroversion);
  const legacy = supports30 || supports25 ? undefined : legacyMicroversion(runtime, discovered, defaultMicroversion);
  return { failure: undefined, supports30, supports25, legacy };
}

/** The whole negotiation as text: equal texts, equal negotiations. */
export function sdkNegotiationKey(negotiation: SdkNegotiation): string {
  const { failure, supports30, supports25, legacy } = negotiation;
  if (failure) return refusalKey(failure);
  return `${supports30 ? 30 : '-'} ${supports25 ? 25 : '-'} ${legacy === undefined ? '' : legacy === null ? 'none' : formatMicroversion(legacy)}`;
}

/**
 * `live_migrate_server(server, **keywords)` against a server whose range was negotiated as
 * `negotiation` ({@link sdkNegotiation}, with the session's default microversion, e.g.
 * openstackclient's version flag): reads nothing else of the server.
 */
export function sdkLiveMigrateNegotiated(runtime: SdkRuntime, keywords: PyKeywords, negotiation: SdkNegotiation, serverId: string): BuildResult {
  // keystoneauth's discovery failure surfaces as soon as the compute proxy is used, before the call is bound.
  if (negotiation.failure) return negotiation.failure;
  const call = bindPythonCall(runtime.python, 'Proxy.live_migrate_server', proxyParameters(runtime), ['self', 'server'], [], keywords);
  if (!call.ok) return refused('TypeError', call.message);
  const { host, force, block_migration: block, disk_over_commit: disk } = call.bound;
  if (negotiation.supports30) {
    const body: Record<string, unknown> = { host: null, block_migration: block ?? 'auto' };
    if (host) {
      body['host'] = host;
      if (force) body['force'] = force;
    }
    return migrateLiveRequest(serverId, body, keystoneauthVersionHeaders(V2_30), V2_30);
  }
  if (negotiation.supports25) {
    const body: Record<string, unknown> = { host: null, block_migration: block ?? 'auto' };
    if (host) {
      body['host'] = host;
      if (!force) return refused('ValueError', IMPLIES_FORCE);
    }
    return migrateLiveRequest(serverId, body, keystoneauthVersionHeaders(V2_25), V2_25);
  }
  if (block === 'auto') return refused('ValueError', NO_AUTO);
  const body: Record<string, unknown> = { host: null, block_migration: block || false, disk_over_commit: disk || false };
  if (host) {
    body['host'] = host;
    if (!force) return refused('ValueError', IMPLIES_FORCE);
  }
  const version = negotiation.legacy ?? null;
  return migrateLiveRequest(serverId, body, keystoneauthVersionHeaders(version), version);
}

/**
 * openstack.config's `api_version` for compute (openstackclient's `--os-compute-api-version`):
 * a microversion-formatted version (`2.53`, not `2.0`) becomes the session's default
 * microversion, and `CloudRegion.get_session_client` raises `ConfigException` when the server
 * publishes a range that does not contain it. Returns the default microversion (null: none)
 * or that refusal.
 */
export function sdkDefaultMicroversion(apiVersion: Microversion | null, discovered: DiscoveredRange): Microversion | null | BuildResult {
  if (apiVersion === null || apiVersion.minor === 0) return null;
  if (discovered.kind === 'range' && !isWithin(apiVersion, discovered.min, discovered.max)) {
    const v = formatMicroversion(apiVersion);
    return refused(
      'ConfigException',
      `A default microversion for service compute of ${v} was requested, but the cloud only supports a minimum of ${formatMicroversion(discovered.min)} and a maximum of ${formatMicroversion(discovered.max)}. ` +
        `The default microversion was set because a microversion formatted version string, '${v}', was passed for the api_version of the service. ` +
        'If it was not intended to set a default microversion please remove anything other than an integer major version from the version setting for the service.',
    );
  }
  return apiVersion;
}

/** One line on what `live_migrate_server` of this release does with the microversion. */
export function describeSdk(runtime: SdkRuntime): string {
  const legacy =
    runtime.traits.legacyBandMicroversion === 'none'
      ? 'no microversion header'
      : `min(server max, ${runtime.traits.serverMaxMicroversion}) as the microversion`;
  const disk = runtime.traits.diskOverCommitParameter
    ? 'disk_over_commit is sent below 2.25 and dropped silently from 2.25'
    : 'it has no disk_over_commit parameter (TypeError)';
  return `Sends 2.30 when the server supports it, else 2.25, else the old body with ${legacy}; ${disk}; a host without force below 2.30, or "auto" below 2.25, is a ValueError.`;
}
