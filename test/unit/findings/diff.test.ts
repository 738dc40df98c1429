import { describe, expect, it } from 'vitest';
import { diffAgainstGate, diffResults } from '../../../src/findings/index.js';
import { baselineFromResult, compareWithBaseline } from '../../../src/matrix/gate.js';
import type { CellResult } from '../../../src/matrix/result.js';
import { loadMatrixSmall } from '../reports/fixture.js';
import { cell, result, scenario } from './builder.js';

describe('diff between two profiles of one result', () => {
  const small = loadMatrixSmall();
  const diff = diffResults({ result: small, profile: 'horizon-legacy', label: 'horizon-legacy' }, { result: small, profile: 'horizon-60455e5ff', label: 'horizon-60455e5ff' });

  it('lists the Disk Over Commit → force finding first, as changed meaning', () => {
    const first = diff.findings[0]!;
    expect(first.kind).toBe('changed-meaning');
    expect(first.title).toBe('horizon-60455e5ff: Disk Over Commit → `force: true`');
    const drift = small.cells.filter((c) => c.profile === 'horizon-60455e5ff' && c.outcome === 'drift').length;
    const rejected = small.cells.filter((c) => c.profile === 'horizon-60455e5ff' && c.scenario === 'disk-over-commit-auto' && c.outcome === 'rejected').length;
    expect(first.changes).toEqual({ 'changed-meaning': drift, worse: rejected, better: 0 });
    expect(first.before).toBe(`pass ${drift + rejected}`);
  });

  it('pairs cells by scenario and target and counts every pair once', () => {
    const perProfile = small.cells.filter((c) => c.profile === 'horizon-legacy').length;
    expect(diff.compared).toBe(perProfile);
    expect(diff.compared).toBe(diff.unchanged + diff.counts['changed-meaning'] + diff.counts.worse + diff.counts.better);
    expect(diff.findings.map((f) => f.kind)).toEqual([...diff.findings.map((f) => f.kind)].sort((a, b) => ['changed-meaning', 'worse', 'better'].indexOf(a) - ['changed-meaning', 'worse', 'better'].indexOf(b)));
  });

  it('finds nothing between a profile and itself', () => {
    const same = diffResults({ result: small, profile: 'horizon-legacy', label: 'a' }, { result: small, profile: 'horizon-legacy', label: 'b' });
    expect(same.findings).toEqual([]);
    expect(same.unchanged).toBe(same.compared);
  });
});

describe('diff between two results', () => {
  const scenarios = [scenario('named', { host: 'named' }), scenario('auto', { host: 'auto' })];
  const profiles = [{ id: 'p', title: 'P' }];
  const before = result(profiles, scenarios, [
    cell({ profile: 'p', scenario: 'named', target: 'zed', outcome: 'drift', microversion: '2.1', body: { host: 'compute-02' }, destination: 'compute-02' }),
    cell({ profile: 'p', scenario: 'auto', target: 'zed', outcome: 'rejected', status: 400, fault: 'one answer' }),
    cell({ profile: 'p', scenario: 'auto', target: 'newton', outcome: 'pass' }),
  ]);

  it('calls the same outcome for another cause a change of meaning, and a fixed cell better', () => {
    const after = result(profiles, scenarios, [
      cell({ profile: 'p', scenario: 'named', target: 'zed', outcome: 'pass', microversion: '2.30', body: { host: 'compute-02' }, destination: 'compute-02' }),
      cell({ profile: 'p', scenario: 'auto', target: 'zed', outcome: 'rejected', status: 400, fault: 'another answer' }),
      cell({ profile: 'p', scenario: 'auto', target: 'newton', outcome: 'error', status: 500, fault: 'boom' }),
    ]);
    const diff = diffResults({ result: before, label: 'before.json' }, { result: after, label: 'after.json' });
    expect(diff.counts).toEqual({ 'changed-meaning': 1, worse: 1, better: 1 });
    expect(diff.findings.map((f) => [f.kind, f.cellIds])).toEqual([
      ['changed-meaning', ['p|auto|zed']],
      ['worse', ['p|auto|newton']],
      ['better', ['p|named|zed']],
    ]);
    expect(diff.findings[0]!.before).toBe('rejected 1 (Nova answers 400 `one answer`)');
    expect(diff.findings[2]!.after).toBe('pass 1');
  });

  it('counts cells only on one side as added or removed', () => {
    const after = result(profiles, scenarios, [...before.cells.slice(1), cell({ profile: 'p', scenario: 'auto', target: 'hibiscus', outcome: 'pass' })]);
    const diff = diffResults({ result: before, label: 'a' }, { result: after, label: 'b' });
    expect([diff.added, diff.removed, diff.compared]).toEqual([1, 1, 2]);
  });
});

describe('diff against the baseline (the gate)', () => {
  it('reports drift appearing as changed meaning, from outcomes alone, grouped with the same cause', () => {
    const small = loadMatrixSmall();
    const drift = small.cells.find((c) => c.outcome === 'drift')!;
    const rejected = small.cells.find((c) => c.outcome === 'rejected')!;
    const baseline = baselineFromResult({ ...small, cells: small.cells.map((c): CellResult => (c.id === drift.id || c.id === rejected.id ? { ...c, outcome: 'pass' } : c)) });
    const gate = compareWithBaseline(small, baseline, { entries: [] }, '2026-11-24');
    const diff = diffAgainstGate(small, gate);
    expect(diff.counts).toEqual({ 'changed-meaning': 1, worse: 1, better: 0 });
    // Both cells are 60455e5ff's Disk Over Commit → force: one finding, changed meaning.
    expect(diff.findings).toHaveLength(1);
    expect(diff.findings[0]!).toMatchObject({ kind: 'changed-meaning', changes: { 'changed-meaning': 1, worse: 1, better: 0 }, before: 'pass 2' });
    expect([...diff.findings[0]!.cellIds].sort()).toEqual([drift.id, rejected.id].sort());
  });
});
