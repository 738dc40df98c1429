/**
 * `openstack server migrate --live-migration` of python-openstackclient 6.0.0
 * (`openstackclient/compute/v2/server.py` MigrateServer, `compute/client.py`): no discovery,
 * the client version is `--os-compute-api-version` (default 2.1), checked against
 * novaclient's own range; the command then calls novaclient's `Server.live_migrate`. Pure.
 */
import { compareMicroversions, formatMicroversion, isWithin, mv, type Microversion } from '../../microversion/version.js';
import { callResourceLiveMigrate, type PyValue } from '../novaclient-model.js';
import type { ClientProfile } from '../types.js';
import { refused } from '../wire.js';
import { forceNotOffered, NOVACLIENT_HEADERS, NOVACLIENT_MANAGER, NOVACLIENT_MAX, OSC_VERSION } from './common.js';

/** `openstackclient.compute.client.DEFAULT_API_VERSION`. */
export const OSC_DEFAULT_COMPUTE_VERSION: Microversion = mv('2.1');

/** The warning OSC 6.0 logs (and still sends the request) for --disk-overcommit from 2.25. */
export const OSC_DISK_OVERCOMMIT_WARNING =
  'The --disk-overcommit and --no-disk-overcommit options are only supported by --os-compute-api-version 2.24 or below; this will be an error in a future release';

const V2_0 = mv('2.0');
const V2_25 = mv('2.25');
const V2_30 = mv('2.30');

/**
 * The command-line flags a user types for an intent: block migration true →
 * `--block-migration`, false → `--shared-migration`, "auto" → neither; disk over-commit
 * true → `--disk-overcommit`, false → neither (the default).
 */
export function openstackclientArgv(version: Microversion | null, intent: { host: string | null; blockMigration: boolean | 'auto'; diskOverCommit: boolean }, serverId: string): string[] {
  const argv = version === null ? [] : ['--os-compute-api-version', formatMicroversion(version)];
  argv.push('server', 'migrate', '--live-migration');
  if (intent.host !== null) argv.push('--host', intent.host);
  if (intent.blockMigration === true) argv.push('--block-migration');
  if (intent.blockMigration === false) argv.push('--shared-migration');
  if (intent.diskOverCommit) argv.push('--disk-overcommit');
  argv.push(serverId);
  return argv;
}

export function openstackclientProfile(explicit: Microversion | null): ClientProfile {
  const version = explicit ?? OSC_DEFAULT_COMPUTE_VERSION;
  return {
    id: explicit === null ? 'openstackclient' : `openstackclient@${formatMicroversion(explicit)}`,
    title:
      explicit === null
        ? `openstack server migrate --live-migration (OSC ${OSC_VERSION}, default compute API 2.1)`
        : `openstack --os-compute-api-version ${formatMicroversion(explicit)} server migrate --live-migration (OSC ${OSC_VERSION})`,
    models: [
      { project: 'python-openstackclient', file: 'openstackclient/compute/v2/server.py (MigrateServer.take_action)', version: OSC_VERSION },
      { project: 'python-openstackclient', file: 'openstackclient/compute/client.py (check_api_version, DEFAULT_API_VERSION)', version: OSC_VERSION },
      { project: 'python-novaclient', file: 'novaclient/v2/servers.py (Server.live_migrate)', version: NOVACLIENT_MANAGER.version },
      NOVACLIENT_MANAGER,
      NOVACLIENT_HEADERS,
    ],
    takesForce: false,
    discovery: 'none',
    build(intent, _discovered, serverId) {
      if (intent.force !== undefined) return forceNotOffered('openstack server migrate (OSC 6.0)');
      // check_api_version: only an explicit version above 2.0 is checked, against novaclient's range.
      if (explicit !== null && compareMicroversions(explicit, V2_0) > 0 && !isWithin(explicit, mv('2.1'), mv(NOVACLIENT_MAX))) {
        return refused('CommandError', `versions supported by client: 2.1 - ${NOVACLIENT_MAX}`);
      }
      if (intent.host !== null && compareMicroversions(version, V2_30) < 0) {
        return refused('CommandError', '--os-compute-api-version 2.30 or greater is required when using --host');
      }
      const block: PyValue =
        intent.blockMigration === 'auto' ? (compareMicroversions(version, V2_25) < 0 ? false : 'auto') : intent.blockMigration;
      const keywords: Array<readonly [string, PyValue]> = [
        ['block_migration', block],
        ['host', intent.host],
      ];
      if (compareMicroversions(version, V2_25) < 0) keywords.push(['disk_over_commit', intent.diskOverCommit]);
      const result = callResourceLiveMigrate(version, serverId, keywords);
      if (result.kind === 'request' && intent.diskOverCommit && compareMicroversions(version, V2_25) >= 0) {
        return { ...result, warnings: [OSC_DISK_OVERCOMMIT_WARNING] };
      }
      return result;
    },
  };
}
