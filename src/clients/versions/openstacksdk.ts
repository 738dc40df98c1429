/**
 * openstacksdk's `live_migrate_server` by release (`openstack/compute/v2/_proxy.py`,
 * `server.py`). The 2.30 / 2.25 / older branches and their ValueErrors are the same in every
 * release Debian ships; what changed is below. Pure data.
 */
import type { VersionRow } from './version-table.js';

export interface SdkTraits {
  /** `live_migrate_server(..., disk_over_commit=None)` exists (sent below 2.25, dropped from 2.25); before, passing it is a TypeError. */
  readonly diskOverCommitParameter: boolean;
  /**
   * The microversion the below-2.25 branch sends: `none` (`_action(microversion=None)` → no
   * header), or `negotiated` (`Resource._get_microversion`: the session's default
   * microversion, else min(server max, `Server._max_microversion`)).
   */
  readonly legacyBandMicroversion: 'none' | 'negotiated';
  /** `Server._max_microversion`. */
  readonly serverMaxMicroversion: string;
}

export const SDK_TRAITS: readonly VersionRow<SdkTraits>[] = [
  { since: '0.50.0', traits: { diskOverCommitParameter: false, legacyBandMicroversion: 'none', serverMaxMicroversion: '2.72' } },
  { since: '0.101.0', traits: { diskOverCommitParameter: false, legacyBandMicroversion: 'none', serverMaxMicroversion: '2.73' } },
  { since: '4.4.0', traits: { diskOverCommitParameter: true, legacyBandMicroversion: 'negotiated', serverMaxMicroversion: '2.96' } },
  { since: '4.20.0', traits: { diskOverCommitParameter: true, legacyBandMicroversion: 'negotiated', serverMaxMicroversion: '2.100' } },
];
