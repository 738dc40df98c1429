import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baselineFromResult, compareWithBaseline } from '../../../src/matrix/gate.js';
import type { CellResult } from '../../../src/matrix/result.js';
import { renderReport } from '../../../src/reports/index.js';
import { loadMatrixSmall } from './fixture.js';

const XSD = fileURLToPath(new URL('../../fixtures/reports/junit.xsd', import.meta.url));
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasXmllint && process.env.CI === 'true') {
  throw new Error('xmllint is missing (Debian package libxml2-utils): the JUnit schema test must run in CI');
}
if (!hasXmllint) console.warn('skipping JUnit schema validation: xmllint not installed (apt-get install libxml2-utils)');

const result = loadMatrixSmall();
const TODAY = '2026-11-24';
const DRIFT = 'horizon-60455e5ff|disk-over-commit-host|zed';
const REGRESSED = 'horizon-legacy|named-host|zed';
const notWorking = result.cells.filter((c) => !['pass', 'expected-error'].includes(c.outcome));

/** The fixture with one cell made worse than its baseline. */
const regressed = { ...result, cells: result.cells.map((c): CellResult => (c.id === REGRESSED ? { ...c, outcome: 'rejected', explanation: 'refused with 400' } : c)) };
const baseline = baselineFromResult(result);

const noBaseline = await renderReport('junit', result);
const unchanged = await renderReport('junit', result, { gate: compareWithBaseline(result, baseline, { entries: [] }, TODAY) });
const withRegression = await renderReport('junit', regressed, { gate: compareWithBaseline(regressed, baseline, { entries: [] }, TODAY) });
const allowlisted = await renderReport('junit', regressed, {
  gate: compareWithBaseline(regressed, baseline, { entries: [{ cell: 'horizon-legacy|named-host|*', reason: 'known, bug 1', expires: '2027-01-31' }, { cell: 'old|*', reason: 'gone', expires: '2026-01-01' }] }, TODAY),
});

function validate(xml: string): { status: number | null; stderr: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'mvm-junit-')), 'junit.xml');
  writeFileSync(file, xml);
  return spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
}

const failures = (xml: string) => xml.match(/<failure /g)?.length ?? 0;
const skipped = (xml: string) => xml.match(/<skipped /g)?.length ?? 0;

describe('junit.xml', () => {
  it.skipIf(!hasXmllint)('validates against the common JUnit schema with xmllint, with and without a baseline', () => {
    for (const xml of [noBaseline, unchanged, withRegression, allowlisted]) {
      const file = join(mkdtempSync(join(tmpdir(), 'mvm-junit-')), 'junit.xml');
      writeFileSync(file, xml);
      expect(execFileSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8', stdio: 'pipe' })).toBe('');
    }
  });

  it.skipIf(!hasXmllint)('is rejected by the schema when a counter is not a number (the schema is not vacuous)', () => {
    const run = validate(noBaseline.replace(/tests="\d+"/, 'tests="many"'));
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('tests');
  });

  it("has one test case per cell, with the cell's own duration as its time and its outcome as status", () => {
    expect(noBaseline.match(/<testcase /g)).toHaveLength(result.cells.length);
    const drift = result.cells.find((c) => c.id === DRIFT)!;
    expect(noBaseline).toContain(`<testcase classname="horizon-60455e5ff" name="disk-over-commit-host @ zed" time="${(drift.durationMs! / 1000).toFixed(3)}" status="drift">`);
    expect(noBaseline).not.toMatch(/<testcase [^>]*time="0"/);
  });

  it('without a baseline fails nothing: what does not work as meant is skipped as not judged', () => {
    expect(failures(noBaseline)).toBe(0);
    expect(skipped(noBaseline)).toBe(notWorking.length);
    expect(noBaseline).toMatch(/<testsuites name="mvmatrix" tests="756" failures="0" errors="0" skipped="\d+"/);
    expect(noBaseline).toContain('<skipped message="not judged (no baseline given): drift: Since 2.30 the Disk Over Commit box arrives as force=true');
  });

  it('against an unchanged baseline fails nothing and skips known behaviour with its reason', () => {
    expect(failures(unchanged)).toBe(0);
    expect(skipped(unchanged)).toBe(notWorking.length);
    expect(unchanged).toContain('<skipped message="accepted in the baseline as drift: drift: Since 2.30');
  });

  it('fails exactly the cell that got worse than the baseline, saying from what to what', () => {
    expect(failures(withRegression)).toBe(1);
    expect(withRegression).toMatch(/<testcase classname="horizon-legacy" name="named-host @ zed" [^>]*status="rejected">\s*<failure type="rejected" message="worse than the baseline \(pass → rejected\): refused with 400">/);
  });

  it('skips an allow-listed regression with its reason and expiry, and fails an expired allow-list entry', () => {
    expect(allowlisted).toContain('<skipped message="allow-listed until 2027-01-31 (pass → rejected): known, bug 1"/>');
    expect(allowlisted).toMatch(/<testcase classname="mvmatrix allow-list" name="old\|\*" time="0.000" status="expired">\s*<failure type="expired" message="allow-list entry expired on 2026-01-01: gone">/);
    expect(failures(allowlisted)).toBe(1);
  });

  it('escapes the hostile host name in the XML', () => {
    expect(noBaseline).not.toContain('<img');
    expect(noBaseline).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('renderAllReports', () => {
  it('returns every file it wrote, junit.xml (written piece by piece) included, in format order', async () => {
    const { renderAllReports } = await import('../../../src/reports/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'mvm-all-reports-'));
    const paths = await renderAllReports(result, { outDir: dir });
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual(['matrix.md', 'matrix.html', 'junit.xml', 'summary.md']);
  });
});
