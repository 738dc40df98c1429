/**
 * python-novaclient's behaviour by release, as far as live migration sees it. The
 * `live_migrate` signatures per microversion band are identical in every release Debian ships
 * (17.2.1 … 18.13.1) and live in `novaclient-model.ts`. Pure data.
 */
import type { VersionRow } from './version-table.js';

export interface NovaclientTraits {
  /** `novaclient.API_MAX_VERSION`: the top of `discover_version("2.latest")`. */
  readonly apiMax: string;
  /**
   * `Client(version)` runs `api_versions.check_version` and raises `UnsupportedVersion` for a
   * version above `apiMax` (before: any 2.x was accepted and sent as asked).
   */
  readonly refusesVersionAboveMax: boolean;
}

/** Rows start at the first Debian-shipped release seen with that behaviour. */
export const NOVACLIENT_TRAITS: readonly VersionRow<NovaclientTraits>[] = [
  { since: '17.2.1', traits: { apiMax: '2.87', refusesVersionAboveMax: false } },
  { since: '18.1.0', traits: { apiMax: '2.92', refusesVersionAboveMax: false } },
  { since: '18.9.0', traits: { apiMax: '2.96', refusesVersionAboveMax: false } },
  { since: '18.13.1', traits: { apiMax: '2.96', refusesVersionAboveMax: true } },
];
