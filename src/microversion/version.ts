/**
 * Nova microversions: parsing, ordering and formatting, with Nova's own grammar
 * (`nova/api/openstack/api_version_request.py`). Pure.
 */
import { ERROR_CODES, MvmError } from '../errors.js';

/** A parsed microversion such as 2.30. Compare with {@link compareMicroversions}, never as strings. */
export interface Microversion {
  readonly major: number;
  readonly minor: number;
}

/** Nova's full-match grammar: no leading zeros, minor may be 0. */
export const MICROVERSION_PATTERN = /^([1-9]\d*)\.([1-9]\d*|0)$/;

/** The string that resolves to the server's maximum. Only this exact lowercase spelling. */
export const LATEST = 'latest';

/** Parses `2.30`; returns `undefined` for anything Nova would call "of invalid format". */
export function tryParseMicroversion(text: string): Microversion | undefined {
  const match = MICROVERSION_PATTERN.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** Parses `2.30` or throws an {@link MvmError} naming the bad value. */
export function parseMicroversion(text: string, where?: string): Microversion {
  const parsed = tryParseMicroversion(text);
  if (!parsed) {
    throw new MvmError(ERROR_CODES.INVALID_MICROVERSION, `'${text}' is not a microversion`, {
      ...(where === undefined ? {} : { where }),
      hint: 'write it as MAJOR.MINOR with no leading zeros, for example 2.1, 2.30 or 2.104',
    });
  }
  return parsed;
}

/** Shorthand for literals in tables: `mv('2.30')`. Throws on a malformed literal. */
export function mv(text: string): Microversion {
  return parseMicroversion(text);
}

export function formatMicroversion(version: Microversion): string {
  return `${version.major}.${version.minor}`;
}

/** Numeric order: 2.10 > 2.9. Negative, zero or positive like `Array.prototype.sort` wants. */
export function compareMicroversions(a: Microversion, b: Microversion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function microversionEquals(a: Microversion, b: Microversion): boolean {
  return a.major === b.major && a.minor === b.minor;
}

/** `min <= version <= max`, inclusive at both ends. */
export function isWithin(version: Microversion, min: Microversion, max: Microversion): boolean {
  return compareMicroversions(version, min) >= 0 && compareMicroversions(version, max) <= 0;
}

/** `a >= b`. */
export function atLeast(a: Microversion, b: Microversion): boolean {
  return compareMicroversions(a, b) >= 0;
}

/** Every 2.x microversion from `min` to `max` inclusive (same major only). */
export function microversionsBetween(min: Microversion, max: Microversion): Microversion[] {
  if (min.major !== max.major) {
    throw new MvmError(ERROR_CODES.INVALID_MICROVERSION, `cannot enumerate across majors (${formatMicroversion(min)}..${formatMicroversion(max)})`);
  }
  const out: Microversion[] = [];
  for (let minor = min.minor; minor <= max.minor; minor++) out.push({ major: min.major, minor });
  return out;
}

/** Nova's floor since Kilo. */
export const MIN_MICROVERSION: Microversion = Object.freeze({ major: 2, minor: 1 });
/** The newest microversion any Nova in the release table knows (master, 2026.2 development). */
export const NEWEST_MICROVERSION: Microversion = Object.freeze({ major: 2, minor: 104 });
