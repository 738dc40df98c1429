import { describe, expect, it } from 'vitest';
import { interpretMigrateLive } from '../../../src/nova/live-migration.js';
import { BOOLEAN_ENUM } from '../../../src/nova/schemas/parameter-types.js';
import { mv } from '../../../src/microversion/version.js';
import { getRelease } from '../../../src/microversion/releases.js';
import type { MigrateLiveAction } from '../../../src/nova/contract.js';

function action(body: unknown, version: string, legacyV2 = false): MigrateLiveAction {
  const r = interpretMigrateLive(body, mv(version), { legacyV2 });
  if (!r.ok) throw new Error(`unexpected ${r.fault.status}: ${r.fault.message}`);
  return r.action;
}
function message(body: unknown, version: string, legacyV2 = false): string {
  const r = interpretMigrateLive(body, mv(version), { legacyV2 });
  if (r.ok) throw new Error('expected a 400');
  expect(r.fault.status).toBe(400);
  return r.fault.message;
}
const live = (inner: Record<string, unknown>) => ({ 'os-migrateLive': inner });

describe('the 2.24/2.25 boundary: disk_over_commit and "auto"', () => {
  it('2.24 requires disk_over_commit', () => {
    expect(message(live({ host: null, block_migration: false }), '2.24')).toBe(
      "Invalid input for field/attribute os-migrateLive. Value: {'host': None, 'block_migration': False}. 'disk_over_commit' is a required property");
  });
  it('2.24 rejects "auto"', () => {
    expect(message(live({ host: null, block_migration: 'auto', disk_over_commit: false }), '2.24')).toBe(
      `Invalid input for field/attribute block_migration. Value: auto. 'auto' is not one of [${BOOLEAN_ENUM.map((v) => (v === true ? 'True' : v === false ? 'False' : `'${String(v)}'`)).join(', ')}]`);
  });
  it('2.24 applies disk_over_commit as a strict bool', () => {
    expect(action(live({ host: null, block_migration: 'yes', disk_over_commit: 'Off' }), '2.24')).toMatchObject({ band: '2.1', blockMigration: true, diskOverCommit: false, force: null });
  });
  it('2.25 rejects disk_over_commit as an additional property', () => {
    expect(message(live({ host: null, block_migration: false, disk_over_commit: false }), '2.25')).toBe(
      "Invalid input for field/attribute os-migrateLive. Value: {'host': None, 'block_migration': False, 'disk_over_commit': False}. Additional properties are not allowed ('disk_over_commit' was unexpected)");
  });
  it('2.25 keeps "auto" and has no disk over-commit', () => {
    expect(action(live({ host: null, block_migration: 'auto' }), '2.25')).toMatchObject({ band: '2.25', blockMigration: 'auto', diskOverCommit: null });
  });
  it('"AUTO" is not "auto"', () => {
    expect(message(live({ host: null, block_migration: 'AUTO' }), '2.25')).toMatch(/^Invalid input for field\/attribute block_migration\. Value: AUTO\. 'AUTO' is not one of \[True, .*'no', 'auto'\]$/);
  });
});

describe('the 2.29/2.30 boundary: force and scheduler-verified hosts', () => {
  it('2.29 rejects force', () => {
    expect(message(live({ host: 'compute-02', block_migration: false, force: true }), '2.29')).toMatch(/Additional properties are not allowed \('force' was unexpected\)$/);
  });
  it('2.29 forces a named host', () => {
    expect(action(live({ host: 'compute-02', block_migration: false }), '2.29')).toMatchObject({ hostHandling: 'forced', force: null });
  });
  it('2.30 lets the scheduler verify a named host without force', () => {
    expect(action(live({ host: 'compute-02', block_migration: false }), '2.30')).toMatchObject({ band: '2.30', hostHandling: 'scheduler-verified', force: false });
  });
  it('2.30 forces a named host with force "yes"', () => {
    expect(action(live({ host: 'compute-02', block_migration: false, force: 'yes' }), '2.30')).toMatchObject({ hostHandling: 'forced', force: true });
  });
  it('2.30 rejects force: null', () => {
    expect(message(live({ host: 'compute-02', block_migration: false, force: null }), '2.30')).toBe(
      "Invalid input for field/attribute force. Value: None. None is not of type 'boolean', 'string'");
  });
  it('2.30 carries force without a host to the decision (the 400 comes after 404/403)', () => {
    expect(action(live({ host: null, block_migration: false, force: true }), '2.30')).toMatchObject({ host: null, force: true, hostHandling: 'scheduler' });
  });
  it('no host means the scheduler picks, in every band', () => {
    for (const v of ['2.1', '2.25', '2.30', '2.68']) {
      const body = v === '2.1' ? live({ host: null, block_migration: false, disk_over_commit: false }) : live({ host: null, block_migration: false });
      expect(action(body, v).hostHandling).toBe('scheduler');
    }
  });
});

describe('the 2.33/2.34 boundary: asynchronous pre-checks', () => {
  it('2.33 runs pre-checks synchronously', () => {
    expect(action(live({ host: null, block_migration: false }), '2.33').asyncPreChecks).toBe(false);
  });
  it('2.34 runs them after the 202', () => {
    expect(action(live({ host: null, block_migration: false }), '2.34').asyncPreChecks).toBe(true);
  });
});

describe('the 2.67/2.68 boundary: force removed', () => {
  it('2.67 still accepts force', () => {
    expect(action(live({ host: 'h', block_migration: false, force: false }), '2.67')).toMatchObject({ force: false, hostHandling: 'scheduler-verified' });
  });
  it('2.68 rejects force', () => {
    expect(message(live({ host: 'h', block_migration: false, force: false }), '2.68')).toMatch(/\('force' was unexpected\)$/);
  });
  it('2.68 always lets the scheduler verify a named host', () => {
    expect(action(live({ host: 'h', block_migration: true }), '2.68')).toMatchObject({ band: '2.68', force: null, hostHandling: 'scheduler-verified' });
  });
});

describe('boolean spellings', () => {
  it.each(BOOLEAN_ENUM.map((v) => [JSON.stringify(v), v] as const))('block_migration %s is accepted and converted', (_l, v) => {
    const expected = v === true || ['True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes'].includes(v as string);
    expect(action(live({ host: null, block_migration: v }), '2.30').blockMigration).toBe(expected);
  });
  it.each(['tRue', 'y', 't', '', 'auto '])('block_migration %j is rejected', (v) => {
    expect(message(live({ host: null, block_migration: v }), '2.30')).toContain(`is not one of [True,`);
  });
  it('integers are rejected by type before enum', () => {
    expect(message(live({ host: null, block_migration: 1 }), '2.30')).toBe(
      "Invalid input for field/attribute block_migration. Value: 1. 1 is not of type 'boolean', 'string'");
  });
});

describe('host', () => {
  it('accepts one trailing newline like Python\'s $', () => {
    expect(action(live({ host: 'compute-02\n', block_migration: false }), '2.30').host).toBe('compute-02\n');
  });
  it('rejects two trailing newlines', () => {
    expect(message(live({ host: 'h\n\n', block_migration: false }), '2.30')).toBe(
      "Invalid input for field/attribute host. Value: h\n\n. 'h\\n\\n' does not match '^[a-zA-Z0-9-._]*$'");
  });
  it('rejects the empty string as too short', () => {
    expect(message(live({ host: '', block_migration: false }), '2.30')).toBe("Invalid input for field/attribute host. Value: . '' is too short");
  });
  it('words the empty string as Gazpacho and Hibiscus do (python-jsonschema 4.26): should be non-empty', () => {
    for (const name of ['gazpacho', 'hibiscus']) {
      const r = interpretMigrateLive(live({ host: '', block_migration: 'auto' }), mv('2.30'), { release: getRelease(name) });
      expect(r.ok ? '' : r.fault.message).toBe("Invalid input for field/attribute host. Value: . '' should be non-empty");
    }
    const epoxy = interpretMigrateLive(live({ host: '', block_migration: 'auto' }), mv('2.30'), { release: getRelease('epoxy') });
    expect(epoxy.ok ? '' : epoxy.fault.message).toBe("Invalid input for field/attribute host. Value: . '' is too short");
  });
  it('is required even when null', () => {
    expect(message(live({ block_migration: false }), '2.68')).toBe(
      "Invalid input for field/attribute os-migrateLive. Value: {'block_migration': False}. 'host' is a required property");
  });
});

describe('root-level errors have no field prefix', () => {
  it.each([
    [[], "[] is not of type 'object'"],
    [{}, "'os-migrateLive' is a required property"],
    [{ 'os-migrateLive': null }, "Invalid input for field/attribute os-migrateLive. Value: None. None is not of type 'object'"],
  ])('%j → %s', (body, expected) => {
    expect(message(body, '2.30')).toBe(expected);
  });
  it('lists several unexpected properties sorted, with "were"', () => {
    expect(message(live({ host: null, block_migration: false, zz: 1, force: true, a: 2 }), '2.25')).toMatch(/\('a', 'force', 'zz' were unexpected\)$/);
  });
});

describe('legacy /v2', () => {
  it('strips unknown properties instead of rejecting them', () => {
    expect(action(live({ host: 'compute-02', block_migration: false, disk_over_commit: true, force: true }), '2.1', true)).toMatchObject({
      band: '2.1', host: 'compute-02', hostHandling: 'forced', force: null, diskOverCommit: true, asyncPreChecks: false,
    });
  });
  it('still requires disk_over_commit, printing the unstripped value', () => {
    expect(message(live({ host: 'h', block_migration: 'yes', force: true }), '2.1', true)).toBe(
      "Invalid input for field/attribute os-migrateLive. Value: {'host': 'h', 'block_migration': 'yes', 'force': True}. 'disk_over_commit' is a required property");
  });
  it('ignores the microversion it is given', () => {
    expect(action(live({ host: null, block_migration: false, disk_over_commit: false }), '2.93', true)).toMatchObject({ band: '2.1', asyncPreChecks: false });
  });
});
