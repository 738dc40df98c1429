import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildFindings } from '../../../src/findings/index.js';
import { loadMatrixSmall } from '../reports/fixture.js';
import { cell, result, scenario } from './builder.js';

describe('findings of the report fixture', () => {
  const small = loadMatrixSmall();
  const findings = buildFindings(small);

  it('ranks the 60455e5ff "Disk Over Commit → force" finding first, with every cell behind it', () => {
    const first = findings[0]!;
    const behind = small.cells.filter((c) => c.profile === 'horizon-60455e5ff' && c.scenario.startsWith('disk-over-commit') && (c.outcome === 'drift' || c.outcome === 'rejected'));
    expect(first.ref).toBe('F1');
    expect(first.class).toBe('changed-meaning');
    expect(first.title).toBe('horizon-60455e5ff: Disk Over Commit → `force: true`');
    expect(first.cellCount).toBe(behind.length);
    expect([...first.cellIds].sort()).toEqual(behind.map((c) => c.id).sort());
    expect(first.outcomes).toEqual({ drift: behind.filter((c) => c.outcome === 'drift').length, rejected: behind.filter((c) => c.outcome === 'rejected').length });
    const n = behind.length / 2;
    expect(n).toBe(29); // 21 releases Newton–Hibiscus, 7 maxima ≥ 2.30, zed@2.60
    expect(first.sentence).toBe(
      `horizon-60455e5ff: on Nova ≥ Newton (max ≥ 2.30), Disk Over Commit arrives at Nova as \`force: true\` — named host: host forced, scheduler bypassed (${n} cells); automatic host: 400 \`Can't force to a non-provided destination\` (${n} cells).`,
    );
    expect(first.cause.change).toBe('2.30 added force; force=true needs a host');
    expect(first.code.map((c) => c.version)).toContain('60455e5ff');
  });

  it('counts the expected refusals of negative scenarios as working: no finding for them', () => {
    const ids = new Set(findings.flatMap((f) => f.cellIds));
    expect(small.cells.filter((c) => c.outcome === 'expected-error').some((c) => ids.has(c.id))).toBe(false);
  });

  it('puts every cell that does not work as meant in exactly one finding', () => {
    const ids = findings.flatMap((f) => f.cellIds);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(small.cells.filter((c) => !['pass', 'expected-error'].includes(c.outcome)).length);
  });
});

describe('findings read off the request and the intent, not off a client name', () => {
  const profiles = [{ id: 'othercli@1.0', title: 'Another CLI' }];
  const scenarios = [scenario('named-block', { host: 'named', blockMigration: true }), scenario('auto-block', { host: 'auto', blockMigration: true })];

  it('finds Block Migration shifted into force in a client nobody has heard of', () => {
    const cells = ['newton', 'zed'].flatMap((target) => [
      cell({ profile: 'othercli@1.0', scenario: 'named-block', target, outcome: 'drift', microversion: '2.30', body: { host: 'compute-02', force: true }, destination: 'compute-02' }),
      cell({ profile: 'othercli@1.0', scenario: 'auto-block', target, outcome: 'rejected', microversion: '2.30', body: { host: null, force: true }, fault: "Can't force to a non-provided destination" }),
    ]);
    const [finding] = buildFindings(result(profiles, scenarios, cells));
    expect(finding!.title).toBe('othercli@1.0: Block Migration → `force: true`');
    expect(finding!.sentence).toBe(
      "othercli@1.0: on Nova Newton–Zed, Block Migration arrives at Nova as `force: true` — named host: host forced, scheduler bypassed (2 cells); automatic host: 400 `Can't force to a non-provided destination` (2 cells).",
    );
    expect(finding!.cause.microversion).toBe('2.30');
  });

  it('finds a named host forced because the request asks for a microversion below 2.30', () => {
    const cells = [cell({ profile: 'othercli@1.0', scenario: 'named-block', target: 'zed', outcome: 'drift', microversion: '2.25', body: { host: 'compute-02', block_migration: true }, destination: 'compute-02' })];
    const [finding] = buildFindings(result(profiles, scenarios, cells));
    expect(finding!.cause.what).toBe('the request asks for 2.25, below 2.30, so Nova forces the named host past the scheduler');
    expect(finding!.cause.change).toContain('2.30 made a named host scheduler-verified');
  });
});

describe('ranking', () => {
  const scenarios = [scenario('a', { host: 'named' }), scenario('b', { host: 'auto' }), scenario('c', { host: 'auto', diskOverCommit: true })];

  it('puts a silent change of meaning before a wider loud failure', () => {
    const cells = [
      cell({ profile: 'p', scenario: 'a', target: 'zed', outcome: 'drift', microversion: '2.1', body: { host: 'compute-02' }, destination: 'compute-02' }),
      ...['liberty', 'newton', 'zed', 'hibiscus'].map((target) => cell({ profile: 'p', scenario: 'b', target, outcome: 'rejected', status: 409, fault: 'Cannot migrate' })),
    ];
    const findings = buildFindings(result([{ id: 'p', title: 'P' }], scenarios, cells));
    expect(findings.map((f) => [f.class, f.cellCount])).toEqual([
      ['changed-meaning', 1],
      ['fails', 4],
    ]);
  });

  it('then by breadth: more cells first', () => {
    const cells = [
      ...['zed', 'hibiscus'].map((target) => cell({ profile: 'p', scenario: 'b', target, outcome: 'rejected', status: 409, fault: 'first' })),
      ...['liberty', 'newton', 'zed'].map((target) => cell({ profile: 'p', scenario: 'c', target, outcome: 'rejected', status: 400, fault: 'second' })),
    ];
    expect(buildFindings(result([{ id: 'p', title: 'P' }], scenarios, cells)).map((f) => f.cellCount)).toEqual([3, 2]);
  });

  it('puts a finding on the newest release of a client before a wider one on older releases only', () => {
    const profiles = [
      { id: 'c@1.0', title: 'C 1.0', client: 'c', clientVersion: '1.0' },
      { id: 'c@2.0', title: 'C 2.0', client: 'c', clientVersion: '2.0' },
    ];
    const cells = [
      ...['newton', 'zed', 'hibiscus'].map((target) => cell({ profile: 'c@1.0', scenario: 'a', target, outcome: 'drift', microversion: '2.1', body: { host: 'compute-02' }, destination: 'compute-02' })),
      cell({ profile: 'c@2.0', scenario: 'c', target: 'zed', outcome: 'drift', microversion: '2.30', body: { host: null, force: true }, destination: null }),
    ];
    expect(buildFindings(result(profiles, scenarios, cells)).map((f) => [f.profiles, f.cellCount])).toEqual([
      [['c@2.0'], 1],
      [['c@1.0'], 3],
    ]);
  });

  it('keeps profiles of different families apart even when their cells are identical', () => {
    const cells = ['p@1', 'q@1'].map((profile) => cell({ profile, scenario: 'b', target: 'zed', outcome: 'rejected', status: 409, fault: 'same' }));
    expect(buildFindings(result([{ id: 'p@1', title: 'P' }, { id: 'q@1', title: 'Q' }], scenarios, cells)).map((f) => f.profiles)).toEqual([['p@1'], ['q@1']]);
  });
});

describe('a result without scenario intents (written before they were recorded)', () => {
  it('still groups its cells into findings by Nova answer', () => {
    const small = loadMatrixSmall();
    const bare = { ...small, scenarios: small.scenarios.map(({ id, title }) => ({ id, title })) };
    const findings = buildFindings(bare);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.flatMap((f) => f.cellIds).length).toBe(small.cells.filter((c) => !['pass', 'expected-error'].includes(c.outcome)).length);
  });
});

describe('the findings module', () => {
  it('is pure: no node:* module, no undici, no file or clock access', () => {
    const dir = fileURLToPath(new URL('../../../src/findings/', import.meta.url));
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/from ['"](node:|undici|fs|path)/);
      expect(text, file).not.toMatch(/Date\.now|new Date\(|performance\.now|process\./);
    }
  });
});
