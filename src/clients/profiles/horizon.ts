/**
 * Horizon's "Live Migrate Instance" form as shipped before and after commit 60455e5ff
 * (facts §6). Both call novaclient positionally with the form's four values; the change
 * only picks the client version, which is what shifts "Disk Over Commit" into `force`. Pure.
 */
import { mv, type Microversion } from '../../microversion/version.js';
import { callManagerLiveMigrate } from '../novaclient-model.js';
import type { ClientProfile, DiscoveredRange, LiveMigrationIntent, ModelledCode } from '../types.js';
import { forceNotOffered, HORIZON_VERSION, NOVACLIENT_HEADERS, NOVACLIENT_MANAGER, novaclientMatches } from './common.js';

const HORIZON_FORM: ModelledCode = {
  project: 'horizon',
  file: 'openstack_dashboard/dashboards/admin/instances/forms.py (LiveMigrateForm)',
  version: HORIZON_VERSION,
};

/** The default compute client: `OPENSTACK_API_VERSIONS["compute"]` = 2 → novaclient 2.0. */
export const HORIZON_DEFAULT_CLIENT: Microversion = mv('2.0');

/** `MICROVERSION_FEATURES["nova"]["live_migrate"]` as added by 60455e5ff. */
export const LIVE_MIGRATE_FEATURE_VERSIONS: readonly Microversion[] = [mv('2.30')];

/**
 * Horizon `microversions.get_microversion_for_features('nova', 'live_migrate', ...)`: the
 * first feature version (highest first) that novaclient's `matches` accepts, else `null`.
 * With no discovered range `matches` is true, so 2.30 is chosen blindly.
 */
export function horizonLiveMigrateMicroversion(discovered: DiscoveredRange): Microversion | null {
  return LIVE_MIGRATE_FEATURE_VERSIONS.find((v) => novaclientMatches(v, discovered)) ?? null;
}

/** The form's "Block Migration" is a checkbox: asking for "auto" means leaving it unticked. */
function blockCheckbox(intent: LiveMigrationIntent): boolean {
  return intent.blockMigration === true;
}

/** `api.nova.server_live_migrate(request, id, host, block_migration, disk_over_commit)`. */
function formSubmit(version: Microversion, intent: LiveMigrationIntent, serverId: string) {
  if (intent.force !== undefined) return forceNotOffered("Horizon's Live Migrate Instance form");
  return callManagerLiveMigrate(version, serverId, [intent.host, blockCheckbox(intent), intent.diskOverCommit]);
}

export const horizonLegacy: ClientProfile = {
  id: 'horizon-legacy',
  title: 'Horizon before 60455e5ff (e.g. 23.0.0 Zed … 2025.2): default novaclient 2.0, four positional arguments',
  models: [
    { project: 'horizon', file: 'openstack_dashboard/api/nova.py (server_live_migrate)', version: HORIZON_VERSION },
    HORIZON_FORM,
    NOVACLIENT_MANAGER,
    NOVACLIENT_HEADERS,
  ],
  takesForce: false,
  discovery: 'novaclient',
  build(intent, _discovered, serverId) {
    return formSubmit(HORIZON_DEFAULT_CLIENT, intent, serverId);
  },
};

export const horizon60455e5ff: ClientProfile = {
  id: 'horizon-60455e5ff',
  title: 'Horizon with 60455e5ff (25.6.0+, 2026.1): requests 2.30 when the server allows it, same positional call',
  models: [
    { project: 'horizon', file: 'openstack_dashboard/api/microversions.py (MICROVERSION_FEATURES live_migrate ["2.30"], get_microversion_for_features)', version: '60455e5ff' },
    { project: 'horizon', file: 'openstack_dashboard/api/nova.py (server_live_migrate with get_microversion)', version: '60455e5ff' },
    { project: 'horizon', file: 'openstack_dashboard/api/_nova.py (get_microversion)', version: HORIZON_VERSION },
    HORIZON_FORM,
    NOVACLIENT_MANAGER,
    NOVACLIENT_HEADERS,
  ],
  takesForce: false,
  discovery: 'novaclient',
  build(intent, discovered, serverId) {
    return formSubmit(horizonLiveMigrateMicroversion(discovered) ?? HORIZON_DEFAULT_CLIENT, intent, serverId);
  },
};
