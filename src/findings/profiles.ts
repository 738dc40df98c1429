/**
 * Naming client profiles for readers, from the result's profile metadata (`client`,
 * `clientVersion`) when present, else from the profile id: `Horizon 27.0.0`, `novaclient@2.25`.
 * Families as data: which release table a family's rows go to and how it is called. Pure.
 */
import type { ProfileSummary } from '../matrix/result.js';
import { compareVersionStrings } from './version-order.js';

interface FamilyInfo {
  /** Display name of the client: `Horizon`. */
  readonly name: string;
  /** The release table the family's rows belong to (`horizon-proposed` sits with Horizon). */
  readonly table: string;
}

const FAMILIES: Readonly<Record<string, FamilyInfo>> = {
  horizon: { name: 'Horizon', table: 'horizon' },
  'horizon-proposed': { name: "mvmatrix's proposed Horizon", table: 'horizon' },
  novaclient: { name: 'python-novaclient', table: 'novaclient' },
  openstacksdk: { name: 'openstacksdk', table: 'openstacksdk' },
  openstackclient: { name: 'openstackclient', table: 'openstackclient' },
};

/** Release-table titles by table id; unknown families get their id. */
export const FAMILY_TABLE_TITLES: Readonly<Record<string, string>> = {
  horizon: 'Horizon',
  novaclient: 'python-novaclient',
  openstacksdk: 'openstacksdk',
  openstackclient: 'openstackclient',
};

/**
 * The client family of a profile: its `client`, else the id up to the first `@` or `-`
 * (`horizon-legacy` → `horizon`, `novaclient@2.25` → `novaclient`), except that the
 * proposed Horizon is its own family.
 */
export function profileFamily(profile: Pick<ProfileSummary, 'id' | 'client'>): string {
  if (profile.client) return profile.client;
  if (profile.id === 'horizon-proposed') return 'horizon-proposed';
  return /^[^@-]+/.exec(profile.id)?.[0] ?? profile.id;
}

/** The release table a profile's row belongs to. */
export function familyTable(family: string): string {
  return FAMILIES[family]?.table ?? family;
}

/** `Horizon 27.0.0` with metadata; the profile id without. */
export function profileName(profile: Pick<ProfileSummary, 'id' | 'client' | 'clientVersion'>): string {
  if (!profile.client || !profile.clientVersion) return profile.id;
  return `${FAMILIES[profile.client]?.name ?? profile.client} ${profile.clientVersion}`;
}

/**
 * Several profiles of one family for a sentence: `Horizon 18.6.2, 23.0.0, 25.3.0` when they
 * share the family name, else their names joined.
 */
export function profileNames(profiles: readonly Pick<ProfileSummary, 'id' | 'client' | 'clientVersion'>[]): string {
  const family = profiles[0]?.client;
  if (family && profiles.length > 1 && profiles.every((p) => p.client === family && p.clientVersion)) {
    return `${FAMILIES[family]?.name ?? family} ${profiles.map((p) => p.clientVersion).join(', ')}`;
  }
  return profiles.map(profileName).join(', ');
}

/** Orders a family's profiles: by client version when both have one, else as listed. */
export function compareProfilesInFamily(a: ProfileSummary, b: ProfileSummary, listed: ReadonlyMap<string, number>): number {
  if (a.client === b.client && a.clientVersion && b.clientVersion) {
    const byVersion = compareVersionStrings(a.clientVersion, b.clientVersion);
    if (byVersion !== 0) return byVersion;
  }
  return (listed.get(a.id) ?? 0) - (listed.get(b.id) ?? 0);
}

/** The newest `clientVersion` of each family among `profiles` (families without versions are absent). */
export function newestReleases(profiles: Iterable<ProfileSummary>): Map<string, string> {
  const newest = new Map<string, string>();
  for (const p of profiles) {
    if (!p.client || !p.clientVersion) continue;
    const seen = newest.get(p.client);
    if (seen === undefined || compareVersionStrings(p.clientVersion, seen) > 0) newest.set(p.client, p.clientVersion);
  }
  return newest;
}

/**
 * Whether a profile is (a pin of) the newest release of its family, given
 * {@link newestReleases}; a profile without release metadata counts as current.
 */
export function isCurrentRelease(profile: ProfileSummary | undefined, newest: ReadonlyMap<string, string>): boolean {
  if (!profile?.client || !profile.clientVersion) return true;
  const top = newest.get(profile.client);
  return top === undefined || compareVersionStrings(profile.clientVersion, top) === 0;
}
