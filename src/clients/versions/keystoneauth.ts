/**
 * keystoneauth1 by release, as openstacksdk uses it for version discovery. Pure data.
 */
import type { VersionRow } from './version-table.js';

export interface KeystoneauthTraits {
  /**
   * The `DiscoveryFailure` text when no version document can be read (e.g. a 401 on the
   * version URL); `{url}` is the endpoint it tried.
   */
  readonly discoveryFailure: string;
}

export const KEYSTONEAUTH_TRAITS: readonly VersionRow<KeystoneauthTraits>[] = [
  { since: '4.2.1', traits: { discoveryFailure: 'Version requested but version discovery document was not found and allow_version_hack was False' } },
  {
    since: '5.0.0',
    traits: {
      discoveryFailure:
        'Unable to find a version discovery document at {url}, the service is unavailable or misconfigured. Required version range (any - any), version hack disabled.',
    },
  },
];
