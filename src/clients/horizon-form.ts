/**
 * Which fields each Horizon profile's "Live Migrate Instance" form offers against a server,
 * and what they mean on the wire — so a report can say what the dashboard should offer. Pure.
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { compareMicroversions, formatMicroversion, mv } from '../microversion/version.js';
import { horizonLiveMigrateMicroversion } from './profiles/horizon.js';
import { bestProposedBand, forceBand } from './profiles/horizon-proposed.js';
import { getProfile } from './registry.js';
import type { ClientProfile, DiscoveredRange, HorizonFormFields } from './types.js';
import { horizonTraits } from './versions/runtimes.js';

const V2_30 = mv('2.30');

/** The fields of the form for `profile` (a Horizon profile, by id or alias) against `discovered`. */
export function horizonFormFields(profile: ClientProfile | string, discovered: DiscoveredRange): HorizonFormFields {
  const resolved = typeof profile === 'string' ? getProfile(profile) : profile;
  const id = typeof profile === 'string' ? profile : profile.id;
  switch (resolved.client) {
    case 'horizon': {
      const chosen = horizonLiveMigrateMicroversion(horizonTraits(resolved.clientVersion), discovered);
      const at230 = chosen !== null && compareMicroversions(chosen, V2_30) >= 0;
      return {
        profile: id,
        microversion: chosen === null ? null : formatMicroversion(chosen),
        // At 2.30 a named host is scheduler-verified unless "Disk Over Commit" (really force) is ticked.
        host: { shown: true, autoSchedule: true, namedHostMeans: at230 ? 'forced-if-box-ticked' : 'forced' },
        blockMigration: { shown: true, control: 'checkbox' },
        diskOverCommit: { shown: true, sentAs: at230 ? 'force' : 'disk_over_commit' },
        force: { shown: false },
      };
    }
    case 'horizon-proposed': {
      const best = bestProposedBand(discovered);
      const request = best && best.request.minor !== 0 ? formatMicroversion(best.request) : null;
      return {
        profile: id,
        microversion: request,
        host: {
          shown: true,
          autoSchedule: true,
          namedHostMeans: best && best.namedHost === 'scheduler-verified' ? 'scheduler-verified' : 'refused-without-force',
        },
        blockMigration: { shown: true, control: best && best.blockAuto ? 'auto-block-shared' : 'checkbox' },
        diskOverCommit: { shown: Boolean(best && best.diskOverCommit), sentAs: best && best.diskOverCommit ? 'disk_over_commit' : null },
        // Below 2.30 Force is the acknowledgement that a named host bypasses the scheduler.
        force: { shown: forceBand(discovered) !== undefined || (best !== undefined && best.namedHost === 'forced') },
      };
    }
    default:
      throw new MvmError(ERROR_CODES.UNKNOWN_PROFILE, `'${id}' is not a Horizon profile`, {
        where: id,
        hint: 'horizonFormFields knows the horizon@<release> and horizon-proposed profiles (and their aliases)',
      });
  }
}
