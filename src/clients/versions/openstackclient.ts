/**
 * `openstack server migrate --live-migration` by python-openstackclient release
 * (`openstackclient/compute/v2/server.py` MigrateServer, `compute/client.py`). Pure data.
 */
import type { VersionRow } from './version-table.js';

export interface OscTraits {
  /**
   * What the command runs on. `novaclient` (≤ 6): `--os-compute-api-version` (default 2.1) is the
   * client version, checked against novaclient's range, no discovery, then novaclient's
   * `Server.live_migrate`. `openstacksdk` (≥ 7): the SDK negotiates with the server, the flag
   * only sets its default microversion (not range-checked), then `live_migrate_server`.
   */
  readonly engine: 'novaclient' | 'openstacksdk';
  /**
   * Neither `--block-migration` nor `--shared-migration`: `false` (5.x: argparse default False,
   * so `false` is sent at every microversion) or `client-default` (6.0+: None → `false` below
   * 2.25, `"auto"` from 2.25).
   */
  readonly blockMigrationUnset: 'false' | 'client-default';
  /**
   * `--disk-overcommit` / `--no-disk-overcommit` from 2.25: `ignored` silently (5.x) or
   * `warning` (6.0+: logged, the request is still sent without it).
   */
  readonly diskOvercommitFlagFrom225: 'ignored' | 'warning';
  /**
   * The keyword the SDK engine passes disk over-commit with below 2.25. OSC ≥ 7 passes
   * `disk_overcommit`, which `live_migrate_server` does not take: a TypeError before sending.
   */
  readonly sdkDiskKeyword: string | null;
}

export const OSC_TRAITS: readonly VersionRow<OscTraits>[] = [
  { since: '5.4.0', traits: { engine: 'novaclient', blockMigrationUnset: 'false', diskOvercommitFlagFrom225: 'ignored', sdkDiskKeyword: null } },
  { since: '6.0.0', traits: { engine: 'novaclient', blockMigrationUnset: 'client-default', diskOvercommitFlagFrom225: 'warning', sdkDiskKeyword: null } },
  { since: '7.0.0', traits: { engine: 'openstacksdk', blockMigrationUnset: 'client-default', diskOvercommitFlagFrom225: 'warning', sdkDiskKeyword: 'disk_overcommit' } },
];
