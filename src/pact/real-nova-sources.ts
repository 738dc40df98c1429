/**
 * Which real Novas `mvmatrix verify` can ask, decided from what the machine has: per Debian
 * release, its image in Docker (a container), else — Zed only, on a machine without that image —
 * the host's python3-nova, else nothing: skipped with the reason, or, with `CI=true`, an error
 * (CI builds every image first; a missing one must fail the stage, never shrink it). Pure.
 */
import type { DebianNova } from '../providers/real-nova/debian-releases.js';

/** What the machine offers (from Docker and the host's Python; gathered by the adapter). */
export interface RealNovaAvailability {
  /** Why Docker cannot be used, when it cannot. */
  readonly dockerProblem?: string;
  /** Newest local image per Debian suite. */
  readonly images: ReadonlyMap<string, { readonly tag: string; readonly novaVersion: string }>;
  /** The host's python3-nova, when installed. */
  readonly host?: { readonly release: string; readonly novaVersion: string };
}

export type RealNovaUse =
  | { readonly nova: DebianNova; readonly use: 'container'; readonly image: string; readonly novaVersion: string }
  | { readonly nova: DebianNova; readonly use: 'host'; readonly novaVersion: string }
  | { readonly nova: DebianNova; readonly use: 'skip'; readonly why: string }
  | { readonly nova: DebianNova; readonly use: 'error'; readonly why: string };

/** One decision per release asked for, in their order. */
export function realNovaPlan(novas: readonly DebianNova[], available: RealNovaAvailability, ci: boolean): RealNovaUse[] {
  return novas.map((nova): RealNovaUse => {
    const image = available.dockerProblem === undefined ? available.images.get(nova.suite) : undefined;
    if (image) return { nova, use: 'container', image: image.tag, novaVersion: image.novaVersion };
    if (available.host?.release === nova.release.name) return { nova, use: 'host', novaVersion: available.host.novaVersion };
    const why =
      available.dockerProblem !== undefined
        ? `${nova.release.title} needs Docker: ${available.dockerProblem}`
        : `no image of ${nova.release.title} (mvmatrix/real-nova:${nova.suite}): build it with mvmatrix nova images --release ${nova.release.name}`;
    return ci ? { nova, use: 'error', why } : { nova, use: 'skip', why };
  });
}
