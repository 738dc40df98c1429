import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMatrixDefinition } from '../../../src/matrix/definition.js';
import { expandMatrix, type ProfileRegistry } from '../../../src/matrix/expand.js';

const schema = JSON.parse(readFileSync(new URL('../../../matrix/schema/matrix.schema.json', import.meta.url), 'utf8')) as object;
const registry: ProfileRegistry = { ids: ['p1', 'p2'], has: (id) => id === 'p1' || id === 'p2' || id.startsWith('novaclient@') };

function define(targets: string, profiles = 'all'): ReturnType<typeof parseMatrixDefinition> {
  return parseMatrixDefinition(
    `version: 1\ntargets:\n${targets}\nprofiles: ${profiles}\nscenarios:\n  - id: a\n    intent: { host: auto, blockMigration: false, diskOverCommit: false }\n  - id: b\n    intent: { host: named, blockMigration: true, diskOverCommit: true }\n`,
    'm.yaml',
    schema,
  );
}

describe('matrix expansion', () => {
  it('expands a microversion range into one target per microversion, each behaving as the first release reaching it', () => {
    const { targets } = expandMatrix(define('  - microversions: { from: "2.28", to: "2.31" }'), registry);
    expect(targets.map((t) => t.id)).toEqual(['mv-2.28', 'mv-2.29', 'mv-2.30', 'mv-2.31']);
    expect(targets.map((t) => t.release.name)).toEqual(['newton', 'newton', 'newton', 'newton']);
  });

  it('expands releases: all to the 23 releases from Liberty to 2026.2 and de-duplicates repeated targets', () => {
    const { targets } = expandMatrix(define('  - releases: all\n  - zed\n  - "2.47"'), registry);
    expect(targets).toHaveLength(24);
    expect(targets[0]!.id).toBe('liberty');
    expect(targets[23]!.id).toBe('mv-2.47');
  });

  it('orders cells profile × scenario × target with stable ids and indices', () => {
    const { cells } = expandMatrix(define('  - zed\n  - liberty'), registry);
    expect(cells.map((c) => c.id)).toEqual([
      'p1|a|zed', 'p1|a|liberty', 'p1|b|zed', 'p1|b|liberty',
      'p2|a|zed', 'p2|a|liberty', 'p2|b|zed', 'p2|b|liberty',
    ]);
    expect(cells.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('accepts parameterised profile ids the registry knows and rejects unknown ones with their path', () => {
    expect(expandMatrix(define('  - zed', '[novaclient@2.53]'), registry).profiles).toEqual(['novaclient@2.53']);
    expect(() => expandMatrix(define('  - zed', '[p1, nope]'), registry)).toThrow(
      expect.objectContaining({ code: 'MVM_ERR_INVALID_MATRIX', where: 'm.yaml: /profiles/1', message: "unknown client profile 'nope'" }),
    );
  });

  it('rejects an unknown release and a range running backwards, naming the target entry', () => {
    expect(() => expandMatrix(define('  - zedd'), registry)).toThrow(expect.objectContaining({ code: 'MVM_ERR_INVALID_MATRIX', where: 'm.yaml: /targets/0' }));
    expect(() => expandMatrix(define('  - microversions: { from: "2.30", to: "2.2" }'), registry)).toThrow(
      expect.objectContaining({ where: 'm.yaml: /targets/0/microversions', message: "'from' (2.30) is above 'to' (2.2)" }),
    );
  });
});
