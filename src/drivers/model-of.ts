/**
 * Which model profile reproduces the client a driver runs: the listed profiles of the same
 * client family and mode (novaclient's API version, OSC's `--os-compute-api-version`) that
 * model exactly this release of the client. Pure.
 */
import type { ProfileInfo } from '../clients/types.js';
import type { DriverClient } from '../clients/driver-profile-id.js';

/** The model ids of a client family in a mode, most specific first (`{api}` is the driver's api=). */
const MODEL_IDS: Readonly<Record<DriverClient, (api: string | undefined) => readonly string[]>> = {
  novaclient: (api) => [`novaclient@${api ?? 'latest'}`],
  openstacksdk: () => ['openstacksdk'],
  openstackclient: (api) => [api === undefined ? 'openstackclient' : `openstackclient@${api}`],
  horizon: () => ['horizon-legacy', 'horizon-60455e5ff'],
};

/** What a listed profile says about the client release it models. */
function modelsRelease(info: ProfileInfo, project: string, version: string): boolean {
  const declared = info as ProfileInfo & { readonly client?: string; readonly clientVersion?: string };
  if (declared.clientVersion !== undefined) return declared.clientVersion === version;
  return info.models.some((m) => m.project === project && m.version === version);
}

/**
 * Model ids to check a driver against, best first: versioned ids (`<client>@<version>`) when
 * the registry has them, else the family's ids whose modelled code is this release.
 */
export function modelCandidates(
  client: DriverClient,
  options: Readonly<Record<string, string>>,
  project: string,
  version: string | null,
  listed: readonly ProfileInfo[],
): string[] {
  if (version === null) return [];
  const byId = new Map(listed.map((p) => [p.id, p]));
  const ids = MODEL_IDS[client](options['api']);
  const out: string[] = [];
  for (const id of [`${client}@${version}`, ...ids]) {
    const info = byId.get(id);
    if (info && modelsRelease(info, project, version) && !out.includes(id)) out.push(id);
  }
  // Parameterised ids (`novaclient@2.53`) are not listed: accept them by family when the listed
  // ones of the family model this release.
  const family = listed.filter((p) => p.id.startsWith(`${client}@`) || p.id === client);
  if (out.length === 0 && family.some((p) => modelsRelease(p, project, version))) {
    for (const id of ids) if (!byId.has(id)) out.push(id);
  }
  return out;
}
