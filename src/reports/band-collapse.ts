/**
 * Band collapsing: consecutive columns whose outcomes are identical for every row merge into
 * one band, so 104 microversion columns become the handful where something changes.
 * Generic over the column type so it can be property-tested with plain data. Pure.
 */

/**
 * Splits `columns` (already ordered) into maximal runs of consecutive columns with equal
 * signatures. `signature(column)` must describe the whole column (e.g. the outcomes of every
 * row joined), so two columns merge exactly when every row agrees.
 */
export function collapseBands<T>(columns: readonly T[], signature: (column: T) => string): T[][] {
  const bands: T[][] = [];
  let previous: string | undefined;
  for (const column of columns) {
    const current = signature(column);
    const last = bands[bands.length - 1];
    if (last && current === previous) last.push(column);
    else bands.push([column]);
    previous = current;
  }
  return bands;
}

export { formatRange } from '../findings/targets.js';
