/**
 * `novaclient@<v>`: python-novaclient 18.1.0 used as a library at a fixed microversion,
 * calling `client.servers.live_migrate(server, host, block_migration, ...)` with the
 * arguments of that band's signature. An option the band does not take is passed as a
 * keyword only when the user set it, so the real `TypeError` is reproduced. Pure.
 */
import { ERROR_CODES, MvmError } from '../../errors.js';
import { formatMicroversion, tryParseMicroversion, type Microversion } from '../../microversion/version.js';
import { callManagerLiveMigrate, managerParameters, type PyKeywords, type PyValue } from '../novaclient-model.js';
import type { ClientProfile } from '../types.js';
import { NOVACLIENT_HEADERS, NOVACLIENT_MANAGER } from './common.js';

/** Parses the `<v>` of `novaclient@<v>` / `openstackclient@<v>`: any 2.x, 2.0 included. */
export function parseClientVersion(text: string, profileId: string): Microversion {
  const version = tryParseMicroversion(text);
  if (!version || version.major !== 2) {
    throw new MvmError(ERROR_CODES.UNKNOWN_PROFILE, `'${profileId}': '${text}' is not a 2.x microversion`, {
      where: profileId,
      hint: 'write the version as 2.MINOR, for example novaclient@2.30',
    });
  }
  return version;
}

export function novaclientProfile(version: Microversion): ClientProfile {
  const text = formatMicroversion(version);
  const params = managerParameters(version);
  return {
    id: `novaclient@${text}`,
    title: `python-novaclient ${NOVACLIENT_MANAGER.version} library, Client("${text}").servers.live_migrate(...)`,
    models: [NOVACLIENT_MANAGER, NOVACLIENT_HEADERS],
    takesForce: params.includes('force'),
    discovery: 'none',
    build(intent, _discovered, serverId) {
      const positional: PyValue[] = [intent.host, intent.blockMigration];
      const keywords: Array<readonly [string, PyValue]> = [];
      if (params.includes('disk_over_commit')) positional.push(intent.diskOverCommit);
      else if (intent.diskOverCommit) keywords.push(['disk_over_commit', true]);
      if (intent.force !== undefined) keywords.push(['force', intent.force]);
      return callManagerLiveMigrate(version, serverId, positional, keywords as PyKeywords);
    },
  };
}
