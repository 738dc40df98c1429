import { describe, expect, it } from 'vitest';
import type { CellResult, Outcome } from '../../../src/matrix/result.js';
import { describeIncompleteRun, incompleteRun, isInfrastructureFailure } from '../../../src/matrix/run-health.js';

function cell(id: string, outcome: Outcome, response: CellResult['response'], explanation = ''): CellResult {
  return { id, profile: 'p', scenario: 's', target: { id: 'zed', release: 'zed', maxMicroversion: '2.93' }, outcome, explanation, request: null, response, effectiveMicroversion: null };
}

describe('is a run complete?', () => {
  it('calls an error with no answer an infrastructure failure, and a 5xx answer a verdict', () => {
    expect(isInfrastructureFailure(cell('a', 'error', null))).toBe(true);
    expect(isInfrastructureFailure(cell('b', 'error', { status: 503, headers: {}, body: null }))).toBe(false);
    expect(isInfrastructureFailure(cell('c', 'rejected', { status: 400, headers: {}, body: null }))).toBe(false);
  });

  it('is complete when every expected cell ran and none failed for infrastructure reasons', () => {
    expect(incompleteRun([cell('a', 'pass', { status: 202, headers: {}, body: null }), cell('b', 'error', { status: 500, headers: {}, body: null })], 2)).toBeNull();
  });

  it('names the first failure and counts failed and never-run cells', () => {
    const cells = [
      cell('p|s1|zed', 'pass', { status: 202, headers: {}, body: null }),
      cell('p|s2|zed', 'error', null, 'transport failure: POST http://h/x: connection refused (ECONNREFUSED), 3 attempts'),
      cell('p|s3|zed', 'error', null, 'transport failure: later'),
    ];
    const incomplete = incompleteRun(cells, 10)!;
    expect(incomplete).toMatchObject({ failedCells: 2, notRunCells: 7 });
    expect(describeIncompleteRun(incomplete, 10)).toBe(
      'the run is incomplete: 9 of 10 cells have no answer from Nova (2 failed, 7 not run after the first failure); first failure: p|s2|zed: POST http://h/x: connection refused (ECONNREFUSED), 3 attempts',
    );
  });
});
