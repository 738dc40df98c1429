/**
 * `novaclient@<release>[+mv<v>]`: python-novaclient used as a library. Without a pin the
 * client version comes from `discover_version(client, "2.latest")` (what the `nova` shell
 * does); with one it is `Client("<v>")`, no discovery. The call is the resource method the
 * shell uses, `server.live_migrate(host=…, <the options the user set>)`, so an option left at
 * the client's default is filled in by novaclient itself. Pure.
 */
import { compareMicroversions, formatMicroversion, mv, type Microversion } from '../../microversion/version.js';
import { callResourceLiveMigrate, resourceParameters, type NovaclientRuntime } from '../novaclient-model.js';
import type { PyKeywords, PyValue } from '../python-call.js';
import type { BuildResult, ClientProfile, DiscoveredRange, LiveMigrationIntent } from '../types.js';
import { CLIENT_DEFAULT } from '../types.js';
import { novaclientRuntime } from '../versions/runtimes.js';
import { refused } from '../wire.js';
import { novaclientCode, profileIdentity, refusalKey } from './common.js';

/**
 * The caller convention: `host=` always; `block_migration=` unless left at the default;
 * `disk_over_commit=True` when asked (a TypeError where the band has no such parameter),
 * `False` only where the band takes it; `force=` whenever the user set it (a TypeError
 * outside 2.30–2.67).
 */
export function novaclientKeywords(version: Microversion, intent: LiveMigrationIntent): PyKeywords {
  const takes = resourceParameters(version);
  const keywords: Array<readonly [string, PyValue]> = [['host', intent.host]];
  if (intent.blockMigration !== CLIENT_DEFAULT) keywords.push(['block_migration', intent.blockMigration]);
  if (intent.diskOverCommit === true || (intent.diskOverCommit === false && takes.includes('disk_over_commit'))) {
    keywords.push(['disk_over_commit', intent.diskOverCommit]);
  }
  if (intent.force !== undefined) keywords.push(['force', intent.force]);
  return keywords;
}

const CLIENT_MIN = mv('2.1');

/**
 * novaclient `api_versions.discover_version(client, APIVersion("2.latest"))`: no range →
 * 2.0; the client's 2.1–max disjoint from the server's range → `UnsupportedVersion`;
 * otherwise min(client max, server max).
 */
export function novaclientLatestVersion(runtime: NovaclientRuntime, discovered: DiscoveredRange): Microversion | BuildResult {
  if (discovered.kind === 'none') return mv('2.0');
  const clientMax = mv(runtime.traits.apiMax);
  const ranges = `The client valid version range is '2.1' to '${runtime.traits.apiMax}'. The server valid version range is '${formatMicroversion(discovered.min)}' to '${formatMicroversion(discovered.max)}'.`;
  if (compareMicroversions(CLIENT_MIN, discovered.max) > 0) return refused('UnsupportedVersion', `Server version is too old. ${ranges}`);
  if (compareMicroversions(clientMax, discovered.min) < 0) return refused('UnsupportedVersion', `Server version is too new. ${ranges}`);
  return compareMicroversions(clientMax, discovered.max) <= 0 ? clientMax : discovered.max;
}

/** python-novaclient `release` as a library, negotiating (`pin` null) or at a pinned microversion. */
export function novaclientProfile(release: string, pin: Microversion | null): ClientProfile {
  const runtime = novaclientRuntime(release);
  const pinText = pin === null ? null : formatMicroversion(pin);
  const max = runtime.traits.apiMax;
  const check = runtime.traits.refusesVersionAboveMax ? `refuses a version above ${max} (UnsupportedVersion)` : `accepts any 2.x (its maximum ${max} is not checked)`;
  return {
    ...profileIdentity('novaclient', 'novaclient', release, pin),
    title:
      pinText === null
        ? `python-novaclient ${release}: discover_version("2.latest"), then server.live_migrate(...)`
        : `python-novaclient ${release}: Client("${pinText}").servers → server.live_migrate(...)`,
    behaviour:
      pinText === null
        ? `Asks the server for its range and uses min(${max}, server max) (2.0, no header, when discovery gives none); calls live_migrate with that band's signature, so disk_over_commit exists only below 2.25 and force only in 2.30–2.67 (TypeError otherwise).`
        : `Sends ${pinText} whatever the server offers (no discovery); Client() ${check}; live_migrate with the ${pinText} band's signature.`,
    models: [
      ...novaclientCode(release),
      ...(pinText === null ? [{ project: 'python-novaclient', file: 'novaclient/api_versions.py (discover_version), novaclient/v2/versions.py (get_current)', version: release }] : []),
    ],
    takesForce: pin === null || resourceParameters(pin).includes('force'),
    discovery: pin === null ? 'novaclient' : 'none',
    build(intent, discovered, serverId) {
      const version = pin ?? novaclientLatestVersion(runtime, discovered);
      if ('kind' in version) return version;
      return callResourceLiveMigrate(runtime, version, serverId, novaclientKeywords(version, intent));
    },
    // build reads the range only through the version it settles on (or the refusal instead).
    rangeKey(discovered) {
      const version = pin ?? novaclientLatestVersion(runtime, discovered);
      return 'kind' in version ? refusalKey(version) : formatMicroversion(version);
    },
  };
}
