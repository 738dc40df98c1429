/**
 * `horizon-proposed`: what mvmatrix recommends Horizon do (docs/request-builders.md).
 * Horizon keeps its own mechanism (a feature table + `get_microversion_for_features`), but
 * lists one version per live-migration band and calls novaclient by keyword, so no form
 * value can land in another parameter. Anything the chosen band cannot express is refused
 * with a reason the user can act on. Pure.
 */
import { formatMicroversion, isWithin, microversionEquals, mv, type Microversion } from '../../microversion/version.js';
import { callManagerLiveMigrate } from '../novaclient-model.js';
import type { PyValue } from '../python-call.js';
import type { BuildResult, ClientProfile, DiscoveredRange, LiveMigrationIntent } from '../types.js';
import { newestVersion } from '../versions/debian-suites.js';
import { companionRelease, novaclientRuntime } from '../versions/runtimes.js';
import { refused } from '../wire.js';
import { novaclientCode, profileIdentity } from './common.js';

/** The Horizon release the proposal is written against: the newest Debian ships (its form is unchanged since 23.0.0). */
export const PROPOSAL_BASE = newestVersion('horizon');

/** One candidate per band of the os-migrateLive schema (facts §3.2), newest first. */
export interface ProposedBand {
  /** The microversion requested; 2.0 = the default client, no microversion header. */
  readonly request: Microversion;
  readonly blockAuto: boolean;
  readonly diskOverCommit: boolean;
  /** What Nova does with a named host and no force in this band. */
  readonly namedHost: 'forced' | 'scheduler-verified';
  readonly forceKey: boolean;
}

export const PROPOSED_BANDS: readonly ProposedBand[] = [
  { request: mv('2.68'), blockAuto: true, diskOverCommit: false, namedHost: 'scheduler-verified', forceKey: false },
  { request: mv('2.30'), blockAuto: true, diskOverCommit: false, namedHost: 'scheduler-verified', forceKey: true },
  { request: mv('2.25'), blockAuto: true, diskOverCommit: false, namedHost: 'forced', forceKey: false },
  { request: mv('2.0'), blockAuto: false, diskOverCommit: true, namedHost: 'forced', forceKey: false },
];

const LEGACY = mv('2.0');
const MIN_21 = mv('2.1');

/** novaclient's rule for a 2.0 client: fine when the server's minimum is 2.1 or unknown. */
function offered(band: ProposedBand, discovered: DiscoveredRange): boolean {
  if (discovered.kind === 'none') return microversionEquals(band.request, LEGACY);
  if (microversionEquals(band.request, LEGACY)) return microversionEquals(discovered.min, MIN_21);
  return isWithin(band.request, discovered.min, discovered.max);
}

/** The newest band the server offers (what the form is drawn for), or undefined. */
export function bestProposedBand(discovered: DiscoveredRange): ProposedBand | undefined {
  return PROPOSED_BANDS.find((band) => offered(band, discovered));
}

/** The band that can carry `force: true` (2.30–2.67), if offered. */
export function forceBand(discovered: DiscoveredRange): ProposedBand | undefined {
  return PROPOSED_BANDS.find((band) => band.forceKey && offered(band, discovered));
}

function describeServer(discovered: DiscoveredRange): string {
  return discovered.kind === 'range'
    ? `this cloud's compute API (microversions ${formatMicroversion(discovered.min)} to ${formatMicroversion(discovered.max)})`
    : `this cloud's compute API (its version range could not be discovered: ${discovered.reason}; the original API is used)`;
}

function invalid(message: string): BuildResult {
  return refused('ValidationError', message);
}

/** Picks the band for an intent, or explains why none can carry it unchanged. */
export function chooseProposedBand(intent: LiveMigrationIntent, discovered: DiscoveredRange): ProposedBand | BuildResult {
  const server = describeServer(discovered);
  const best = bestProposedBand(discovered);
  if (!best) {
    return invalid(`None of the live-migration microversions Horizon knows (2.68, 2.30, 2.25 or none) is offered by ${server}.`);
  }
  const wantsForce = intent.force === true;
  if (wantsForce && intent.host === null) {
    return invalid('Force needs a destination host: choose a host, or clear Force and let the scheduler choose one.');
  }
  let band = best;
  if (wantsForce && best.namedHost === 'scheduler-verified' && !best.forceKey) {
    const withForce = forceBand(discovered);
    if (!withForce) {
      return invalid(`Force was removed in microversion 2.68 and ${server} offers no 2.30–2.67: clear Force, the scheduler will check "${intent.host}".`);
    }
    band = withForce;
  }
  if (intent.diskOverCommit === true && !band.diskOverCommit) {
    return invalid(
      `Disk over-commit is not part of ${server}: it was removed in microversion 2.25 and Nova applies the operator's disk_allocation_ratio instead. Clear Disk Over Commit.`,
    );
  }
  if (intent.host !== null && !wantsForce && band.namedHost === 'forced') {
    return invalid(
      `${server[0]?.toUpperCase()}${server.slice(1)} cannot have the scheduler check a chosen host: before microversion 2.30 a named host bypasses the scheduler. Tick Force to migrate to "${intent.host}" anyway, or choose "Automatically schedule new host".`,
    );
  }
  return band;
}

export function horizonProposedProfile(release: string): ClientProfile {
  const runtime = novaclientRuntime(companionRelease('horizon', release, 'novaclient'));
  const proposal = `${release}+mvmatrix-proposal`;
  return {
    ...profileIdentity('horizon-proposed', 'horizon', release),
    title: `mvmatrix's proposed fix of Horizon ${release}: best band the server offers, keyword call, refusals instead of changed meaning`,
    behaviour: `Asks the server's range and requests the newest of 2.68, 2.30, 2.25 it offers (2.30 when Force is ticked; no header only below 2.25); calls novaclient ${runtime.release} by keyword; refuses (ValidationError) what the band cannot carry unchanged instead of sending something else.`,
    models: [
      { project: 'horizon', file: 'openstack_dashboard/api/microversions.py (get_microversion_for_features; proposed live_migrate ["2.68", "2.30", "2.25"])', version: proposal },
      { project: 'horizon', file: 'openstack_dashboard/api/nova.py (server_live_migrate, proposed keyword call)', version: proposal },
      ...novaclientCode(runtime.release, 'ServerManager.live_migrate, _live_migrate'),
    ],
    takesForce: true,
    discovery: 'novaclient',
    build(intent, discovered, serverId) {
      const chosen = chooseProposedBand(intent, discovered);
      if ('kind' in chosen) return chosen;
      // Block migration left alone means "auto" wherever the API has it.
      const asked = intent.blockMigration === 'default' ? 'auto' : intent.blockMigration;
      const block: PyValue = asked === 'auto' ? (chosen.blockAuto ? 'auto' : false) : asked;
      const keywords: Array<readonly [string, PyValue]> = [
        ['host', intent.host],
        ['block_migration', block],
      ];
      if (chosen.diskOverCommit) keywords.push(['disk_over_commit', intent.diskOverCommit === true]);
      if (chosen.forceKey && intent.force === true) keywords.push(['force', true]);
      return callManagerLiveMigrate(runtime, chosen.request, serverId, [], keywords);
    },
  };
}
