import { describe, expect, it } from 'vitest';
import { escapeMarkdownInline, escapeXml, jsonForScript, markdownCodeInTable, markdownFence } from '../../../src/reports/escaping.js';

describe('report escaping', () => {
  it('turns HTML into text and neutralises table pipes in inline Markdown', () => {
    const out = escapeMarkdownInline('<img src=x onerror=alert(1)> | *x*\nnext');
    expect(out).toBe('&lt;img src=x onerror=alert(1)&gt; \\| \\*x\\* next');
  });

  it('fences code with more backticks than the longest run inside', () => {
    expect(markdownFence('a ``` b', 'http')).toBe('````http\na ``` b\n````');
    expect(markdownFence('plain')).toBe('```\nplain\n```');
  });

  it('escapes pipes inside a code span meant for a table cell', () => {
    expect(markdownCodeInTable('p|s|t')).toBe('`p\\|s\\|t`');
    expect(markdownCodeInTable('a`b')).toBe('``a`b``');
  });

  it('replaces characters XML 1.0 forbids and escapes markup', () => {
    expect(escapeXml('a\u0000b\u001b<c>&"\'\t\n')).toBe('a\uFFFDb\uFFFD&lt;c&gt;&amp;&quot;&#39;\t\n');
  });

  it('embeds JSON so that neither </script>, <!-- nor U+2028/9 survive literally', () => {
    const text = jsonForScript({ s: '</script><!-- \u2028\u2029 & x' });
    expect(text).not.toMatch(/<\/script|<!--|[\u2028\u2029<>&]/);
    expect(JSON.parse(text)).toEqual({ s: '</script><!-- \u2028\u2029 & x' });
  });
});

describe('inline Markdown entities', () => {
  it('never puts a backslash inside an entity (an apostrophe or ampersand stays readable)', () => {
    expect(escapeMarkdownInline("mvmatrix's fix & #1")).toBe("mvmatrix's fix &amp; \\#1");
  });
});
