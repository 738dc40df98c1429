import { readFileSync } from 'node:fs';
import { thrownMvmError } from '../../support/thrown-mvm-error.js';
import { describe, expect, it } from 'vitest';
import type { MvmError } from '../../../src/errors.js';
import { parseMatrixDefinition } from '../../../src/matrix/definition.js';

const schema = JSON.parse(readFileSync(new URL('../../../matrix/schema/matrix.schema.json', import.meta.url), 'utf8')) as object;

const VALID = `version: 1
title: small
targets:
  - zed
  - microversions: { from: "2.24", to: "2.26" }
profiles: [horizon-legacy]
scenarios:
  - id: auto
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
  - id: shutoff
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
    world: { server: shutoff }
    expect: { error: { status: 409, message: vm_state stopped } }
`;

function failure(text: string): MvmError {
  return thrownMvmError(() => parseMatrixDefinition(text, 'matrix/bad.yaml', schema));
}

describe('matrix definition parsing', () => {
  it('fills world defaults (active server, healthy destination, admin caller) and normalises expected errors', () => {
    const def = parseMatrixDefinition(VALID, 'matrix/small.yaml', schema);
    expect(def.title).toBe('small');
    expect(def.scenarios[0]!.world).toEqual({ server: 'active', destination: 'healthy', caller: 'admin' });
    expect(def.scenarios[1]!.expect.error).toEqual({ status: [409], message: 'vm_state stopped', async: false });
    expect(def.targets[1]).toEqual({ kind: 'microversions', from: '2.24', to: '2.26', path: '/targets/1' });
  });

  it("reads options left at the client's default: 'default' for block migration, disk over-commit and force (force also by omission)", () => {
    const def = parseMatrixDefinition(
      VALID.replace('intent: { host: auto, blockMigration: false, diskOverCommit: false }\n  - id: shutoff', 'intent: { host: auto, blockMigration: default, diskOverCommit: default, force: default }\n  - id: shutoff'),
      'matrix/small.yaml',
      schema,
    );
    expect(def.scenarios[0]!.intent).toEqual({ host: 'auto', blockMigration: 'default', diskOverCommit: 'default' });
    expect(failure(VALID.replace('diskOverCommit: false }\n  - id: shutoff', 'diskOverCommit: auto }\n  - id: shutoff')).where).toMatch(/\/scenarios\/0\/intent\/diskOverCommit/);
  });

  it('names the file, the path and the allowed values when an enum value is wrong, with its line', () => {
    const error = failure(VALID.replace('world: { server: shutoff }', 'world: { server: shutof }'));
    expect(error.code).toBe('MVM_ERR_INVALID_MATRIX');
    expect(error.where).toBe('matrix/bad.yaml: /scenarios/1/world/server (line 12, column 22)');
    expect(error.message).toContain('expected one of "active", "paused", "shutoff"');
    expect(error.message).toContain('(got "shutof")');
  });

  it('rejects an unknown key and says which one', () => {
    const error = failure(VALID.replace('    intent: { host: auto, blockMigration: false, diskOverCommit: false }\n  - id: shutoff', '    intnet: {}\n    intent: { host: auto, blockMigration: false, diskOverCommit: false }\n  - id: shutoff'));
    expect(error.where).toMatch(/^matrix\/bad\.yaml: \/scenarios\/0 /);
    expect(error.message).toBe("unknown key 'intnet'");
  });

  it('reports a missing required key', () => {
    const error = failure(VALID.replace('profiles: [horizon-legacy]\n', ''));
    expect(error.where).toMatch(/^matrix\/bad\.yaml: \//);
    expect(error.message).toBe("missing required key 'profiles'");
  });

  it('reports YAML syntax errors with a line number', () => {
    const error = failure('version: 1\ntargets: [zed\n');
    expect(error.code).toBe('MVM_ERR_INVALID_MATRIX');
    expect(error.message).toMatch(/^not valid YAML/);
    expect(error.where).toMatch(/line \d+/);
  });

  it('rejects a duplicate scenario id, pointing at the second one', () => {
    const error = failure(VALID.replace('id: shutoff', 'id: auto'));
    expect(error.where).toMatch(/\/scenarios\/1\/id/);
    expect(error.message).toContain("duplicate scenario id 'auto'");
  });

  it('rejects a malformed microversion in a range', () => {
    const error = failure(VALID.replace('from: "2.24"', 'from: "2.024"'));
    expect(error.where).toMatch(/\/targets\/1\/microversions\/from/);
    expect(error.message).toContain('expected a value matching');
  });
});
