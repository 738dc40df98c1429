/**
 * Request builders: client profiles that reproduce what Horizon, python-novaclient,
 * openstacksdk and openstackclient send for a live migration. Public API (stable; the
 * matrix runner uses it). Pure: the only I/O is the `get` injected into discovery.
 */
import { discoverWith } from './discovery.js';
import type { ClientProfile, DiscoveredRange, HttpGet, LiveMigrationIntent, ProfileBuildResult } from './types.js';
import { getProfile } from './registry.js';

export type {
  BuildResult,
  BuiltRequest,
  ClientProfile,
  DiscoveredRange,
  DiscoveryProcedure,
  HorizonFormFields,
  HttpGet,
  LiveMigrationIntent,
  ModelledCode,
  NamedHostMeaning,
  ProfileBuildResult,
  ProfileInfo,
  ProfileKind,
  ClientDefault,
} from './types.js';
export { CLIENT_DEFAULT } from './types.js';
export { canonicalProfileId, getProfile, listProfiles, profileAliases, PROFILE_ALIASES, PROFILE_FAMILIES, type ListedProfile, type ProfileFamily } from './registry.js';
export { parseProfileId, formatProfileId, type ProfileIdParts } from './profile-id.js';
export { DEBIAN_SUITES, shippedVersions, newestVersion, suitesShipping, type DebianSuite, type ClientFamily, type SuiteClients } from './versions/debian-suites.js';
export { horizonFormFields } from './horizon-form.js';
export { parseVersionDocument, novaclientRetryUrl, unversionedRoot, type VersionDocument } from './discovery.js';
export { openstackclientArgv } from './profiles/openstackclient.js';

function resolve(profile: ClientProfile | string): ClientProfile {
  return typeof profile === 'string' ? getProfile(profile) : profile;
}

/** The request `profile` sends for `intent` against a server with range `discovered` (pure). */
export function buildLiveMigration(
  profile: ClientProfile | string,
  intent: LiveMigrationIntent,
  discovered: DiscoveredRange,
  serverId: string,
): ProfileBuildResult {
  return resolve(profile).build(intent, discovered, serverId);
}

/** Runs the profile's real discovery procedure through `get` (novaclient, keystoneauth or none). */
export function discoverVersionRange(profile: ClientProfile | string, computeUrl: string, get: HttpGet): Promise<DiscoveredRange> {
  return discoverWith(resolve(profile).discovery, computeUrl, get);
}
