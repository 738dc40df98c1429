/**
 * openstacksdk 0.101.0 `conn.compute.live_migrate_server(server, host=None, force=False,
 * block_migration=None)` → `Server.live_migrate` (`openstack/compute/v2/server.py`): pins
 * 2.30, else 2.25, else no microversion, and raises its `ValueError`s before sending.
 * keystoneauth sends both microversion headers. Pure.
 */
import { mv } from '../../microversion/version.js';
import { DISCOVERY_FAILURE_PREFIX } from '../discovery.js';
import type { BuildResult, ClientProfile, LiveMigrationIntent } from '../types.js';
import { keystoneauthVersionHeaders, migrateLiveRequest, refused } from '../wire.js';
import { SDK_VERSION, sdkSupports } from './common.js';

const V2_30 = mv('2.30');
const V2_25 = mv('2.25');

const IMPLIES_FORCE =
  "Live migration on this cloud implies 'force' if the 'host' option has been given and it is not possible to disable. " +
  "It is recommended to not use 'host' at all on this cloud as it is inherently unsafe, but if it is unavoidable, " +
  "please supply 'force=True' so that it is clear you understand the risks.";
const NO_AUTO = "Live migration on this cloud does not support 'auto' as a parameter to block_migration, but only True and False.";

/**
 * The user's intent as keyword arguments: `block_migration` as asked ("auto" included),
 * `force` as asked (default False). 0.101's proxy method has no `disk_over_commit`, so
 * asking for it is the `TypeError` Python raises.
 */
function build(intent: LiveMigrationIntent, discovered: Parameters<ClientProfile['build']>[1], serverId: string): BuildResult {
  // keystoneauth raised during discovery: supports_microversion re-raises it before any POST.
  if (discovered.kind === 'none' && discovered.reason.startsWith(DISCOVERY_FAILURE_PREFIX)) {
    return { kind: 'refused', message: discovered.reason };
  }
  if (intent.diskOverCommit) return refused('TypeError', "Proxy.live_migrate_server() got an unexpected keyword argument 'disk_over_commit'");
  const force = intent.force ?? false;
  const block = intent.blockMigration;
  if (sdkSupports(V2_30, discovered)) {
    const body: Record<string, unknown> = { host: null, block_migration: block };
    if (intent.host) {
      body['host'] = intent.host;
      if (force) body['force'] = force;
    }
    return migrateLiveRequest(serverId, body, keystoneauthVersionHeaders(V2_30), V2_30);
  }
  if (sdkSupports(V2_25, discovered)) {
    const body: Record<string, unknown> = { host: null, block_migration: block };
    if (intent.host) {
      body['host'] = intent.host;
      if (!force) return refused('ValueError', IMPLIES_FORCE);
    }
    return migrateLiveRequest(serverId, body, keystoneauthVersionHeaders(V2_25), V2_25);
  }
  if (block === 'auto') return refused('ValueError', NO_AUTO);
  // Server.live_migrate's disk_over_commit defaults to False and the proxy cannot set it.
  const body: Record<string, unknown> = { host: null, block_migration: block, disk_over_commit: false };
  if (intent.host) {
    body['host'] = intent.host;
    if (!force) return refused('ValueError', IMPLIES_FORCE);
  }
  return migrateLiveRequest(serverId, body, {}, null);
}

export const openstacksdk: ClientProfile = {
  id: 'openstacksdk',
  title: `openstacksdk ${SDK_VERSION}: conn.compute.live_migrate_server(server, host, force, block_migration)`,
  models: [
    { project: 'openstacksdk', file: 'openstack/compute/v2/_proxy.py (Proxy.live_migrate_server)', version: SDK_VERSION },
    { project: 'openstacksdk', file: 'openstack/compute/v2/server.py (Server.live_migrate, _live_migrate_30/_25/_live_migrate)', version: SDK_VERSION },
    { project: 'openstacksdk', file: 'openstack/utils.py (supports_microversion)', version: SDK_VERSION },
    { project: 'keystoneauth1', file: 'keystoneauth1/session.py (_set_microversion_headers)', version: '5.0.0' },
  ],
  takesForce: true,
  discovery: 'keystoneauth',
  build,
};
