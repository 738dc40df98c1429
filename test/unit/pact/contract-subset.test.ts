import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMatrixDefinition } from '../../../src/matrix/definition.js';
import { expandMatrix, type ProfileRegistry } from '../../../src/matrix/expand.js';
import { contractProviders, selectContractCells } from '../../../src/pact/contract-subset.js';
import { DEBIAN_NOVAS } from '../../../src/providers/real-nova/debian-releases.js';
import { providerName } from '../../../src/pact/names.js';
import { thrownMvmError } from '../../support/thrown-mvm-error.js';

const schema = JSON.parse(readFileSync(new URL('../../../matrix/schema/matrix.schema.json', import.meta.url), 'utf8')) as object;
const registry: ProfileRegistry = { ids: ['horizon-legacy', 'horizon-proposed'], has: (id) => ['horizon-legacy', 'horizon-proposed'].includes(id) };

function matrix(contract: string): string {
  return `version: 1
targets: ["2.24", "2.30", zed]
profiles: all
scenarios:
  - { id: a, intent: { host: auto, blockMigration: false, diskOverCommit: false } }
  - { id: b, intent: { host: named, blockMigration: false, diskOverCommit: true } }
${contract}`;
}

function cellsOf(contract: string): string[] {
  const definition = parseMatrixDefinition(matrix(contract), 'm.yaml', schema);
  return selectContractCells(expandMatrix(definition, registry)).map((c) => c.id);
}

describe('the contract subset', () => {
  it('selects the matrix cells at the contract targets, in expansion order', () => {
    expect(cellsOf('contract: { targets: [zed, "2.24"] }')).toEqual([
      'horizon-legacy|a|mv-2.24',
      'horizon-legacy|a|zed',
      'horizon-legacy|b|mv-2.24',
      'horizon-legacy|b|zed',
      'horizon-proposed|a|mv-2.24',
      'horizon-proposed|a|zed',
      'horizon-proposed|b|mv-2.24',
      'horizon-proposed|b|zed',
    ]);
  });

  it('narrows to the profiles and scenarios the contract names', () => {
    expect(cellsOf('contract: { targets: [zed], profiles: [horizon-proposed], scenarios: [b] }')).toEqual(['horizon-proposed|b|zed']);
  });

  it('rejects a contract target the matrix does not run, naming its path', () => {
    const error = thrownMvmError(() => cellsOf('contract: { targets: [zed, "2.68"] }'));
    expect(error.code).toBe('MVM_ERR_INVALID_MATRIX');
    expect(error.where).toBe('m.yaml: /contract/targets/1');
    expect(error.message).toContain("'mv-2.68' is not a target of the matrix");
  });

  it('rejects a scenario or profile the matrix does not have', () => {
    expect(thrownMvmError(() => cellsOf('contract: { targets: [zed], scenarios: [c] }')).where).toBe('m.yaml: /contract/scenarios/0');
    expect(thrownMvmError(() => cellsOf('contract: { targets: [zed], profiles: [openstacksdk] }')).where).toBe('m.yaml: /contract/profiles/0');
  });

  it('says how to add a contract section when the matrix has none', () => {
    const error = thrownMvmError(() => cellsOf(''));
    expect(error.where).toBe('m.yaml: /contract');
    expect(error.hint).toContain('contract:');
  });

  it('rejects unknown keys in the contract section through the schema', () => {
    const error = thrownMvmError(() => cellsOf('contract: { targets: [zed], cells: all }'));
    expect(error.code).toBe('MVM_ERR_INVALID_MATRIX');
    expect(error.where).toContain('/contract');
  });

  it('names the pact providers of its targets, and none without a contract section', () => {
    const expanded = (contract: string) => expandMatrix(parseMatrixDefinition(matrix(contract), 'm.yaml', schema), registry);
    expect([...contractProviders(expanded('contract: { targets: [zed, "2.24"] }'))].sort()).toEqual(['nova-max-2.24', 'nova-zed']);
    expect(contractProviders(expanded('')).size).toBe(0);
  });

  it('in the default matrix, selects every release Debian ships a real Nova of as its own provider', () => {
    const text = readFileSync(new URL('../../../matrix/default.yaml', import.meta.url), 'utf8');
    const definition = parseMatrixDefinition(text, 'matrix/default.yaml', schema);
    const ids = definition.profiles === 'all' ? ['horizon-legacy'] : definition.profiles;
    const anyProfiles: ProfileRegistry = { ids, has: () => true };
    const providers = contractProviders(expandMatrix(definition, anyProfiles));
    for (const nova of DEBIAN_NOVAS) expect(providers).toContain(providerName(nova.release.name));
  });
});
