/**
 * The files the harness reads from its scratch directory, for any launcher (host process,
 * container, image warm-up): `nova.conf`, `world.json`, `harness.json` (the release profile).
 * Pure.
 */
import type { NovaRelease } from '../../microversion/releases.js';
import type { WorldDefinition } from '../../nova/world.js';
import { harnessProfile, type HarnessProfile } from './debian-releases.js';
import { FULL_MODE_PROFILE, type HarnessMode } from './full-mode.js';
import { novaConf, REAL_NOVA_RPC_TIMEOUT_SECONDS } from './harness-config.js';
import { harnessWorld } from './harness-world.js';

export interface HarnessFileOptions {
  readonly rpcTimeoutSeconds?: number;
  /** Overrides of the release profile (tests, experiments). */
  readonly profile?: Partial<HarnessProfile>;
  /** The harness mode; `full` overrides what the full control plane needs ({@link FULL_MODE_PROFILE}). */
  readonly mode?: HarnessMode;
}

/** File name → content, for a scratch directory at `dir` (the path nova.conf points into). */
export function harnessFiles(dir: string, release: NovaRelease, world: WorldDefinition, options: HarnessFileOptions = {}): Record<string, string> {
  const profile: HarnessProfile = { ...harnessProfile(release), ...(options.mode === 'full' ? FULL_MODE_PROFILE : {}), ...options.profile };
  return {
    'nova.conf': novaConf(dir, profile, options.rpcTimeoutSeconds ?? REAL_NOVA_RPC_TIMEOUT_SECONDS),
    'world.json': `${JSON.stringify(harnessWorld(world), null, 2)}\n`,
    'harness.json': `${JSON.stringify(profile, null, 2)}\n`,
  };
}
