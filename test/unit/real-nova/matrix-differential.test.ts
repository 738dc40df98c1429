import { describe, expect, it } from 'vitest';
import { parseAllowList } from '../../../src/conformance/allowlist.js';
import { compareMatrixRuns, gateAllowlistEntries, REAL_NOVA_GATE_EXPIRY, unexplainedCells } from '../../../src/conformance/matrix-differential.js';
import type { CellResult, MatrixResult, Outcome } from '../../../src/matrix/result.js';

const allowList = parseAllowList(
  `version: 1
entries:
  - id: no-conductor
    releases: [zed]
    reason: below 2.34 the API calls the absent conductor
    group: matrix
    realStatus: 500
    realMessage: MessagingTimeout
    summary: " at 2\\\\.(1|2[0-9]|3[0-3])$"
`,
  'allow.yaml',
);

function cell(id: string, status: number | null, message: string | null, outcome: Outcome, at = '2.30'): CellResult {
  const server = '11111111-2222-4333-8444-555555555555';
  return {
    id,
    profile: id.split('|')[0]!,
    scenario: id.split('|')[1]!,
    target: { id: 'zed', release: 'zed', maxMicroversion: '2.93' },
    outcome,
    explanation: '',
    request: status === null ? null : { method: 'POST', path: `/v2.1/servers/${server}/action`, headers: {}, body: {} },
    response:
      status === null
        ? null
        : {
            status,
            headers: { 'openstack-api-version': `compute ${at}`, 'x-openstack-nova-api-version': at, vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version', 'content-type': 'application/json' },
            body: message === null ? null : { badRequest: { code: status, message: message.replace('<server>', server) } },
          },
    effectiveMicroversion: status === null ? null : at,
  };
}

const run = (cells: CellResult[]): MatrixResult => ({ cells } as unknown as MatrixResult);

describe('comparing the matrix cells of a real Nova with the emulator', () => {
  const real = run([
    cell('p|a|zed', 400, 'Compute host compute-99 could not be found.', 'expected-error'),
    cell('p|b|zed', 500, "Unexpected API Error. <class 'oslo_messaging.exceptions.MessagingTimeout'>", 'error'),
    cell('p|c|zed', 500, "Unexpected API Error. <class 'oslo_messaging.exceptions.MessagingTimeout'>", 'error', '2.68'),
    cell('p|d|zed', null, null, 'client-refused'),
  ]);
  const emulator = run([
    cell('p|a|zed', 400, 'Compute host compute-99 could not be found.', 'expected-error'),
    cell('p|b|zed', 202, null, 'pass'),
    cell('p|c|zed', 202, null, 'pass', '2.68'),
    cell('p|d|zed', null, null, 'client-refused'),
  ]);

  it('agrees where the answers agree, and explains a difference only where an entry of that release matches', () => {
    const comparison = compareMatrixRuns(real, emulator, allowList, 'zed');
    expect(comparison.cells.map((c) => [c.id, c.differences.length > 0, c.allowedBy ?? null])).toEqual([
      ['p|a|zed', false, null],
      ['p|b|zed', true, 'no-conductor'],
      ['p|c|zed', true, null], // at 2.68 a 500 is not the absent conductor's doing
      ['p|d|zed', false, null],
    ]);
    expect(unexplainedCells(comparison).map((c) => c.id)).toEqual(['p|c|zed']);
    expect(unexplainedCells(compareMatrixRuns(real, emulator, allowList, 'epoxy')).map((c) => c.id)).toEqual(['p|b|zed', 'p|c|zed']);
  });

  it('turns exactly the explained cells that got worse than the baseline into gate entries with the release and reason', () => {
    const comparison = compareMatrixRuns(real, emulator, allowList, 'zed');
    const entries = gateAllowlistEntries(comparison, allowList, { 'p|a|zed': 'expected-error', 'p|b|zed': 'pass', 'p|c|zed': 'pass', 'p|d|zed': 'client-refused' });
    expect(entries).toEqual([
      { cell: 'p|b|zed', outcome: 'error', reason: 'real Nova zed: no-conductor (contracts/conformance-allowlist.yaml): below 2.34 the API calls the absent conductor', expires: REAL_NOVA_GATE_EXPIRY },
    ]);
  });
});
