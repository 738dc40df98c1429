/**
 * The value catalogue of the differential corpus: every spelling Nova's `boolean` parameter
 * type accepts, near misses, host names on both sides of the fqdn pattern and length limits,
 * and the microversion strings (valid, out of range, malformed). Pure data.
 */

/** Every spelling `parameter_types.boolean` accepts (fact sheet §3.2). */
export const BOOLEAN_SPELLINGS: readonly unknown[] = [
  true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes',
  false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no',
];

/** Values a boolean-enum must reject (and `auto` spellings, valid only for block_migration ≥ 2.25). */
export const NOT_BOOLEANS: readonly unknown[] = [
  'auto', 'AUTO', 'Auto', 'tRue', 'y', 'enabled', '', ' true', 1, 0, 1.5, null, [], {}, [true],
];

export const HOST_VALUES: readonly unknown[] = [
  null, 'compute-02', 'compute-03', 'compute-99', '', 'bad host', 'h'.repeat(255), 'h'.repeat(256),
  'host.example_1-a', 'compute-02\n', 'ünïcode', 'compute/02', 42, true, [], {},
];

/** The Nova whose maximum the corpus is built for, unless told otherwise: Zed. */
export const DEFAULT_CORPUS_MAX = '2.93';

const minorOf = (v: string): number => Number(v.split('.')[1]);

/** Every microversion a Nova with maximum `max` accepts, as text: 2.1 … `max`. */
export function releaseMicroversions(max: string): string[] {
  return Array.from({ length: minorOf(max) }, (_, i) => `2.${i + 1}`);
}

/** Well-formed but outside the range of a Nova with maximum `max` (406), or special. */
export function outOfRangeVersions(max: string): string[] {
  const above = [`2.${minorOf(max) + 1}`, '2.94', '2.104'].filter((v) => minorOf(v) > minorOf(max));
  return [...new Set([...above, '2.999', '3.0', '2.0', '1.1', '1.0'])];
}

/** Malformed version strings (400 invalid format). */
export const MALFORMED_VERSIONS: readonly string[] = ['2.01', '02.1', '2', '2.x', 'Latest', 'LATEST', '2.5 x', 'v2.1', '2.1.1', '-2.1', '2..1', '.1', 'latest2'];

/** Microversions at which the os-migrateLive behaviour changes, their neighbours, and the maximum. */
export function boundaryVersions(max: string): string[] {
  return ['2.1', '2.22', '2.23', '2.24', '2.25', '2.29', '2.30', '2.33', '2.34', '2.67', '2.68', max, 'latest'];
}
