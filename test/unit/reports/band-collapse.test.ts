import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collapseBands, formatRange } from '../../../src/reports/band-collapse.js';

describe('collapseBands', () => {
  it('merges neighbouring columns with the same signature and keeps separated ones apart', () => {
    const bands = collapseBands(['a1', 'a2', 'b1', 'a3'], (c) => c[0]!);
    expect(bands).toEqual([['a1', 'a2'], ['b1'], ['a3']]);
  });

  it('returns no band for no column', () => {
    expect(collapseBands([], String)).toEqual([]);
  });

  it('keeps every column, in order, and never puts equal signatures in neighbouring bands', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 60 }), (signatures) => {
        const columns = signatures.map((s, i) => ({ i, s }));
        const bands = collapseBands(columns, (c) => String(c.s));
        expect(bands.flat()).toEqual(columns);
        for (const band of bands) expect(new Set(band.map((c) => c.s)).size).toBe(1);
        for (let i = 1; i < bands.length; i++) expect(bands[i]![0]!.s).not.toBe(bands[i - 1]![0]!.s);
      }),
    );
  });
});

describe('formatRange', () => {
  it('shows a single value once and a range with an en dash', () => {
    expect(formatRange('2.30', '2.30')).toBe('2.30');
    expect(formatRange('2.30', '2.67')).toBe('2.30–2.67');
  });
});
