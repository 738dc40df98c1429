import { describe, expect, it } from 'vitest';
import type { CellResult } from '../../../src/matrix/result.js';
import { buildFindings } from '../../../src/findings/index.js';
import { renderReport } from '../../../src/reports/index.js';
import { HOSTILE_HOST, loadMatrixSmall } from './fixture.js';

const result = loadMatrixSmall();
const markdown = await renderReport('md', result);

/** The Markdown outside code spans and fenced blocks (where HTML would be interpreted by GitHub). */
function outsideCode(text: string): string {
  return text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^`]*?\1/g, '');
}

describe('matrix.md', () => {
  it('leads with the findings, the first being 60455e5ff’s Disk Over Commit → force with its cell count', () => {
    const first = buildFindings(result)[0]!;
    const findings = markdown.indexOf('## Findings');
    expect(findings).toBeGreaterThan(0);
    expect(markdown.slice(0, findings)).not.toContain('\n|');
    const heading = markdown.slice(markdown.indexOf('### F1'));
    expect(heading.startsWith('### F1 ⚠ horizon-60455e5ff: Disk Over Commit → `force: true`')).toBe(true);
    expect(heading).toContain(`- **Cells:** ${first.cellCount} (drift ${first.outcomes.drift}, rejected ${first.outcomes.rejected})`);
    expect(heading).toContain('- **Cause:** 2.30 added force; force=true needs a host.');
    expect(heading).toContain("400 `Can't force to a non-provided destination`");
  });

  it('lists the legend with every outcome glyph', () => {
    const legend = markdown.slice(markdown.indexOf('## Legend'), markdown.indexOf('## Per profile'));
    for (const glyph of ['✔', '◐', '⊘', '◇', '⚠', '✘', '⚡']) expect(legend).toContain(`| ${glyph} |`);
  });

  it('heads band-collapsed columns with the same words the HTML uses', () => {
    expect(markdown).toContain('| Scenario | Liberty–Mitaka<br><sub>2015.2–2016.1</sub> | Newton–Hibiscus<br><sub>2016.2–2026.2</sub> |');
    expect(markdown).toContain('| Scenario | 2.1–2.29<br><sub>as Liberty–Newton</sub> | 2.30–2.104<br><sub>as Newton–Hibiscus</sub> |');
  });

  it('keeps every table row on one line with as many cells as the header', () => {
    const tables = markdown.split('\n\n').filter((block) => block.startsWith('|'));
    expect(tables.length).toBeGreaterThanOrEqual(10);
    for (const table of tables) {
      const lines = table.split('\n');
      const width = (line: string) => line.replace(/\\\|/g, '').replace(/`[^`]*`/g, 'code').split('|').length;
      for (const line of lines) expect(width(line)).toBe(width(lines[0]!));
    }
  });

  it('points every non-pass band cell at its finding and leaves requests and answers to the HTML and JSON', () => {
    const legacy = markdown.slice(markdown.indexOf('### Horizon with 60455e5ff'));
    expect(legacy).toMatch(/\| Named host \+ Disk Over Commit \| ✔ \| ⚠ F1 \|/);
    expect(markdown).not.toMatch(/^```/m);
    expect(markdown).toContain('[matrix.html](matrix.html)');
  });

  it('shows a hostile host name as text, never as an HTML tag, in tables and in findings', async () => {
    // Make the hostile cell a finding: Nova's 400 echoing the name becomes part of a sentence.
    const cells = result.cells.map((c): CellResult => (c.id === 'horizon-legacy|hostile-host-name|zed' ? { ...c, outcome: 'rejected' } : c));
    const md = await renderReport('md', { ...result, cells });
    expect(outsideCode(md)).not.toContain('<img');
    expect(md).toContain('Host name &lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain(`\`Invalid input for field/attribute host. Value: ${HOSTILE_HOST}.`);
  });

  it('stays small: the 756-cell fixture renders well under 100 KB', () => {
    expect(Buffer.byteLength(markdown)).toBeLessThan(100_000);
  });
});
