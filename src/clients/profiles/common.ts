/**
 * Small pieces the profiles share: where the modelled code lives, how a range is tested the
 * way each client tests it, and the refusal for options a client does not offer. Pure.
 */
import { compareMicroversions, formatMicroversion, isWithin, type Microversion } from '../../microversion/version.js';
import { formatProfileId } from '../profile-id.js';
import type { BuildResult, DiscoveredRange, ModelledCode, ProfileInfo } from '../types.js';
import { suitesShipping, type ClientFamily } from '../versions/debian-suites.js';
import { refused } from '../wire.js';

/** What names a profile: its canonical id, client, release, pin and the suites shipping that release. */
export function profileIdentity(
  client: string,
  family: ClientFamily,
  release: string,
  pin: Microversion | null = null,
): Pick<ProfileInfo, 'id' | 'kind' | 'client' | 'clientVersion' | 'microversionPin' | 'debianSuites'> {
  const pinText = pin === null ? null : formatMicroversion(pin);
  return {
    id: formatProfileId(client, release, pinText),
    kind: 'model',
    client,
    clientVersion: release,
    microversionPin: pinText,
    debianSuites: suitesShipping(family, release).map((s) => s.suite),
  };
}

/** The novaclient files every novaclient-based profile runs through, at `release`. */
export function novaclientCode(release: string, methods = 'Server.live_migrate, ServerManager.live_migrate, _live_migrate'): ModelledCode[] {
  return [
    { project: 'python-novaclient', file: `novaclient/v2/servers.py (${methods})`, version: release },
    { project: 'python-novaclient', file: 'novaclient/api_versions.py (update_headers, check_version, _get_server_version_range, APIVersion.matches)', version: release },
  ];
}

/**
 * novaclient `APIVersion.matches(min, max)`: true for any version when discovery gave no
 * range (both bounds null) — the quirk that makes Horizon pick 2.30 blindly.
 */
export function novaclientMatches(version: Microversion, discovered: DiscoveredRange): boolean {
  if (discovered.kind === 'none') return true;
  return isWithin(version, discovered.min, discovered.max);
}

/**
 * openstacksdk `utils.supports_microversion(adapter, version)`: the server's range holds
 * `version` and, when the session has a default microversion (openstackclient's
 * `--os-compute-api-version`), that default is at least `version` (same major).
 */
export function sdkSupports(version: Microversion, discovered: DiscoveredRange, defaultMicroversion: Microversion | null = null): boolean {
  if (discovered.kind !== 'range' || !isWithin(version, discovered.min, discovered.max)) return false;
  if (defaultMicroversion === null) return true;
  return defaultMicroversion.major === version.major && compareMicroversions(defaultMicroversion, version) >= 0;
}

export function atLeastVersion(a: Microversion, b: Microversion): boolean {
  return compareMicroversions(a, b) >= 0;
}

/** A profile without a force option asked for one: say so rather than drop it. */
export function forceNotOffered(what: string): BuildResult {
  return refused('NotOffered', `${what} has no force option; leave force unset for this profile`);
}

/**
 * A build result as a profile's `rangeKey` (types.ts) text: distinct results, distinct texts,
 * and none equal to a microversion or negotiation text.
 */
export function refusalKey(result: BuildResult): string {
  return `result ${JSON.stringify(result)}`;
}
