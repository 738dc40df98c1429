/**
 * Ordering client release versions (`18.6.2` < `23.0.0` < `27.0.0`, `0.101.0` < `4.20.0`):
 * numeric parts compared as numbers, anything else as text. Pure.
 */
export function compareVersionStrings(a: string, b: string): number {
  const pa = a.split(/[.\-+]/);
  const pb = b.split(/[.\-+]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const byPart = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    if (byPart !== 0) return byPart;
  }
  return 0;
}
