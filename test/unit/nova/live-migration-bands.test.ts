import { describe, expect, it } from 'vitest';
import { hasSwitch, LIVE_MIGRATION_SWITCHES, MIGRATE_LIVE_BANDS, resolveMigrateLiveBand } from '../../../src/nova/bands.js';
import { mv } from '../../../src/microversion/version.js';

describe('os-migrateLive bands', () => {
  it.each([
    ['2.1', '2.1'], ['2.24', '2.1'], ['2.25', '2.25'], ['2.29', '2.25'], ['2.30', '2.30'],
    ['2.33', '2.30'], ['2.34', '2.30'], ['2.67', '2.30'], ['2.68', '2.68'], ['2.104', '2.68'],
  ])('microversion %s uses the %s schema band', (version, band) => {
    expect(resolveMigrateLiveBand(mv(version)).id).toBe(band);
  });

  it('legacy /v2 always uses the 2.0 schema band', () => {
    expect(resolveMigrateLiveBand(mv('2.93'), { legacyV2: true }).id).toBe('2.1');
  });

  it('the bands cover 2.0 upwards without gaps', () => {
    for (let i = 1; i < MIGRATE_LIVE_BANDS.length; i++) {
      const prev = MIGRATE_LIVE_BANDS[i - 1]!;
      expect(prev.until!.minor + 1).toBe(MIGRATE_LIVE_BANDS[i]!.since.minor);
    }
    expect(MIGRATE_LIVE_BANDS.at(-1)!.until).toBeNull();
  });
});

describe('live-migration microversion switches', () => {
  it.each([
    ['asyncPreChecks', '2.33', false], ['asyncPreChecks', '2.34', true],
    ['forceParameter', '2.29', false], ['forceParameter', '2.30', true], ['forceParameter', '2.67', true], ['forceParameter', '2.68', false],
    ['forceComplete', '2.21', false], ['forceComplete', '2.22', true],
    ['serverMigrationsGet', '2.22', false], ['serverMigrationsGet', '2.23', true],
    ['abort', '2.23', false], ['abort', '2.24', true],
    ['coldMigrateHost', '2.55', false], ['coldMigrateHost', '2.56', true],
    ['migrationUuidAndPaging', '2.58', false], ['migrationUuidAndPaging', '2.59', true],
    ['abortQueuedPreparing', '2.64', false], ['abortQueuedPreparing', '2.65', true],
    ['changesBefore', '2.65', false], ['changesBefore', '2.66', true],
    ['migrationUserProject', '2.79', false], ['migrationUserProject', '2.80', true],
    ['serverMigrationsStrictQuery', '2.101', false], ['serverMigrationsStrictQuery', '2.102', true],
  ] as const)('%s at %s is %s', (name, version, expected) => {
    expect(hasSwitch(name, mv(version))).toBe(expected);
  });

  it('legacy /v2 has none of the switches', () => {
    for (const name of Object.keys(LIVE_MIGRATION_SWITCHES) as (keyof typeof LIVE_MIGRATION_SWITCHES)[]) {
      expect(hasSwitch(name, mv('2.104'), { legacyV2: true })).toBe(false);
    }
  });

  it('every switch carries a citation naming its microversion', () => {
    for (const s of Object.values(LIVE_MIGRATION_SWITCHES)) expect(s.citation).toMatch(/^2\.\d+: /);
  });
});
