/**
 * Horizon's live-migration path by release (`openstack_dashboard/api/nova.py`
 * server_live_migrate, `api/microversions.py`). The admin LiveMigrateForm and the positional
 * novaclient call are the same in every release Debian ships (18.6.2 … 27.0.0). Pure data.
 */
import type { VersionRow } from './version-table.js';

export interface HorizonTraits {
  /**
   * `MICROVERSION_FEATURES["nova"]["live_migrate"]`: absent before commit 60455e5ff (the
   * default compute client, novaclient 2.0, no microversion header); `["2.30"]` with it.
   */
  readonly liveMigrateFeature: readonly string[];
}

export const HORIZON_TRAITS: readonly VersionRow<HorizonTraits>[] = [
  { since: '18.6.2', traits: { liveMigrateFeature: [] } },
  // Upstream 60455e5ff first ships in 25.6.0 (stable/2026.1); Debian's first release with it is 27.0.0.
  { since: '25.6.0', traits: { liveMigrateFeature: ['2.30'] } },
];
