import { describe, expect, it } from 'vitest';
import { MIN_BASELINE_OVERLAP, baselineFit, baselineFromResult, compareWithBaseline, formatGateReport, type Baseline } from '../../../src/matrix/gate.js';
import { assertBaselineDescribes } from '../../../src/matrix/gate-io.js';
import { isCalendarDate } from '../../../src/matrix/gate-files.js';
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

  it('matches an allow-list entry written with a profile alias against the cells of the profile it stands for, and the reverse', () => {
    const before: Baseline = { schemaVersion: 1, cells: { 'horizon@27.0.0|auto-noblock-doc|zed': 'pass', 'horizon-legacy|a|zed': 'pass' } };
    const run = result({ 'horizon@27.0.0|auto-noblock-doc|zed': 'rejected', 'horizon-legacy|a|zed': 'drift' });
    const allow = {
      entries: [
        // The ids the docs and older allow-lists use; the default matrix's cells carry horizon@27.0.0.
        { cell: 'horizon-60455e5ff|auto-*-doc|*', outcome: 'rejected' as const, reason: 'Horizon bug 1788367', expires: '2027-03-31' },
        // A matrix that still lists the alias, allow-listed by the versioned id.
        { cell: 'horizon@23.0.0|*|zed', outcome: 'drift' as const, reason: 'forced named host', expires: '2027-03-31' },
      ],
    };
    const gate = compareWithBaseline(run, before, allow, '2026-11-24');
    expect(gate.regressions).toEqual([]);
    expect(gate.allowlisted.map((c) => [c.id, c.reason])).toEqual([
      ['horizon@27.0.0|auto-noblock-doc|zed', 'Horizon bug 1788367'],
      ['horizon-legacy|a|zed', 'forced named host'],
    ]);
    expect(gate.passed).toBe(true);
    // Another profile is not matched by an alias.
    const other = compareWithBaseline(result({ 'horizon@27.0.0|auto-noblock-doc|zed': 'rejected' }), before, { entries: [{ cell: 'horizon-legacy|*|*', reason: 'r', expires: '2027-03-31' }] }, '2026-11-24');
    expect(other.passed).toBe(false);
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

describe('a baseline for another matrix', () => {
  const ids = (prefix: string, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p|${prefix}${i}|zed`, 'pass' as const]));

  it('measures the cells a baseline shares with the run', () => {
    const run = result({ ...ids('a', 6), ...ids('n', 2) });
    expect(baselineFit(run, { schemaVersion: 1, cells: { ...ids('a', 6), ...ids('gone', 2) } })).toMatchObject({ shared: 6, baselineCells: 8, runCells: 8, overlap: 0.6, comparable: true });
    expect(baselineFit(run, { schemaVersion: 1, cells: ids('other', 23749) })).toMatchObject({ shared: 0, overlap: 0, comparable: false });
    // The same matrix (by hash) is always comparable, however many cells were skipped.
    expect(baselineFit(run, { schemaVersion: 1, matrix: { file: 'm.yaml', hash: 'x', cells: 100 }, cells: ids('other', 100) }).comparable).toBe(true);
    expect(MIN_BASELINE_OVERLAP).toBe(0.5);
  });

  it('refuses to gate against it, naming both matrices (exit 2)', () => {
    const baseline: Baseline = { schemaVersion: 1, matrix: { file: 'other.yaml', hash: 'f'.repeat(64), cells: 23749 }, cells: ids('other', 20) };
    expect(() => assertBaselineDescribes(result(ids('a', 5)), baseline, 'matrix/baseline.json')).toThrow(
      expect.objectContaining({
        code: 'MVM_ERR_BASELINE_MISMATCH',
        where: 'matrix/baseline.json',
        message: expect.stringMatching(/^the baseline does not describe this matrix: 0 of its 20 cells are among the run's 5 \(overlap 0 %, at least 50 % needed\); baseline written for other\.yaml \(sha256 ffffffffffff, 23749 cells\), run from m\.yaml/),
      }),
    );
  });

  it('fails the gate for a new cell whose outcome is error, unless the allow-list names it', () => {
    const gate = compareWithBaseline(result({ 'p|a|zed': 'pass', 'p|new|zed': 'error' }), baseline, { entries: [] }, '2026-11-24');
    expect(gate.passed).toBe(false);
    expect(gate.failures).toEqual(['p|new|zed: new cell with outcome error: error because']);
    const allowed = compareWithBaseline(result({ 'p|a|zed': 'pass', 'p|new|zed': 'error' }), baseline, { entries: [{ cell: 'p|new|*', reason: 'known', expires: '2027-01-01' }] }, '2026-11-24');
    expect(allowed.passed).toBe(true);
  });
});

describe('allow-list dates', () => {
  it('knows the calendar', () => {
    expect(['2027-02-28', '2028-02-29', '2027-12-31'].map(isCalendarDate)).toEqual([true, true, true]);
    expect(['2027-02-31', '2027-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-1'].map(isCalendarDate)).toEqual([false, false, false, false, false, false]);
  });

  it('refuses 2027-02-31 with the file, the entry and the line', () => {
    expect(() => parseAllowlist('version: 1\nentries:\n  - cell: "a|b|c"\n    reason: r\n    expires: 2027-02-31\n', 'allow.yaml')).toThrow(
      expect.objectContaining({ code: 'MVM_ERR_INVALID_BASELINE', where: 'allow.yaml: /entries/0/expires (line 5, column 14)', message: '2027-02-31 is not a day of the calendar' }),
    );
  });

  it('refuses a baseline that is not JSON with the line and column', () => {
    expect(() => parseBaseline('{\n  "schemaVersion": 1,\n  "cells": {,}\n}\n', 'b.json')).toThrow(expect.objectContaining({ where: 'b.json: / (line 3, column 13)' }));
  });
});
