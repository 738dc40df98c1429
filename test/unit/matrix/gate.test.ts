import { describe, expect, it } from 'vitest';
import { baselineFromResult, compareWithBaseline, formatGateReport, type Baseline } from '../../../src/matrix/gate.js';
import { parseAllowlist, parseBaseline } from '../../../src/matrix/gate-files.js';
import type { CellResult, MatrixResult, Outcome } from '../../../src/matrix/result.js';

function cell(id: string, outcome: Outcome): CellResult {
  const [profile, scenario, target] = id.split('|') as [string, string, string];
  return {
    id, profile, scenario, outcome, explanation: `${outcome} because`,
    target: { id: target, release: target, maxMicroversion: '2.93' },
    request: null, response: null, effectiveMicroversion: null,
  };
}

function result(cells: Record<string, Outcome>): MatrixResult {
  return {
    schemaVersion: 1,
    metadata: { mvmatrixVersion: '0', matrixFile: 'm.yaml', matrixHash: 'x', provider: 'emulator', targets: [], startedAt: '', finishedAt: '', durationMs: 0 },
    profiles: [], scenarios: [],
    cells: Object.entries(cells).map(([id, o]) => cell(id, o)),
  };
}

const baseline: Baseline = { schemaVersion: 1, cells: { 'p|a|zed': 'pass', 'p|b|zed': 'drift', 'p|c|zed': 'expected-error', 'p|gone|zed': 'pass' } };

describe('compareWithBaseline', () => {
  it('passes when nothing got worse, and reports improvements, new and missing cells', () => {
    const gate = compareWithBaseline(result({ 'p|a|zed': 'pass', 'p|b|zed': 'degraded', 'p|c|zed': 'client-refused', 'p|new|zed': 'drift' }), baseline, { entries: [] }, '2026-11-24');
    expect(gate.passed).toBe(true);
    expect(gate.improvements).toEqual([{ id: 'p|b|zed', before: 'drift', after: 'degraded', explanation: 'degraded because' }]);
    // client-refused and expected-error share a rank: not a change.
    expect(gate.unchanged).toBe(2);
    expect(gate.added).toEqual([{ id: 'p|new|zed', outcome: 'drift' }]);
    expect(gate.removed).toEqual([{ id: 'p|gone|zed', outcome: 'pass' }]);
    expect(gate.failures).toEqual([]);
  });

  it('fails on a cell that got worse and prints a readable diff line with the new explanation', () => {
    const gate = compareWithBaseline(result({ 'p|a|zed': 'rejected', 'p|b|zed': 'drift' }), baseline, { entries: [] }, '2026-11-24');
    expect(gate.passed).toBe(false);
    expect(gate.regressions.map((r) => [r.id, r.before, r.after])).toEqual([['p|a|zed', 'pass', 'rejected']]);
    const text = formatGateReport(gate);
    expect(text).toContain('REGRESSIONS (1):');
    expect(text).toContain('- p|a|zed: pass → rejected');
    expect(text).toContain('rejected because');
    expect(text).toContain('gate FAILED: 1 regression(s)');
  });

  it('does not fail on an allow-listed regression within the accepted outcome, but reports it', () => {
    const allow = { entries: [{ cell: 'p|*|zed', outcome: 'rejected' as const, reason: 'known Horizon bug 1788367', expires: '2026-12-31' }] };
    const gate = compareWithBaseline(result({ 'p|a|zed': 'rejected' }), baseline, allow, '2026-11-24');
    expect(gate.passed).toBe(true);
    expect(gate.allowlisted).toEqual([expect.objectContaining({ id: 'p|a|zed', reason: 'known Horizon bug 1788367', expires: '2026-12-31' })]);
    expect(formatGateReport(gate)).toContain('allowed until 2026-12-31');
  });

  it('still fails when the regression is worse than the allow-list entry accepts', () => {
    const allow = { entries: [{ cell: 'p|a|zed', outcome: 'degraded' as const, reason: 'r', expires: '2026-12-31' }] };
    expect(compareWithBaseline(result({ 'p|a|zed': 'error' }), baseline, allow, '2026-11-24').passed).toBe(false);
  });

  it('fails on an expired allow-list entry with a message saying so, even when it matches nothing', () => {
    const allow = { entries: [{ cell: 'p|zzz|*', reason: 'old workaround', expires: '2026-11-23' }] };
    const gate = compareWithBaseline(result({ 'p|a|zed': 'pass' }), baseline, allow, '2026-11-24');
    expect(gate.passed).toBe(false);
    expect(gate.failures).toEqual(["allow-list entry 'p|zzz|*' expired on 2026-11-23 (old workaround): renew it with a new date or remove it"]);
    // The expiry day itself is still valid.
    expect(compareWithBaseline(result({ 'p|a|zed': 'pass' }), baseline, allow, '2026-11-23').passed).toBe(true);
  });

  it('builds the compact baseline from a run', () => {
    expect(baselineFromResult(result({ 'p|a|zed': 'pass', 'p|b|zed': 'drift' }))).toEqual({
      schemaVersion: 1,
      matrix: { file: 'm.yaml', hash: 'x', cells: 2 },
      cells: { 'p|a|zed': 'pass', 'p|b|zed': 'drift' },
    });
  });
});

describe('gate file decoding', () => {
  it('rejects a baseline with an unknown outcome, naming the cell', () => {
    expect(() => parseBaseline('{"schemaVersion":1,"cells":{"p|a|zed":"fine"}}', 'b.json')).toThrow(
      expect.objectContaining({ code: 'MVM_ERR_INVALID_BASELINE', where: 'b.json: /cells/p|a|zed' }),
    );
    expect(() => parseBaseline('{', 'b.json')).toThrow(expect.objectContaining({ code: 'MVM_ERR_INVALID_BASELINE' }));
  });

  it('reads allow-list dates written with or without quotes and rejects entries without a reason', () => {
    const list = parseAllowlist('entries:\n  - cell: "a|b|c"\n    reason: r\n    expires: 2027-01-31\n  - cell: x\n    reason: s\n    expires: "2027-02-01"\n', 'a.yaml');
    expect(list.entries.map((e) => e.expires)).toEqual(['2027-01-31', '2027-02-01']);
    expect(parseAllowlist('', 'a.yaml')).toEqual({ entries: [] });
    expect(() => parseAllowlist('entries:\n  - cell: x\n    expires: 2027-01-01\n', 'a.yaml')).toThrow(expect.objectContaining({ where: 'a.yaml: /entries/0/reason' }));
  });
});
