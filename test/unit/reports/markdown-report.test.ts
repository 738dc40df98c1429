import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/reports/index.js';
import { HOSTILE_HOST, loadMatrixSmall } from './fixture.js';

const markdown = await renderReport('md', loadMatrixSmall());

/** The Markdown outside fenced code blocks (where HTML would be interpreted by GitHub). */
function outsideFences(text: string): string {
  return text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
}

describe('matrix.md', () => {
  it('starts with a legend listing every outcome glyph', () => {
    const legend = markdown.slice(markdown.indexOf('## Legend'), markdown.indexOf('## Horizon'));
    for (const glyph of ['✔', '◐', '⊘', '◇', '⚠', '✘', '⚡']) expect(legend).toContain(`| ${glyph} |`);
  });

  it('heads band-collapsed columns with their release and microversion ranges', () => {
    expect(markdown).toContain('| Scenario | Liberty–Mitaka<br><sub>2015.2–2016.1 · max 2.12–2.25</sub> | Newton–Hibiscus<br><sub>2016.2–2026.2 · max 2.38–2.104</sub> |');
    expect(markdown).toContain('| Scenario | 2.1–2.29<br><sub>as Liberty–Newton</sub> | 2.30–2.104<br><sub>as Newton–Hibiscus</sub> |');
  });

  it('keeps every table row on one line with as many cells as the header', () => {
    const tables = markdown.split('\n\n').filter((block) => block.startsWith('| Scenario |') || block.startsWith('| Profile |'));
    expect(tables.length).toBe(10);
    for (const table of tables) {
      const lines = table.split('\n');
      const width = (line: string) => line.replace(/\\\|/g, '').split('|').length;
      for (const line of lines) expect(width(line)).toBe(width(lines[0]!));
    }
  });

  it('lists each non-pass group with the request sent, the answer and the explanation', () => {
    const entry = markdown.slice(markdown.indexOf('✘ rejected: Automatically schedule + Disk Over Commit'));
    expect(entry).toMatch(/^✘ rejected: Automatically schedule \+ Disk Over Commit @ Newton–Hibiscus, max 2\.30–2\.104, zed@2\.60/);
    expect(entry).toContain('force=true, and force without a host is a 400');
    expect(entry).toContain('```http\nPOST /v2.1/servers/');
    expect(entry).toContain("Can't force to a non-provided destination");
  });

  it('shows the hostile host name as text, never as an HTML tag', () => {
    expect(outsideFences(markdown)).not.toContain('<img');
    expect(markdown).toContain('Host name &lt;img src=x onerror=alert(1)&gt;');
    // Inside fences it is literal text, which GitHub does not interpret.
    expect(markdown).toContain(HOSTILE_HOST);
  });
});
