/**
 * `openstackclient@<release>[+mv<v>]`: `openstack [--os-compute-api-version <v>] server
 * migrate --live-migration …` (`openstackclient/compute/v2/server.py` MigrateServer). Up to 6.x
 * it runs on novaclient (the flag is the client version, default 2.1, no discovery); from 7.0
 * on openstacksdk (the SDK negotiates, the flag only sets its default microversion). Which
 * engine and the flag handling come from the release's traits. Pure.
 */
import { compareMicroversions, formatMicroversion, isWithin, mv, type Microversion } from '../../microversion/version.js';
import { callResourceLiveMigrate } from '../novaclient-model.js';
import type { PyValue } from '../python-call.js';
import { sdkDefaultMicroversion, sdkDiscoveryFailure, sdkLiveMigrateNegotiated, sdkNegotiation, sdkNegotiationKey, type SdkNegotiation } from '../sdk-model.js';
import { CLIENT_DEFAULT, type BuildResult, type ClientProfile, type DiscoveredRange, type LiveMigrationIntent, type ProfileBuildResult } from '../types.js';
import type { OscTraits } from '../versions/openstackclient.js';
import { companionRelease, novaclientRuntime, oscTraits, sdkRuntime } from '../versions/runtimes.js';
import { refused } from '../wire.js';
import { forceNotOffered, novaclientCode, profileIdentity, refusalKey } from './common.js';

/** `openstackclient.compute.client.DEFAULT_API_VERSION` (novaclient engine). */
export const OSC_DEFAULT_COMPUTE_VERSION: Microversion = mv('2.1');

/** The warning OSC 6.0+ logs (and still sends the request) for a disk over-commit flag from 2.25. */
export const OSC_DISK_OVERCOMMIT_WARNING =
  'The --disk-overcommit and --no-disk-overcommit options are only supported by --os-compute-api-version 2.24 or below; this will be an error in a future release';

const V2_0 = mv('2.0');
const V2_25 = mv('2.25');
const V2_30 = mv('2.30');

/**
 * The command line a user types for an intent: block migration true → `--block-migration`,
 * false → `--shared-migration`, "auto" or default → neither; disk over-commit true →
 * `--disk-overcommit`, false → `--no-disk-overcommit`, default → neither.
 */
export function openstackclientArgv(pin: Microversion | null, intent: Pick<LiveMigrationIntent, 'host' | 'blockMigration' | 'diskOverCommit'>, serverId: string): string[] {
  const argv = pin === null ? [] : ['--os-compute-api-version', formatMicroversion(pin)];
  argv.push('server', 'migrate', '--live-migration');
  if (intent.host !== null) argv.push('--host', intent.host);
  if (intent.blockMigration === true) argv.push('--block-migration');
  if (intent.blockMigration === false) argv.push('--shared-migration');
  if (intent.diskOverCommit === true) argv.push('--disk-overcommit');
  if (intent.diskOverCommit === false) argv.push('--no-disk-overcommit');
  argv.push(serverId);
  return argv;
}

/** The block migration flag as parsed: true/false, or null when neither flag was given. */
function blockFlag(intent: LiveMigrationIntent): boolean | null {
  return intent.blockMigration === true || intent.blockMigration === false ? intent.blockMigration : null;
}

function diskFlag(intent: LiveMigrationIntent): boolean | null {
  return intent.diskOverCommit === CLIENT_DEFAULT ? null : intent.diskOverCommit;
}

function withWarning(result: BuildResult, warn: boolean): ProfileBuildResult {
  return result.kind === 'request' && warn ? { ...result, warnings: [OSC_DISK_OVERCOMMIT_WARNING] } : result;
}

/** OSC ≤ 6: the version flag is novaclient's client version; novaclient's `Server.live_migrate`. */
function buildOnNovaclient(release: string, traits: OscTraits, pin: Microversion | null, intent: LiveMigrationIntent, serverId: string): ProfileBuildResult {
  const runtime = novaclientRuntime(companionRelease('openstackclient', release, 'novaclient'));
  const version = pin ?? OSC_DEFAULT_COMPUTE_VERSION;
  // check_api_version: only an explicit version above 2.0 is checked, against novaclient's range.
  if (pin !== null && compareMicroversions(pin, V2_0) > 0 && !isWithin(pin, mv('2.1'), mv(runtime.traits.apiMax))) {
    return refused('CommandError', `versions supported by client: 2.1 - ${runtime.traits.apiMax}`);
  }
  const below225 = compareMicroversions(version, V2_25) < 0;
  const unsetBlock = traits.blockMigrationUnset === 'false' || below225 ? false : 'auto';
  const block: PyValue = blockFlag(intent) ?? unsetBlock;
  if (intent.host !== null && compareMicroversions(version, V2_30) < 0) {
    return refused('CommandError', '--os-compute-api-version 2.30 or greater is required when using --host');
  }
  const keywords: Array<readonly [string, PyValue]> = [
    ['block_migration', block],
    ['host', intent.host],
  ];
  const disk = diskFlag(intent);
  if (below225) keywords.push(['disk_over_commit', disk ?? false]);
  const warn = !below225 && disk !== null && traits.diskOvercommitFlagFrom225 === 'warning';
  return withWarning(callResourceLiveMigrate(runtime, version, serverId, keywords), warn);
}

/**
 * OSC ≥ 7, all it reads of the discovered range: keystoneauth's discovery failure, the
 * ConfigException for a flag outside the server's range, else the SDK's negotiation with the
 * flag as the session's default microversion.
 */
function negotiateOnSdk(release: string, pin: Microversion | null, discovered: DiscoveredRange): BuildResult | SdkNegotiation {
  const runtime = sdkRuntime(companionRelease('openstackclient', release, 'openstacksdk'));
  // keystoneauth's discovery failure surfaces when the compute client is first used.
  const failure = sdkDiscoveryFailure(runtime, discovered);
  if (failure) return failure;
  const defaultMicroversion = sdkDefaultMicroversion(pin, discovered);
  if (defaultMicroversion !== null && 'kind' in defaultMicroversion) return defaultMicroversion;
  return sdkNegotiation(runtime, discovered, defaultMicroversion);
}

/** OSC ≥ 7: openstacksdk negotiates; the flag is only the session's default microversion. */
function buildOnSdk(release: string, traits: OscTraits, intent: LiveMigrationIntent, negotiated: BuildResult | SdkNegotiation, serverId: string): ProfileBuildResult {
  if ('kind' in negotiated) return negotiated;
  const runtime = sdkRuntime(companionRelease('openstackclient', release, 'openstacksdk'));
  const { supports25, supports30 } = negotiated;
  const block: PyValue = blockFlag(intent) ?? (supports25 ? 'auto' : false);
  if (intent.host !== null && !supports30) {
    return refused('CommandError', '--os-compute-api-version 2.30 or greater is required when using --host');
  }
  const keywords: Array<readonly [string, PyValue]> = [
    ['block_migration', block],
    ['host', intent.host],
  ];
  const disk = diskFlag(intent);
  if (!supports25) keywords.push([traits.sdkDiskKeyword ?? 'disk_over_commit', disk ?? false]);
  const warn = supports25 && disk !== null && traits.diskOvercommitFlagFrom225 === 'warning';
  return withWarning(sdkLiveMigrateNegotiated(runtime, keywords, negotiated, serverId), warn);
}

function describe(release: string, traits: OscTraits, pin: Microversion | null): string {
  const flag = pin === null ? 'no --os-compute-api-version' : `--os-compute-api-version ${formatMicroversion(pin)}`;
  if (traits.engine === 'novaclient') {
    const nova = novaclientRuntime(companionRelease('openstackclient', release, 'novaclient'));
    const unset = traits.blockMigrationUnset === 'false' ? 'no block flag sends false' : 'no block flag sends false below 2.25, "auto" from 2.25';
    return `Runs on python-novaclient ${nova.release} with ${flag}: sends ${pin === null ? '2.1 (the default)' : formatMicroversion(pin)} without discovery (a flag outside 2.1–${nova.traits.apiMax} is a CommandError); --host needs 2.30; ${unset}.`;
  }
  const sdk = companionRelease('openstackclient', release, 'openstacksdk');
  return `Runs on openstacksdk ${sdk} with ${flag}: the SDK negotiates and sends 2.30 or 2.25 whatever the flag says (the flag is only an upper bound, and a ConfigException when the server's range does not contain it); --host needs 2.30; below 2.25 every live migration fails before sending (TypeError: ${traits.sdkDiskKeyword}).`;
}

export function openstackclientProfile(release: string, pin: Microversion | null): ClientProfile {
  const traits = oscTraits(release);
  const pinText = pin === null ? null : formatMicroversion(pin);
  const library =
    traits.engine === 'novaclient'
      ? novaclientCode(companionRelease('openstackclient', release, 'novaclient'), 'Server.live_migrate, ServerManager.live_migrate')
      : [{ project: 'openstacksdk', file: 'openstack/compute/v2/_proxy.py, server.py (live_migrate_server, Server.live_migrate)', version: companionRelease('openstackclient', release, 'openstacksdk') }];
  return {
    ...profileIdentity('openstackclient', 'openstackclient', release, pin),
    title: `openstack ${pinText === null ? '' : `--os-compute-api-version ${pinText} `}server migrate --live-migration (OSC ${release})`,
    behaviour: describe(release, traits, pin),
    models: [
      { project: 'python-openstackclient', file: 'openstackclient/compute/v2/server.py (MigrateServer.take_action)', version: release },
      { project: 'python-openstackclient', file: 'openstackclient/compute/client.py (check_api_version, DEFAULT_API_VERSION)', version: release },
      ...library,
    ],
    takesForce: false,
    discovery: traits.engine === 'novaclient' ? 'none' : 'keystoneauth',
    build(intent, discovered, serverId) {
      if (intent.force !== undefined) return forceNotOffered(`openstack server migrate (OSC ${release})`);
      return traits.engine === 'novaclient'
        ? buildOnNovaclient(release, traits, pin, intent, serverId)
        : buildOnSdk(release, traits, intent, negotiateOnSdk(release, pin, discovered), serverId);
    },
    // build reads the range only through negotiateOnSdk (the novaclient engine not at all).
    rangeKey(discovered) {
      if (traits.engine === 'novaclient') return '';
      const negotiated = negotiateOnSdk(release, pin, discovered);
      return 'kind' in negotiated ? refusalKey(negotiated) : sdkNegotiationKey(negotiated);
    },
  };
}
