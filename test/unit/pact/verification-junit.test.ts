import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verificationJunit } from '../../../src/pact/verification-junit.js';
import type { InteractionVerdict } from '../../../src/pact/verification-results.js';

const XSD = fileURLToPath(new URL('../../fixtures/reports/junit.xsd', import.meta.url));
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasXmllint && process.env.CI === 'true') throw new Error('xmllint is missing (Debian package libxml2-utils): the JUnit schema test must run in CI');

const results: InteractionVerdict[] = [
  { source: 'emulator', consumer: 'horizon@27.0.0', provider: 'nova-zed', description: 'h|a|zed', pending: false, verdict: 'verified' },
  { source: 'emulator', consumer: 'horizon@27.0.0', provider: 'nova-zed', description: 'h|b|zed', pending: false, verdict: 'failed', mismatch: 'expected 202 but was 400' },
  { source: 'emulator', consumer: 'horizon@27.0.0', provider: 'nova-zed', description: 'h|c|zed', pending: true, verdict: 'failed', mismatch: "$.badRequest.message: Expected 'x' to match '<y>'" },
  { source: 'emulator', consumer: 'horizon@27.0.0', provider: 'nova-max-2.30', description: 'h|c|mv-2.30', pending: false, verdict: 'unverifiable', reason: 'replay miss' },
];
const xml = verificationJunit('the embedded emulator', results);

describe('the verification JUnit report', () => {
  it('has a suite per pact and a case per interaction; only non-pending failures fail, with Pact\'s text', () => {
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('<failure message="expected 202 but was 400" type="PactMismatch">');
    expect(xml).toContain('<skipped message="pending, failed: $.badRequest.message: Expected &#39;x&#39; to match &#39;&lt;y&gt;&#39;"/>');
    expect(xml).toContain('tests="4" failures="1" skipped="2"');
  });

  it.skipIf(!hasXmllint)('validates against the common JUnit schema', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mvm-pact-junit-')), 'junit.xml');
    writeFileSync(file, xml);
    expect(execFileSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8', stdio: 'pipe' })).toBe('');
  });
});
