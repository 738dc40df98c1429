/**
 * Which model profile reproduces the client a driver runs: the same client family at the same
 * release (`<client>@<version>`), with the driver's pinned microversion (`+mv<api>`) where the
 * driver pins one. Pure.
 */
import type { DriverClient } from '../clients/driver-profile-id.js';

/**
 * The model id to check a driver against, or `null` when the driver does not know its client's
 * release. Whether such a model exists is the registry's to say (it models the releases Debian ships).
 */
export function modelIdFor(client: DriverClient, options: Readonly<Record<string, string>>, version: string | null): string | null {
  if (version === null) return null;
  const api = options['api'];
  return `${client}@${version}${api === undefined || api === 'latest' ? '' : `+mv${api}`}`;
}
