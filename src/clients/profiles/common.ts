/**
 * Small pieces the profiles share: where the modelled code lives, how a range is tested the
 * way each client tests it, and the refusal for options a client does not offer. Pure.
 */
import { compareMicroversions, isWithin, type Microversion } from '../../microversion/version.js';
import type { BuildResult, DiscoveredRange, ModelledCode } from '../types.js';
import { refused } from '../wire.js';

export const NOVACLIENT_VERSION = '18.1.0';
export const SDK_VERSION = '0.101.0';
export const OSC_VERSION = '6.0.0';
export const HORIZON_VERSION = '23.0.0';

/** novaclient 18.1.0 `novaclient.API_MAX_VERSION`. */
export const NOVACLIENT_MAX = '2.92';

export const NOVACLIENT_MANAGER: ModelledCode = {
  project: 'python-novaclient',
  file: 'novaclient/v2/servers.py (ServerManager.live_migrate, _live_migrate)',
  version: NOVACLIENT_VERSION,
};
export const NOVACLIENT_HEADERS: ModelledCode = {
  project: 'python-novaclient',
  file: 'novaclient/api_versions.py (update_headers, _get_server_version_range, APIVersion.matches)',
  version: NOVACLIENT_VERSION,
};

/**
 * novaclient `APIVersion.matches(min, max)`: true for any version when discovery gave no
 * range (both bounds null) — the quirk that makes Horizon pick 2.30 blindly.
 */
export function novaclientMatches(version: Microversion, discovered: DiscoveredRange): boolean {
  if (discovered.kind === 'none') return true;
  return isWithin(version, discovered.min, discovered.max);
}

/** openstacksdk `utils.supports_microversion` (no default microversion set): needs a range. */
export function sdkSupports(version: Microversion, discovered: DiscoveredRange): boolean {
  return discovered.kind === 'range' && isWithin(version, discovered.min, discovered.max);
}

export function atLeastVersion(a: Microversion, b: Microversion): boolean {
  return compareMicroversions(a, b) >= 0;
}

/** A profile without a force option asked for one: say so rather than drop it. */
export function forceNotOffered(what: string): BuildResult {
  return refused('NotOffered', `${what} has no force option; leave force unset for this profile`);
}
