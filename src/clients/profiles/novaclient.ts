/**
 * `novaclient@<v>`: python-novaclient 18.1.0 used as a library at a fixed microversion,
 * calling `client.servers.live_migrate(server, host, block_migration, ...)` with the
 * arguments of that band's signature. An option the band does not take is passed as a
 * keyword only when the user set it, so the real `TypeError` is reproduced. Pure.
 */
import { ERROR_CODES, MvmError } from '../../errors.js';
import { compareMicroversions, formatMicroversion, mv, tryParseMicroversion, type Microversion } from '../../microversion/version.js';
import { callManagerLiveMigrate, managerParameters, type PyKeywords, type PyValue } from '../novaclient-model.js';
import type { BuildResult, ClientProfile, DiscoveredRange, LiveMigrationIntent } from '../types.js';
import { refused } from '../wire.js';
import { NOVACLIENT_HEADERS, NOVACLIENT_MANAGER, NOVACLIENT_MAX } from './common.js';

/** Parses the `<v>` of `novaclient@<v>` / `openstackclient@<v>`: any 2.x, 2.0 included. */
export function parseClientVersion(text: string, profileId: string): Microversion {
  const version = tryParseMicroversion(text);
  if (!version || version.major !== 2) {
    throw new MvmError(ERROR_CODES.UNKNOWN_PROFILE, `'${profileId}': '${text}' is not a 2.x microversion`, {
      where: profileId,
      hint: 'write the version as 2.MINOR, for example novaclient@2.30',
    });
  }
  return version;
}

/** The caller convention: the band's signature, extra options as keywords only when set. */
function callAtVersion(version: Microversion, intent: LiveMigrationIntent, serverId: string): BuildResult {
  const params = managerParameters(version);
  const positional: PyValue[] = [intent.host, intent.blockMigration];
  const keywords: Array<readonly [string, PyValue]> = [];
  if (params.includes('disk_over_commit')) positional.push(intent.diskOverCommit);
  else if (intent.diskOverCommit) keywords.push(['disk_over_commit', true]);
  if (intent.force !== undefined) keywords.push(['force', intent.force]);
  return callManagerLiveMigrate(version, serverId, positional, keywords as PyKeywords);
}

export function novaclientProfile(version: Microversion): ClientProfile {
  const text = formatMicroversion(version);
  return {
    id: `novaclient@${text}`,
    title: `python-novaclient ${NOVACLIENT_MANAGER.version} library, Client("${text}").servers.live_migrate(...)`,
    models: [NOVACLIENT_MANAGER, NOVACLIENT_HEADERS],
    takesForce: managerParameters(version).includes('force'),
    discovery: 'none',
    build(intent, _discovered, serverId) {
      return callAtVersion(version, intent, serverId);
    },
  };
}

const CLIENT_MIN = mv('2.1');
const CLIENT_MAX = mv(NOVACLIENT_MAX);

/**
 * novaclient `api_versions.discover_version(client, APIVersion("2.latest"))`: no range →
 * 2.0; the client's 2.1–2.92 disjoint from the server's range → `UnsupportedVersion`;
 * otherwise min(2.92, server max).
 */
export function novaclientLatestVersion(discovered: DiscoveredRange): Microversion | BuildResult {
  if (discovered.kind === 'none') return mv('2.0');
  const ranges = `The client valid version range is '2.1' to '${NOVACLIENT_MAX}'. The server valid version range is '${formatMicroversion(discovered.min)}' to '${formatMicroversion(discovered.max)}'.`;
  if (compareMicroversions(CLIENT_MIN, discovered.max) > 0) return refused('UnsupportedVersion', `Server version is too old. ${ranges}`);
  if (compareMicroversions(CLIENT_MAX, discovered.min) < 0) return refused('UnsupportedVersion', `Server version is too new. ${ranges}`);
  return compareMicroversions(CLIENT_MAX, discovered.max) <= 0 ? CLIENT_MAX : discovered.max;
}

/** `novaclient@latest`: discovery, then `discover_version` for 2.latest (as the `nova` shell). */
export const novaclientLatest: ClientProfile = {
  id: 'novaclient@latest',
  title: `python-novaclient ${NOVACLIENT_MANAGER.version} with discover_version("2.latest"): min(${NOVACLIENT_MAX}, server max)`,
  models: [
    NOVACLIENT_MANAGER,
    NOVACLIENT_HEADERS,
    { project: 'python-novaclient', file: 'novaclient/api_versions.py (discover_version)', version: NOVACLIENT_MANAGER.version },
    { project: 'python-novaclient', file: 'novaclient/v2/versions.py (VersionManager.get_current)', version: NOVACLIENT_MANAGER.version },
  ],
  takesForce: true,
  discovery: 'novaclient',
  build(intent, discovered, serverId) {
    const version = novaclientLatestVersion(discovered);
    return 'kind' in version ? version : callAtVersion(version, intent, serverId);
  },
};
