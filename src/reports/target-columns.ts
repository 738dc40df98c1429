/**
 * Sorting the run's targets into the three kinds of report column and ordering them.
 * A release target (`zed`) is Nova at that release's maximum; a microversion target
 * (`mv-2.47`) is "a Nova whose maximum is 2.47"; anything else (`zed@2.60`) is a capped release.
 * Pure.
 */
import type { CellTarget } from '../matrix/result.js';
import { NOVA_RELEASES } from '../microversion/releases.js';
import { compareMicroversions, tryParseMicroversion } from '../microversion/version.js';

export type TargetKind = 'release' | 'microversion' | 'capped';

/** Which table a target belongs to. */
export function targetKind(target: CellTarget): TargetKind {
  if (target.id === target.release) return 'release';
  if (target.id.startsWith('mv-')) return 'microversion';
  return 'capped';
}

function releaseIndex(name: string): number {
  const index = NOVA_RELEASES.findIndex((r) => r.name === name);
  return index < 0 ? Number.MAX_SAFE_INTEGER : index;
}

/** Orders targets by maximum microversion, then release age, then id (stable for equal maxima). */
export function compareTargets(a: CellTarget, b: CellTarget): number {
  const va = tryParseMicroversion(a.maxMicroversion);
  const vb = tryParseMicroversion(b.maxMicroversion);
  if (va && vb) {
    const byVersion = compareMicroversions(va, vb);
    if (byVersion !== 0) return byVersion;
  }
  const byRelease = releaseIndex(a.release) - releaseIndex(b.release);
  if (byRelease !== 0) return byRelease;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Display title of a release name: `zed` → `Zed`; unknown names pass through. */
export function releaseTitle(name: string): string {
  return NOVA_RELEASES.find((r) => r.name === name)?.title ?? name;
}

/** `2022.2` for `zed`, empty when unknown. */
export function releaseSeries(name: string): string {
  return NOVA_RELEASES.find((r) => r.name === name)?.series ?? '';
}
