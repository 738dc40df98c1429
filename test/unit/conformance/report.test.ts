import { describe, expect, it } from 'vitest';
import { renderConformanceReport, type MatrixSummary, type ReleaseSummary } from '../../../src/conformance/report.js';

const tally = (cases: number, agree: number, allowed: number, unlisted: number) => ({ cases, agree, allowed, unlisted });

function summary(release: string, max: string, unlisted: string[] = []): ReleaseSummary {
  return {
    release,
    maxMicroversion: max,
    realDescription: `real Nova of ${release}`,
    emulatorDescription: `mvmatrix emulator, target ${release}`,
    total: tally(100, 90, 10, unlisted.length),
    bands: { '2.1–2.24': tally(50, 40, 10, 0) },
    statuses: { '400': tally(100, 90, 10, 0) },
    groups: { schema: tally(100, 90, 10, 0) },
    allowListed: [{ id: 'no-conductor-below-2.34', cases: 10, reason: 'no conductor | here' }],
    unlisted,
  };
}

describe('the per-release conformance report', () => {
  const matrix: MatrixSummary = { release: 'hibiscus', cassette: 'nova-34.0.0-hibiscus-matrix.json', cells: tally(187, 106, 81, 0), allowListed: { 'no-conductor-below-2.34-matrix': 81 } };
  const text = renderConformanceReport([summary('zed', '2.93'), summary('hibiscus', '2.104', ['- `c1` differs'])], [matrix]);

  it('has one overview row and one section per release, in the order given', () => {
    expect(text.indexOf('## Zed (max 2.93)')).toBeGreaterThan(0);
    expect(text.indexOf('## Hibiscus (max 2.104)')).toBeGreaterThan(text.indexOf('## Zed (max 2.93)'));
    expect(text).toContain('| Zed | 2.93 | API only | real Nova of zed | 100 | 90 | 10 | 0 | 100.0% | – |');
    expect(text).toContain('| Hibiscus | 2.104 | API only | real Nova of hibiscus | 100 | 90 | 10 | 1 | 100.0% | 106 / 81 / 0 |');
  });

  it("shows the matrix cells of a release next to its corpus figures, and lists every unlisted difference", () => {
    const hibiscus = text.slice(text.indexOf('## Hibiscus'));
    expect(hibiscus).toContain('**187** cells — agree exactly: **106**, allow-listed: **81** (`no-conductor-below-2.34-matrix` 81), unlisted: **0**');
    expect(hibiscus).toContain('#### Unlisted differences (1; must be empty)\n\n- `c1` differs');
    expect(text.slice(text.indexOf('## Zed'), text.indexOf('## Hibiscus'))).toContain('None.');
  });

  it('escapes table cells', () => {
    expect(text).toContain('no conductor \\| here');
  });
});
