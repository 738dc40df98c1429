/**
 * Finding texts are plain text with code spans in backticks. Backticks appear nowhere else:
 * anything taken from a request, an answer or a refusal goes through {@link codeSpan} or
 * {@link plain}, so a renderer can split on backticks safely (Markdown keeps the spans, HTML
 * turns them into `<code>`). Pure.
 */

/** Text from the wire with backticks made harmless. */
export function plain(text: string): string {
  return text.replace(/`/g, "'");
}

/** A code span. */
export function codeSpan(text: string): string {
  return `\`${plain(text)}\``;
}

/** `text` as a literal inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
