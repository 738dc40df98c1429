import { describe, expect, it } from 'vitest';
import { pendingReason } from '../../../src/pact/pending.js';

const baseline = { schemaVersion: 1 as const, cells: { 'h|a|zed': 'rejected' as const, 'h|b|zed': 'pass' as const, 'h|c|zed': 'drift' as const } };
const allowlist = { entries: [{ cell: 'h|b|*', reason: 'Horizon bug 1788367', expires: '2027-03-31' }] };

describe('pending interactions', () => {
  it('are the cells the allow-list accepts, whatever their outcome', () => {
    expect(pendingReason('h|b|zed', 'pass', { baseline, allowlist })).toBe('allow-listed (h|b|*, until 2027-03-31): Horizon bug 1788367');
  });

  it('are the cells of the profile an allow-list alias stands for (horizon-60455e5ff is horizon@27.0.0)', () => {
    const aliased = { entries: [{ cell: 'horizon-60455e5ff|auto-*-doc|*', reason: 'Horizon bug 1788367', expires: '2027-03-31' }] };
    expect(pendingReason('horizon@27.0.0|auto-noblock-doc|zed', 'pass', { baseline: null, allowlist: aliased })).toContain('allow-listed (horizon-60455e5ff|auto-*-doc|*');
    expect(pendingReason('horizon@23.0.0|auto-noblock-doc|zed', 'pass', { baseline: null, allowlist: aliased })).toBeNull();
  });

  it('are the cells the baseline records as not satisfied (rejected, error), not drift', () => {
    expect(pendingReason('h|a|zed', 'pass', { baseline, allowlist: { entries: [] } })).toContain('the baseline records rejected');
    expect(pendingReason('h|c|zed', 'rejected', { baseline, allowlist: { entries: [] } })).toBeNull();
  });

  it("fall back to this run's outcome for a cell the baseline does not know", () => {
    expect(pendingReason('h|new|zed', 'error', { baseline, allowlist: { entries: [] } })).toContain('new cell, error');
    expect(pendingReason('h|new|zed', 'pass', { baseline: null, allowlist: { entries: [] } })).toBeNull();
  });
});
