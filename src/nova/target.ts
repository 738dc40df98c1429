/**
 * A Nova target: the behaviour profile of one Nova endpoint — which release it behaves as
 * and the highest microversion it accepts. Pure.
 *
 * Spec grammar (CLI `--release/--max-version`, matrix files, emulator base paths):
 *   `zed`, `2022.2`          a release from the table, at its own maximum
 *   `2.47`                   a Nova whose maximum is 2.47, behaving as the first release that reached it
 *   `zed@2.60`               release behaviour, capped at a lower maximum
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { findRelease, firstReleaseSupporting, getRelease, type NovaRelease } from '../microversion/releases.js';
import {
  MIN_MICROVERSION,
  compareMicroversions,
  formatMicroversion,
  tryParseMicroversion,
  type Microversion,
} from '../microversion/version.js';

export interface NovaTarget {
  /** Stable id, safe in a URL path segment: `zed`, `mv-2.47`, `zed@2.60`. */
  readonly id: string;
  readonly release: NovaRelease;
  readonly minMicroversion: Microversion;
  readonly maxMicroversion: Microversion;
}

/** The target of a release at its own maximum. */
export function releaseTarget(release: NovaRelease): NovaTarget {
  return { id: release.name, release, minMicroversion: MIN_MICROVERSION, maxMicroversion: release.maxMicroversion };
}

/** A Nova whose maximum is `max`, behaving as the first release that reached it. */
export function maxVersionTarget(max: Microversion, where?: string): NovaTarget {
  const release = firstReleaseSupporting(max);
  if (!release || compareMicroversions(max, MIN_MICROVERSION) < 0) {
    throw new MvmError(ERROR_CODES.INVALID_TARGET, `no Nova release has maximum microversion ${formatMicroversion(max)}`, {
      ...(where === undefined ? {} : { where }),
      hint: 'use a microversion between 2.1 and 2.104',
    });
  }
  return { id: `mv-${formatMicroversion(max)}`, release, minMicroversion: MIN_MICROVERSION, maxMicroversion: max };
}

/** Parses a target spec (see the module comment); throws a coded error naming `where`. */
export function resolveTarget(spec: string, where?: string): NovaTarget {
  const text = spec.trim();
  const at = text.indexOf('@');
  if (at > 0) {
    const release = getRelease(text.slice(0, at), where);
    const cap = tryParseMicroversion(text.slice(at + 1));
    if (!cap || compareMicroversions(cap, release.maxMicroversion) > 0 || compareMicroversions(cap, MIN_MICROVERSION) < 0) {
      throw new MvmError(ERROR_CODES.INVALID_TARGET, `'${text}': the cap must be a microversion from 2.1 to ${formatMicroversion(release.maxMicroversion)}`, {
        ...(where === undefined ? {} : { where }),
      });
    }
    return { id: `${release.name}@${formatMicroversion(cap)}`, release, minMicroversion: MIN_MICROVERSION, maxMicroversion: cap };
  }
  // Release names and series first: `2023.1` is a series (Antelope), not a microversion.
  const release = findRelease(text);
  if (release) return releaseTarget(release);
  const mvId = /^mv-(.+)$/.exec(text);
  const version = tryParseMicroversion(mvId ? mvId[1]! : text);
  if (version) return maxVersionTarget(version, where);
  throw new MvmError(ERROR_CODES.INVALID_TARGET, `'${text}' is neither a Nova release nor a microversion`, {
    ...(where === undefined ? {} : { where }),
    hint: 'write a release name (zed, 2025.1), a maximum microversion (2.47) or release@cap (zed@2.60)',
  });
}

/** `Zed (max 2.93)` / `max 2.47 (as Pike)`. */
export function describeTarget(target: NovaTarget): string {
  const max = formatMicroversion(target.maxMicroversion);
  return target.id === target.release.name ? `${target.release.title} (max ${max})` : `max ${max} (as ${target.release.title})`;
}
