/**
 * Escaping for each output language. Handlebars HTML-escapes `{{x}}`; these cover what it
 * does not: Markdown table syntax, fenced code blocks, XML-forbidden control characters and
 * JSON inside an inline `<script>`. Pure.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Inline Markdown text (a table cell, a heading, a list item): Markdown punctuation
 * backslash-escaped, then `&`, `<` and `>` as entities so GitHub shows tags as text (in that
 * order, so no backslash lands inside an entity), line breaks flattened so a table row stays
 * one line.
 */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/([\\`*_[\]|#~!])/g, '\\$1')
    .replace(/[&<>]/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * A fenced code block whose fence is longer than any backtick run inside, so the content can
 * never close it. Content inside a fence is literal on GitHub: no HTML is interpreted.
 */
export function markdownFence(text: string, language = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

/**
 * A Markdown code span for a table cell: literal text (GitHub interprets no HTML or entities
 * inside), a backtick fence longer than any run inside, and `|` escaped as GFM tables require.
 */
export function markdownCodeInTable(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

// XML 1.0 allows tab, LF, CR and U+0020 and up (minus surrogates halves alone and U+FFFE/F).
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or attribute content for XML: forbidden characters replaced by U+FFFD, markup escaped. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(XML_FORBIDDEN, '\uFFFD'));
}

/**
 * JSON safe inside `<script type="application/json">`: `<`, `>` and `&` as `\u` escapes (so
 * neither `</script>` nor `<!--` can appear), and U+2028/U+2029 escaped for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Splits a finding text (plain text with `code` spans, see src/findings/text.ts) into parts; odd parts are code. */
function richParts(text: string): { text: string; code: boolean }[] {
  const parts = text.split('`');
  // An unbalanced backtick (never produced by the findings) stays text.
  if (parts.length % 2 === 0) parts.splice(parts.length - 2, 2, `${parts[parts.length - 2]}\`${parts[parts.length - 1]}`);
  return parts.map((part, i) => ({ text: part, code: i % 2 === 1 }));
}

/** A finding text for Markdown: text escaped, code spans kept as code (literal on GitHub). */
export function markdownRich(text: string): string {
  return richParts(text)
    .map((p) => (p.code ? markdownCodeInTable(p.text) : escapeMarkdownInline(p.text)))
    .join('');
}

/** A finding text for HTML: text escaped, code spans as `<code>`. */
export function htmlRich(text: string): string {
  return richParts(text)
    .map((p) => (p.code ? `<code>${escapeHtml(p.text)}</code>` : escapeHtml(p.text)))
    .join('');
}
