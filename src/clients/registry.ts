/**
 * The client profiles by id (grammar: profile-id.ts). A profile is a client family at a
 * release Debian ships, optionally with a pinned microversion; the old ids stay as aliases.
 * Families are data: a new kind of profile (e.g. one that drives the real client through a
 * driver process) is one more entry in {@link PROFILE_FAMILIES}. Pure (profiles are built on
 * first use and memoised).
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { mv, type Microversion } from '../microversion/version.js';
import { isDriverProfileId } from './driver-profile-id.js';
import { formatProfileId, parseProfileId } from './profile-id.js';
import { horizonProfile } from './profiles/horizon.js';
import { horizonProposedProfile, PROPOSAL_BASE } from './profiles/horizon-proposed.js';
import { novaclientProfile } from './profiles/novaclient.js';
import { openstackclientProfile } from './profiles/openstackclient.js';
import { openstacksdkProfile } from './profiles/openstacksdk.js';
import type { ClientProfile, ProfileInfo } from './types.js';
import { shippedVersions } from './versions/debian-suites.js';
import { horizonTraits } from './versions/runtimes.js';

/** A client family: the releases it can be built at and how to build one. */
export interface ProfileFamily {
  readonly client: string;
  /** Oldest first; the last one is what the bare family name means. */
  readonly releases: readonly string[];
  /** Whether the user can pin a microversion (`+mv2.25`). */
  readonly takesPin: boolean;
  create(release: string, pin: Microversion | null): ClientProfile;
}

export const PROFILE_FAMILIES: readonly ProfileFamily[] = [
  { client: 'horizon', releases: shippedVersions('horizon'), takesPin: false, create: (release) => horizonProfile(release) },
  { client: 'horizon-proposed', releases: [PROPOSAL_BASE], takesPin: false, create: (release) => horizonProposedProfile(release) },
  { client: 'novaclient', releases: shippedVersions('novaclient'), takesPin: true, create: novaclientProfile },
  { client: 'openstacksdk', releases: shippedVersions('openstacksdk'), takesPin: false, create: (release) => openstacksdkProfile(release) },
  { client: 'openstackclient', releases: shippedVersions('openstackclient'), takesPin: true, create: openstackclientProfile },
];

/** The oldest Horizon release Debian ships with commit 60455e5ff. */
function firstHorizonWith60455e5ff(): string {
  const release = shippedVersions('horizon').find((r) => horizonTraits(r).liveMigrateFeature.length > 0);
  if (!release) throw new Error('no Debian-shipped Horizon release has 60455e5ff');
  return release;
}

/** Ids from before client releases were an axis, and what they mean now. */
export const PROFILE_ALIASES: Readonly<Record<string, string>> = {
  /** Horizon before 60455e5ff, as it was modelled (Debian 12's 23.0.0). */
  'horizon-legacy': 'horizon@23.0.0',
  /** Horizon with 60455e5ff. */
  'horizon-60455e5ff': `horizon@${firstHorizonWith60455e5ff()}`,
};

const built = new Map<string, ClientProfile>();

function unknown(id: string, why: string): MvmError {
  return new MvmError(ERROR_CODES.UNKNOWN_PROFILE, `unknown client profile '${id}': ${why}`, {
    where: id,
    hint: `clients: ${PROFILE_FAMILIES.map((f) => `${f.client}@{${f.releases.join(',')}}`).join(', ')}; aliases: ${Object.keys(PROFILE_ALIASES).join(', ')} (mvmatrix request --list-profiles)`,
  });
}

/** The canonical id `id` stands for (`openstacksdk` → `openstacksdk@4.20.0`); throws UNKNOWN_PROFILE. */
export function canonicalProfileId(id: string): string {
  if (isDriverProfileId(id)) {
    // The other kind of profile: the client's own code, run by a driver (docs/drivers.md).
    throw new MvmError(ERROR_CODES.UNKNOWN_PROFILE, `'${id}' is a real-client driver profile, not a model: it runs the client's own code in \`mvmatrix run\``, {
      where: id,
      hint: `mvmatrix run --profile ${id} (docs/drivers.md); a model of the same client is ${id.slice(0, id.indexOf('@'))}@<release>`,
    });
  }
  const target = PROFILE_ALIASES[id] ?? id;
  const parts = parseProfileId(target);
  if (typeof parts === 'string') throw unknown(id, parts);
  const family = PROFILE_FAMILIES.find((f) => f.client === parts.client);
  if (!family) throw unknown(id, `no client family '${parts.client}'`);
  const release = parts.release ?? family.releases[family.releases.length - 1]!;
  if (!family.releases.includes(release)) throw unknown(id, `${family.client} is modelled at the releases Debian ships: ${family.releases.join(', ')}`);
  if (parts.pin !== null && !family.takesPin) throw unknown(id, `${family.client} takes no pinned microversion`);
  if (parts.pin !== null && mv(parts.pin).major !== 2) throw unknown(id, `'${parts.pin}' is not a 2.x microversion (the compute API is 2.x)`);
  return formatProfileId(family.client, release, parts.pin);
}

/** Resolves a profile id or alias; throws MvmError UNKNOWN_PROFILE naming the id. */
export function getProfile(id: string): ClientProfile {
  const canonical = canonicalProfileId(id);
  let profile = built.get(canonical);
  if (!profile) {
    const parts = parseProfileId(canonical) as Exclude<ReturnType<typeof parseProfileId>, string>;
    const family = PROFILE_FAMILIES.find((f) => f.client === parts.client)!;
    profile = family.create(parts.release!, parts.pin === null ? null : mv(parts.pin));
    built.set(canonical, profile);
  }
  return profile;
}

/** The other ids that resolve to `canonical`: the bare family name for the newest release, legacy aliases and spellings. */
export function profileAliases(canonical: string): string[] {
  const parts = parseProfileId(canonical);
  if (typeof parts === 'string') return [];
  const family = PROFILE_FAMILIES.find((f) => f.client === parts.client);
  const aliases = Object.entries(PROFILE_ALIASES).filter(([, target]) => target === canonical).map(([alias]) => alias);
  if (family && parts.release === family.releases[family.releases.length - 1]) {
    if (parts.pin === null) aliases.unshift(family.client, ...(family.takesPin ? [`${family.client}@latest`] : []));
    else aliases.unshift(`${family.client}+mv${parts.pin}`, `${family.client}@${parts.pin}`);
  }
  return aliases;
}

/** A profile as listed: what it is, what it models, what else it is called. */
export interface ListedProfile extends ProfileInfo {
  readonly aliases: readonly string[];
}

function info(profile: ClientProfile): ListedProfile {
  const { id, kind, client, clientVersion, microversionPin, debianSuites, title, behaviour, models, takesForce } = profile;
  return { id, kind, client, clientVersion, microversionPin, debianSuites, title, behaviour, models, takesForce, aliases: profileAliases(id) };
}

/**
 * Every client at every release Debian ships, as it runs by default (no pinned microversion):
 * what `--list-profiles` shows and a matrix's `profiles: all` means. Pinned variants
 * (`novaclient@18.13.1+mv2.25`) are built on demand.
 */
export function listProfiles(): ListedProfile[] {
  return PROFILE_FAMILIES.flatMap((family) => family.releases.map((release) => info(getProfile(formatProfileId(family.client, release, null)))));
}
