import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/reports/index.js';
import { loadMatrixSmall } from './fixture.js';

const XSD = fileURLToPath(new URL('../../fixtures/reports/junit.xsd', import.meta.url));
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasXmllint && process.env.CI === 'true') {
  throw new Error('xmllint is missing (Debian package libxml2-utils): the JUnit schema test must run in CI');
}
if (!hasXmllint) console.warn('skipping JUnit schema validation: xmllint not installed (apt-get install libxml2-utils)');

const result = loadMatrixSmall();
const xml = await renderReport('junit', result);

function writeTemp(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mvm-junit-')), name);
  writeFileSync(file, text);
  return file;
}

describe('junit.xml', () => {
  it.skipIf(!hasXmllint)('validates against the common JUnit schema with xmllint', () => {
    const out = execFileSync('xmllint', ['--noout', '--schema', XSD, writeTemp('junit.xml', xml)], { encoding: 'utf8', stdio: 'pipe' });
    expect(out).toBe('');
  });

  it.skipIf(!hasXmllint)('is rejected by the schema when a counter is not a number (the schema is not vacuous)', () => {
    const broken = xml.replace(/tests="\d+"/, 'tests="many"');
    const run = spawnSync('xmllint', ['--noout', '--schema', XSD, writeTemp('broken.xml', broken)], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('tests');
  });

  it('has one test case per cell, classname = profile, name = scenario @ target', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(result.cells.length);
    expect(xml).toContain('<testcase classname="horizon-60455e5ff" name="disk-over-commit-host @ zed" time="0">');
  });

  it('fails drift, rejected and error cells with the explanation, and nothing else', () => {
    const failing = result.cells.filter((c) => ['drift', 'rejected', 'error'].includes(c.outcome)).length;
    expect(xml.match(/<failure /g)).toHaveLength(failing);
    expect(xml).toMatch(/<testsuites name="mvmatrix" tests="756" failures="59"/);
    expect(xml).toContain('<failure type="drift" message="drift: Since 2.30 the Disk Over Commit box arrives as force=true');
  });

  it('escapes the hostile host name in the XML', () => {
    expect(xml).not.toContain('<img');
    expect(xml).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
