import { describe, expect, it } from 'vitest';
import { canIDeploy } from '../../../src/pact/can-i-deploy.js';
import type { CellResult, MatrixResult } from '../../../src/matrix/result.js';
import { contractAnnotations, contractNotesFor, withContracts } from '../../../src/pact/contract-annotations.js';
import type { InteractionVerdict } from '../../../src/pact/verification-results.js';
import { blockingFailures, buildSummary, countVerdicts, parseSummary, serializeSummary } from '../../../src/pact/verification-summary.js';

function v(source: string, description: string, verdict: InteractionVerdict['verdict'], extra: Partial<InteractionVerdict> = {}): InteractionVerdict {
  return { source, consumer: 'horizon@27.0.0', provider: 'nova-zed', description, pending: false, verdict, ...extra };
}

const sources = [
  { id: 'emulator', kind: 'emulator', label: 'the embedded emulator' },
  { id: 'real-nova', kind: 'real-nova', label: 'the real Nova 26.2.2 (Zed)' },
];

describe('can-i-deploy', () => {
  it('says yes when every interaction was verified somewhere and failed nowhere, noting drift', () => {
    const summary = buildSummary(sources, [
      v('emulator', 'h|a|zed', 'verified'),
      v('real-nova', 'h|a|zed', 'known-difference', { reason: 'no-conductor-below-2.34: ...' }),
      v('emulator', 'h|b|zed', 'verified', { matrixVerdict: 'drift' }),
    ], []);
    const answer = canIDeploy(summary, 'horizon@27.0.0', 'nova-zed');
    expect(answer.deployable).toBe(true);
    expect(answer.verified).toBe(2);
    expect(answer.drift).toEqual(['h|b|zed']);
  });

  it('says no with the blocking interactions: failures (pending ones too) and interactions nothing verified', () => {
    const summary = buildSummary(sources, [
      v('emulator', 'h|a|zed', 'verified'),
      v('emulator', 'h|b|zed', 'failed', { pending: true, mismatch: 'expected 202 but was 400' }),
      v('real-nova', 'h|c|zed', 'unverifiable', { reason: 'replay miss' }),
    ], []);
    const answer = canIDeploy(summary, 'horizon@27.0.0', 'nova-zed');
    expect(answer.deployable).toBe(false);
    expect(answer.blocking).toEqual([
      { description: 'h|b|zed', pending: true, why: 'failed against emulator: expected 202 but was 400' },
      { description: 'h|c|zed', pending: false, why: 'not verified: real-nova: unverifiable (replay miss)' },
    ]);
    expect(blockingFailures(summary.results)).toEqual([]);
    expect(countVerdicts(summary.results)).toEqual({ verified: 1, failed: 1, pendingFailed: 1, 'known-difference': 0, unverifiable: 1 });
  });

  it('says no when there are no results for the pair', () => {
    expect(canIDeploy(buildSummary(sources, [], []), 'horizon@27.0.0', 'nova-zed').deployable).toBe(false);
  });
});

describe('per-cell contract annotations', () => {
  it("say 'contract verified against <source>' per source, or Pact's mismatch text", () => {
    const summary = buildSummary(sources, [
      v('real-nova', 'h|a|zed', 'failed', { mismatch: 'expected 202 but was 400' }),
      v('emulator', 'h|a|zed', 'verified'),
    ], []);
    expect(contractAnnotations(summary).get('h|a|zed')).toEqual([
      { source: 'emulator', verdict: 'verified', pending: false, text: 'contract verified against the embedded emulator' },
      { source: 'real-nova', verdict: 'failed', pending: false, text: 'contract failed against the real Nova 26.2.2 (Zed): expected 202 but was 400', mismatch: 'expected 202 but was 400' },
    ]);
  });
});

describe('the verification summary file', () => {
  it('round-trips and rejects files that are not summaries', () => {
    const summary = buildSummary(sources, [v('emulator', 'h|a|zed', 'verified')], []);
    expect(parseSummary(serializeSummary(summary), 's.json')).toEqual(summary);
    expect(() => parseSummary('{"format":"other"}', 's.json')).toThrow(/not a Pact verification summary/);
  });
});

describe('contracts in matrix.json and the HTML', () => {
  const summary = buildSummary(sources, [
    v('emulator', 'h|a|mv-2.30', 'verified'),
    v('emulator', 'h|a|mv-2.33', 'failed', { pending: true, mismatch: 'expected 202 but was 400' }),
    v('real-nova', 'h|a|mv-2.30', 'known-difference', { reason: 'no-conductor-below-2.34: …' }),
    v('emulator', 'h|b|zed', 'verified'),
    v('real-nova', 'h|b|zed', 'verified'),
  ], []);
  const cell = (id: string): CellResult => ({
    id, profile: 'h', scenario: id.split('|')[1]!, target: { id: id.split('|')[2]!, release: 'zed', maxMicroversion: '2.93' },
    outcome: 'pass', explanation: 'ok', request: null, response: null, effectiveMicroversion: null,
  });
  const result: MatrixResult = {
    schemaVersion: 1,
    metadata: { mvmatrixVersion: '0', matrixFile: 'm.yaml', matrixHash: 'x', provider: 'emulator', targets: [], startedAt: '', finishedAt: '', durationMs: 0 },
    profiles: [], scenarios: [],
    cells: ['h|a|mv-2.30', 'h|a|mv-2.33', 'h|b|zed', 'h|c|zed'].map(cell),
  };
  const annotated = withContracts(result, summary);

  it('put each contract cell\'s verdicts per source in the cell, and leave other cells alone', () => {
    expect(annotated.cells[2]!.contracts).toEqual([
      { source: 'emulator', verdict: 'verified', pending: false, text: 'contract verified against the embedded emulator' },
      { source: 'real-nova', verdict: 'verified', pending: false, text: 'contract verified against the real Nova 26.2.2 (Zed)' },
    ]);
    expect(annotated.cells[3]!.contracts).toBeUndefined();
    expect(contractNotesFor(result)).toBeUndefined();
  });

  it('give a band one note per source: a failure wins, verified otherwise, nothing for sources that could not tell', () => {
    const notesFor = contractNotesFor(annotated)!;
    expect(notesFor(['h|a|mv-2.30', 'h|a|mv-2.33'])).toEqual([
      { source: 'emulator', verdict: 'failed', pending: true, text: 'pending contract failed against the embedded emulator: expected 202 but was 400' },
    ]);
    expect(notesFor(['h|b|zed']).map((n) => n.verdict)).toEqual(['verified', 'verified']);
    expect(notesFor(['h|c|zed'])).toEqual([]);
  });
});
