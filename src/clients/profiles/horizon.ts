/**
 * `horizon@<release>`: Horizon's admin "Live Migrate Instance" form as Debian ships it
 * (facts §6). Every release calls novaclient positionally with the form's four values; from
 * commit 60455e5ff (Horizon 25.6.0+, Debian: 27.0.0) it asks for the `live_migrate` feature's
 * microversion, 2.30, which is what shifts "Disk Over Commit" into `force`. Pure.
 */
import { formatMicroversion, mv, type Microversion } from '../../microversion/version.js';
import { callManagerLiveMigrate } from '../novaclient-model.js';
import type { ClientProfile, DiscoveredRange, LiveMigrationIntent, ModelledCode } from '../types.js';
import type { HorizonTraits } from '../versions/horizon.js';
import { companionRelease, horizonTraits, novaclientRuntime } from '../versions/runtimes.js';
import { forceNotOffered, novaclientCode, novaclientMatches, profileIdentity } from './common.js';

/** The default compute client: `OPENSTACK_API_VERSIONS["compute"]` = 2 → novaclient 2.0. */
export const HORIZON_DEFAULT_CLIENT: Microversion = mv('2.0');

/**
 * Horizon `microversions.get_microversion_for_features('nova', 'live_migrate', ...)`: the
 * first feature version (highest first) that novaclient's `matches` accepts, else `null`
 * (also `null` when the release has no such feature). With no discovered range `matches` is
 * true, so 60455e5ff's 2.30 is chosen blindly.
 */
export function horizonLiveMigrateMicroversion(traits: HorizonTraits, discovered: DiscoveredRange): Microversion | null {
  return traits.liveMigrateFeature.map((v) => mv(v)).find((v) => novaclientMatches(v, discovered)) ?? null;
}

/** The form's two checkboxes: only an explicit `true` ticks one ("auto" and the default leave it unticked). */
function ticked(value: LiveMigrationIntent['blockMigration'] | LiveMigrationIntent['diskOverCommit']): boolean {
  return value === true;
}

export function horizonProfile(release: string): ClientProfile {
  const traits = horizonTraits(release);
  const runtime = novaclientRuntime(companionRelease('horizon', release, 'novaclient'));
  const with60455e5ff = traits.liveMigrateFeature.length > 0;
  const form: ModelledCode = { project: 'horizon', file: 'openstack_dashboard/dashboards/admin/instances/forms.py (LiveMigrateForm)', version: release };
  return {
    ...profileIdentity('horizon', 'horizon', release),
    title: with60455e5ff
      ? `Horizon ${release} (with 60455e5ff): live_migrate feature ${JSON.stringify(traits.liveMigrateFeature)}, positional novaclient call`
      : `Horizon ${release} (before 60455e5ff): default novaclient 2.0, positional novaclient call`,
    behaviour: with60455e5ff
      ? `Asks the server's range and requests ${traits.liveMigrateFeature.join(', ')} when it matches (also when discovery gives none), else no header; passes host, Block Migration and Disk Over Commit positionally to novaclient ${runtime.release}, so from 2.30 "Disk Over Commit" is sent as force.`
      : `Sends no microversion header (novaclient ${runtime.release} at 2.0, Nova runs 2.1): a named host is always forced; host, Block Migration and Disk Over Commit passed positionally.`,
    models: [
      { project: 'horizon', file: 'openstack_dashboard/api/nova.py (server_live_migrate)', version: release },
      ...(with60455e5ff ? [{ project: 'horizon', file: 'openstack_dashboard/api/microversions.py (MICROVERSION_FEATURES live_migrate, get_microversion_for_features), api/_nova.py (get_microversion)', version: release }] : []),
      form,
      ...novaclientCode(runtime.release, 'ServerManager.live_migrate, _live_migrate'),
    ],
    takesForce: false,
    discovery: with60455e5ff ? 'novaclient' : 'none',
    build(intent, discovered, serverId) {
      if (intent.force !== undefined) return forceNotOffered("Horizon's Live Migrate Instance form");
      const version = horizonLiveMigrateMicroversion(traits, discovered) ?? HORIZON_DEFAULT_CLIENT;
      return callManagerLiveMigrate(runtime, version, serverId, [intent.host, ticked(intent.blockMigration), ticked(intent.diskOverCommit)]);
    },
    // build reads the range only through the microversion the form asks for.
    rangeKey: (discovered) => formatMicroversion(horizonLiveMigrateMicroversion(traits, discovered) ?? HORIZON_DEFAULT_CLIENT),
  };
}
