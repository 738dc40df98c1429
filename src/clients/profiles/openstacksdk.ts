/**
 * `openstacksdk@<release>`: `conn.compute.live_migrate_server(server, host=…, <the options
 * the user set>)` (sdk-model.ts), with keystoneauth's discovery. Pure.
 */
import { describeSdk, sdkLiveMigrateNegotiated, sdkNegotiation, sdkNegotiationKey } from '../sdk-model.js';
import type { PyKeywords, PyValue } from '../python-call.js';
import { CLIENT_DEFAULT, type ClientProfile, type LiveMigrationIntent } from '../types.js';
import { sdkRuntime, type SdkRuntime } from '../versions/runtimes.js';
import { profileIdentity } from './common.js';

/**
 * The caller convention: `host=` always; `block_migration=` as asked ("auto" included) unless
 * left at the default; `disk_over_commit=True` when asked (a TypeError where the method has
 * no such parameter), `False` only where it has one; `force=` whenever the user set it.
 */
export function sdkKeywords(runtime: SdkRuntime, intent: LiveMigrationIntent): PyKeywords {
  const keywords: Array<readonly [string, PyValue]> = [['host', intent.host]];
  if (intent.blockMigration !== CLIENT_DEFAULT) keywords.push(['block_migration', intent.blockMigration]);
  if (intent.diskOverCommit === true || (intent.diskOverCommit === false && runtime.traits.diskOverCommitParameter)) {
    keywords.push(['disk_over_commit', intent.diskOverCommit]);
  }
  if (intent.force !== undefined) keywords.push(['force', intent.force]);
  return keywords;
}

export function openstacksdkProfile(release: string): ClientProfile {
  const runtime = sdkRuntime(release);
  return {
    ...profileIdentity('openstacksdk', 'openstacksdk', release),
    title: `openstacksdk ${release}: conn.compute.live_migrate_server(server, host=..., ...)`,
    behaviour: describeSdk(runtime),
    models: [
      { project: 'openstacksdk', file: 'openstack/compute/v2/_proxy.py (Proxy.live_migrate_server)', version: release },
      { project: 'openstacksdk', file: 'openstack/compute/v2/server.py (Server.live_migrate, _live_migrate_30/_25/_live_migrate, _action)', version: release },
      { project: 'openstacksdk', file: 'openstack/utils.py (supports_microversion, maximum_supported_microversion)', version: release },
      { project: 'keystoneauth1', file: 'keystoneauth1/session.py (_set_microversion_headers), discover.py', version: runtime.keystoneauth },
    ],
    takesForce: true,
    discovery: 'keystoneauth',
    build(intent, discovered, serverId) {
      return sdkLiveMigrateNegotiated(runtime, sdkKeywords(runtime, intent), sdkNegotiation(runtime, discovered, null), serverId);
    },
    // build reads the range only through sdkNegotiation.
    rangeKey: (discovered) => sdkNegotiationKey(sdkNegotiation(runtime, discovered, null)),
  };
}
