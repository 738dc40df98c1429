import { describe, expect, it } from 'vitest';
import { describeSource, missingContractPacts, recordingExplanation, sourceCoverage } from '../../../src/pact/source-report.js';
import type { InteractionVerdict } from '../../../src/pact/verification-results.js';
import { verificationJunit } from '../../../src/pact/verification-junit.js';

function verdict(source: string, description: string, rest: Partial<InteractionVerdict> = {}): InteractionVerdict {
  return { source, consumer: 'horizon@27.0.0', provider: 'nova-zed', description, pending: false, verdict: 'verified', ...rest };
}

const zedReplay = { id: 'replay:nova-26.2.2-zed.json', label: 'the replay of nova-26.2.2-zed.json', serves: 'nova-zed', recording: 'live-migration' };
const victoriaReplay = { id: 'replay:nova-22.0.1-victoria-matrix.json', label: 'the replay of nova-22.0.1-victoria-matrix.json', serves: 'nova-victoria', recording: 'matrix:matrix/default.yaml@sha256:0' };
const emulator = { id: 'emulator', label: 'the embedded emulator' };

const results: InteractionVerdict[] = [
  verdict(zedReplay.id, 'a'),
  verdict(zedReplay.id, 'b', { verdict: 'unverifiable', cause: 'replay-miss', reason: 'not in the recording' }),
  verdict(zedReplay.id, 'c', { verdict: 'unverifiable', cause: 'replay-miss', reason: 'not in the recording' }),
  verdict(zedReplay.id, 'd', { verdict: 'unverifiable', cause: 'no-recorded-server', template: 'locked', reason: 'no server' }),
  verdict(zedReplay.id, 'e', { verdict: 'unverifiable', cause: 'no-recorded-server', template: 'active-local-disk', reason: 'no server' }),
  verdict(zedReplay.id, 'f', { verdict: 'known-difference', reason: 'no-conductor-below-2.34: Below 2.34 the harness has no conductor.' }),
  verdict(zedReplay.id, 'g', { verdict: 'failed', pending: true, mismatch: 'expected 202 but was 400' }),
  verdict('emulator', 'a'),
];

describe('what verify says about a source', () => {
  it('reports a source that serves a provider without pacts as "no pacts for this provider", not as an empty success', () => {
    const lines = describeSource(victoriaReplay, results, '0 verifier runs, 0.0 s');
    expect(lines).toEqual(['the replay of nova-22.0.1-victoria-matrix.json (nova-victoria): no pacts for this provider: no pact names nova-victoria; nothing verified']);
    expect(lines.join('\n')).not.toMatch(/0 verified/);
  });

  it('gives the counts, then each known difference and each cause of the unverifiable ones with its count, and why the recording lacks them', () => {
    const lines = describeSource(zedReplay, results, '1 verifier run, 2.0 s');
    expect(lines[0]).toBe('the replay of nova-26.2.2-zed.json (nova-zed): 7 interactions (1 verifier run, 2.0 s): 1 verified, 1 failed (1 pending), 1 known difference, 4 unverifiable');
    expect(lines).toContain('  1 known difference no-conductor-below-2.34: Below 2.34 the harness has no conductor.');
    expect(lines).toContain('  2 unverifiable: the cassette has no answer for the request (a replay miss)');
    expect(lines).toContain("  2 unverifiable: the recording has no server of the provider state's template (templates active-local-disk, locked)");
    expect(lines.at(-1)).toMatch(/^ {2}why: it was recorded from the request set 'live-migration', not from the matrix/);
  });

  it('explains a matrix recording differently from a request-set recording, and nothing for a source that is not a recording', () => {
    expect(recordingExplanation('matrix:matrix/default.yaml@sha256:ab')).toMatch(/recorded from the matrix/);
    expect(recordingExplanation('live-migration')).toMatch(/-matrix\.json cassette answers the contract's cells/);
    expect(recordingExplanation(undefined)).toBeUndefined();
  });
});

describe('source coverage', () => {
  const named = new Set(['nova-zed', 'nova-victoria']);

  it('marks a single-provider source without verdicts as no-pacts, and fails it only when the contract names that provider', () => {
    const victoria = sourceCoverage(victoriaReplay, results, named);
    expect(victoria).toEqual({ source: victoriaReplay.id, serves: 'nova-victoria', interactions: 0, status: 'no-pacts', namedByContract: true });
    const epoxy = sourceCoverage({ ...victoriaReplay, id: 'replay:e', serves: 'nova-epoxy' }, results, named);
    expect(epoxy.status).toBe('no-pacts');
    expect(missingContractPacts([victoria, epoxy]).map((c) => c.source)).toEqual([victoriaReplay.id]);
  });

  it('counts what a source was asked, and never calls the every-target emulator no-pacts', () => {
    expect(sourceCoverage(zedReplay, results, named)).toMatchObject({ interactions: 7, status: 'checked', namedByContract: true });
    expect(sourceCoverage(zedReplay, results, named).explanation).toEqual(describeSource(zedReplay, results, '').slice(1).map((l) => l.trim()));
    expect(sourceCoverage(zedReplay, results, named).explanation?.at(-1)).toMatch(/^why: it was recorded from the request set 'live-migration'/);
    expect(sourceCoverage(emulator, [], named)).toEqual({ source: 'emulator', interactions: 0, status: 'checked' });
    expect(sourceCoverage(victoriaReplay, results, undefined)).not.toHaveProperty('namedByContract');
  });

  it('writes a skipped JUnit case saying there were no pacts instead of an empty report', () => {
    const xml = verificationJunit(victoriaReplay.label, [], 'no pacts for this provider');
    expect(xml).toContain('tests="1" failures="0" skipped="1"');
    expect(xml).toContain('<skipped message="no pacts for this provider"/>');
  });
});
