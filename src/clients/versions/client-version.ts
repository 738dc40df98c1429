/**
 * Client release versions (`18.13.1`, `4.20.0`, `0.101.0`) and Python versions (`3.14`):
 * parsing and numeric ordering. Not microversions — those live in `src/microversion/`. Pure.
 */

/** A dotted release number: two to four numeric parts, no leading zeros (`0` alone is fine). */
export const CLIENT_VERSION_PATTERN = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){1,3}$/;

export function isClientVersion(text: string): boolean {
  return CLIENT_VERSION_PATTERN.test(text);
}

function parts(text: string): number[] {
  return text.split('.').map(Number);
}

/** Numeric order, part by part (`18.13.1` > `18.9.0`); missing parts count as 0. */
export function compareClientVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
