/**
 * The client profiles by id: fixed ids plus the parameterised `novaclient@<v>` and
 * `openstackclient@<v>`. Pure.
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { mv } from '../microversion/version.js';
import { horizon60455e5ff, horizonLegacy } from './profiles/horizon.js';
import { horizonProposed } from './profiles/horizon-proposed.js';
import { novaclientLatest, novaclientProfile, parseClientVersion } from './profiles/novaclient.js';
import { openstackclientProfile } from './profiles/openstackclient.js';
import { openstacksdk } from './profiles/openstacksdk.js';
import type { ClientProfile, ProfileInfo } from './types.js';

const FIXED: readonly ClientProfile[] = [horizonLegacy, horizon60455e5ff, horizonProposed, novaclientLatest, openstacksdk, openstackclientProfile(null)];

/** Profiles `listProfiles` names; `novaclient@<v>` / `openstackclient@<v>` accept any 2.x. */
const LISTED: readonly ClientProfile[] = [
  horizonLegacy,
  horizon60455e5ff,
  horizonProposed,
  novaclientProfile(mv('2.1')),
  novaclientProfile(mv('2.25')),
  novaclientProfile(mv('2.30')),
  novaclientProfile(mv('2.68')),
  novaclientLatest,
  openstacksdk,
  openstackclientProfile(null),
  openstackclientProfile(mv('2.30')),
];

function info(profile: ClientProfile): ProfileInfo {
  return { id: profile.id, title: profile.title, models: profile.models, takesForce: profile.takesForce };
}

/** Every listed profile with the code it models. */
export function listProfiles(): ProfileInfo[] {
  return LISTED.map(info);
}

/** Resolves a profile id; throws MvmError UNKNOWN_PROFILE naming the id. */
export function getProfile(id: string): ClientProfile {
  const fixed = FIXED.find((p) => p.id === id);
  if (fixed) return fixed;
  const at = id.indexOf('@');
  if (at > 0) {
    const family = id.slice(0, at);
    const version = id.slice(at + 1);
    if (family === 'novaclient') return novaclientProfile(parseClientVersion(version, id));
    if (family === 'openstackclient') return openstackclientProfile(parseClientVersion(version, id));
  }
  throw new MvmError(ERROR_CODES.UNKNOWN_PROFILE, `unknown client profile '${id}'`, {
    where: id,
    hint: `known: ${FIXED.map((p) => p.id).join(', ')}, novaclient@<2.x>, openstackclient@<2.x> (mvmatrix request --list-profiles)`,
  });
}
