/**
 * A run keeps every finished cell until its outputs are written; SharedEvidence makes cells that
 * carry equal evidence hold one copy of it, without changing a byte of what any cell says.
 */
import { describe, expect, it } from 'vitest';
import type { CellResult } from '../../../src/matrix/result.js';
import { SharedEvidence } from '../../../src/matrix/shared-evidence.js';

function cell(n: number, over: Partial<CellResult> = {}): CellResult {
  return {
    id: `p|s|t${n}`,
    profile: ['p'].join(''),
    scenario: 's',
    target: { id: `t${n % 2}`, release: 'zed', maxMicroversion: '2.93' },
    outcome: 'rejected',
    explanation: ['Nova rejected', 'it at 2.25'].join(' '),
    request: { method: 'POST', path: '/v2.1/servers/x/action', headers: { accept: 'application/json', 'x-auth-token': '<redacted>' }, body: { 'os-migrateLive': { host: null } } },
    response: { status: 400, headers: { 'content-type': 'application/json', 'x-openstack-request-id': '<request-id>' }, body: { badRequest: { code: 400, message: `Invalid input ${n % 2}` } } },
    effectiveMicroversion: '2.25',
    destination: null,
    world: { server: 'active', caller: 'admin' },
    durationMs: n,
    ...over,
  };
}

describe('shared evidence of kept cells', () => {
  it('keeps every cell byte for byte (same keys, same order, same values)', () => {
    const shared = new SharedEvidence();
    const cells = [cell(0), cell(1), cell(2), cell(3, { request: null, refusal: 'refused before sending', response: null }), cell(4, { migration: { status: 'error' } as CellResult['migration'] })];
    for (const c of cells) expect(JSON.stringify(shared.cell(c))).toBe(JSON.stringify(c));
  });

  it('gives cells with equal header sets, bodies, targets and worlds one object each', () => {
    const shared = new SharedEvidence();
    const [a, b, c] = [shared.cell(cell(0)), shared.cell(cell(1)), shared.cell(cell(2))];
    expect(b.request!.headers).toBe(a.request!.headers);
    expect(b.request!.body).toBe(a.request!.body);
    expect(b.response!.headers).toBe(a.response!.headers);
    expect(b.world).toBe(a.world);
    // Different values stay apart: the fault bodies and targets of cells 0 and 1 differ.
    expect(b.response!.body).not.toBe(a.response!.body);
    expect(b.target).not.toBe(a.target);
    expect(c.response!.body).toBe(a.response!.body);
    expect(c.target).toBe(a.target);
  });

  it('does not merge objects whose keys come in another order (their JSON differs)', () => {
    const shared = new SharedEvidence();
    const a = shared.cell(cell(0));
    const swapped = cell(2, { response: { status: 400, headers: { 'x-openstack-request-id': '<request-id>', 'content-type': 'application/json' }, body: null } });
    const b = shared.cell(swapped);
    expect(b.response!.headers).not.toBe(a.response!.headers);
    expect(JSON.stringify(b)).toBe(JSON.stringify(swapped));
  });
});
