/**
 * The warm-up baked into an image (nova_warmup.py): the harness files for the image's
 * release, the requests it sends once (the built-in live-migration set at the release's
 * maximum: one of each kind the matrix and the conformance suites send), and the client
 * modules it imports. Python writes the byte code of what ran. Pure.
 */
import { liveMigrationRequestSet } from '../../../cassette/request-sets/live-migration.js';
import { formatMicroversion } from '../../../microversion/version.js';
import type { WorldDefinition } from '../../../nova/world.js';
import type { DebianNova } from '../debian-releases.js';
import { harnessFiles } from '../harness-files.js';
import { WARMUP_IMPORTS } from './image-spec.js';

/** Where the warm-up's scratch directory is inside the image build. */
export const WARMUP_SCRATCH = '/var/lib/mvmatrix/warmup';

export interface WarmupRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export function warmupRequests(nova: DebianNova, world: WorldDefinition): WarmupRequest[] {
  const set = liveMigrationRequestSet(formatMicroversion(nova.release.maxMicroversion));
  return set.requests.map((r) => {
    const server = set.servers[r.serverRef ?? 'unknown'];
    const path = r.path.replace('{server_id}', server?.id ?? '').replace('{project_id}', world.projectId);
    const caller = r.caller ?? 'admin';
    const token: Record<string, string> = caller === 'none' ? {} : { 'X-Auth-Token': `${caller}:${world.projectId}` };
    return { method: r.method, path, headers: { ...r.headers, ...token }, ...(r.body ? { body: r.body } : {}) };
  });
}

/** File name → content of the warm-up configuration directory. */
export function warmupFiles(nova: DebianNova, world: WorldDefinition): Record<string, string> {
  return {
    ...harnessFiles(WARMUP_SCRATCH, nova.release, world),
    'requests.json': `${JSON.stringify(warmupRequests(nova, world))}\n`,
    'imports.json': `${JSON.stringify(WARMUP_IMPORTS)}\n`,
  };
}
