import { describe, expect, it } from 'vitest';
import type { CellResult } from '../../../src/matrix/result.js';
import { decodeMatrixResult, renderReport } from '../../../src/reports/index.js';
import { textShape } from '../../../src/reports/evidence-groups.js';
import { loadMatrixSmall } from './fixture.js';

const BREAKOUT = '</script><script>alert(1)</script><!-- \u2028';

describe('matrix.html', () => {
  it('keeps hostile text inside the embedded JSON: no early </script>, no comment opener', async () => {
    const result = loadMatrixSmall();
    const cells = result.cells.map((c, i): CellResult => (i === 0 ? { ...c, explanation: BREAKOUT } : c));
    const html = await renderReport('html', { ...result, cells });
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('<!--');
    const json = /<script type="application\/json" id="mvm-data">([^<]*)<\/script>/.exec(html)![1]!;
    const data = JSON.parse(json) as { evidence: { x: string }[] };
    expect(data.evidence.some((g) => g.x.startsWith(BREAKOUT))).toBe(true);
  });

  it('is self-contained: no external script, stylesheet, font or image', async () => {
    const html = await renderReport('html', loadMatrixSmall());
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(/);
  });
});

describe('contract notes (the pact annotation)', () => {
  it('shows a verified, a failed and a pending contract on the band cells they belong to, with their text', async () => {
    const notes = (ids: readonly string[]) =>
      ids.some((id) => id.startsWith('horizon-proposed|auto-schedule|'))
        ? [
            { source: 'nova-zed', verdict: 'verified', text: 'contract verified against nova-zed' },
            { source: 'nova-epoxy', verdict: 'failed', text: 'contract failed against nova-epoxy' },
            { source: 'nova-hibiscus', verdict: 'verified', pending: true, text: 'pending against nova-hibiscus' },
          ]
        : [];
    const html = await renderReport('html', loadMatrixSmall(), { contractsFor: notes });
    expect(html).toContain('<span class="contract" title="contract verified against nova-zed">✓</span><span class="contract" title="contract failed against nova-epoxy">✗</span><span class="contract" title="pending against nova-hibiscus">?</span>');
    expect(await renderReport('html', loadMatrixSmall())).not.toContain('class="contract"');
  });
});

describe('evidence grouping', () => {
  it("treats explanations that differ only by the target's own microversion or release as one", () => {
    const cell: CellResult = { ...loadMatrixSmall().cells[0]!, target: { id: 'mv-2.47', release: 'pike', maxMicroversion: '2.47' }, effectiveMicroversion: '2.47' };
    expect(textShape('microversions 2.1 to 2.47 on Pike; 2.470 and 2.4 stay', cell)).toBe('microversions 2.1 to {mv} on {release}; 2.470 and 2.4 stay');
  });
});

describe('reading matrix.json', () => {
  it('rejects an unknown outcome, naming the cell', () => {
    const result = loadMatrixSmall();
    const bad = { ...result, cells: [{ ...result.cells[0]!, outcome: 'fine' }] };
    expect(() => decodeMatrixResult(bad, 'reports/matrix.json')).toThrow(/unknown outcome "fine"/);
    try {
      decodeMatrixResult(bad, 'reports/matrix.json');
    } catch (error) {
      expect((error as { where: string }).where).toBe('reports/matrix.json: cells[0].outcome');
    }
  });
});
