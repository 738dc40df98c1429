/**
 * A private Handlebars environment with the report helpers. Escaping stays on: `{{x}}` is
 * HTML-escaped; helpers that return already-escaped markup wrap it in `SafeString`. Pure.
 * Made from Handlebars' runtime, which runs precompiled templates, unless the caller hands in
 * the full Handlebars (with its compiler, several times the code to load).
 */
import type HandlebarsWithCompiler from 'handlebars';
import runtime from 'handlebars/runtime.js';
import { escapeMarkdownInline, escapeXml, htmlRich, jsonForScript, markdownCodeInTable, markdownFence, markdownRich } from './escaping.js';

export type HandlebarsEnv = typeof HandlebarsWithCompiler;

// handlebars/runtime.d.ts declares no exports; the module is Handlebars without its compiler.
const Handlebars = runtime as unknown as HandlebarsEnv;

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/**
 * How every template is compiled, at runtime and by the build's precompile
 * (scripts/build-templates.mjs): they must agree for the outputs to be the same.
 */
export const TEMPLATE_COMPILE_OPTIONS: CompileOptions = { strict: false, preventIndent: true };

/** A fresh environment made from `base` (helpers registered here never leak into a user's global Handlebars). */
export function createHandlebarsEnv(base: HandlebarsEnv = Handlebars): HandlebarsEnv {
  const hb = base.create();
  const safe = (text: string): Handlebars.SafeString => new hb.SafeString(text);
  // Markdown
  hb.registerHelper('md', (value: unknown) => safe(escapeMarkdownInline(str(value))));
  hb.registerHelper('mdCodeCell', (value: unknown) => safe(markdownCodeInTable(str(value))));
  hb.registerHelper('fence', (value: unknown, language: unknown) => safe(markdownFence(str(value), typeof language === 'string' ? language : '')));
  // Finding texts: plain text with `code` spans
  hb.registerHelper('mdRich', (value: unknown) => safe(markdownRich(str(value))));
  hb.registerHelper('htmlRich', (value: unknown) => safe(htmlRich(str(value))));
  hb.registerHelper('take', (list: unknown, n: unknown) => (Array.isArray(list) ? list.slice(0, Number(n)) : []));
  hb.registerHelper('notNull', (value: unknown) => value !== null && value !== undefined);
  hb.registerHelper('minus', (a: unknown, b: unknown) => Number(a) - Number(b));
  // XML
  hb.registerHelper('xml', (value: unknown) => safe(escapeXml(str(value))));
  // Inline JSON for <script type="application/json">
  hb.registerHelper('scriptJson', (value: unknown) => safe(jsonForScript(value)));
  // Small logic helpers
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hb.registerHelper('join', (list: unknown, separator: unknown) => (Array.isArray(list) ? list.map(str).join(typeof separator === 'string' ? separator : ', ') : ''));
  hb.registerHelper('nonZero', (list: unknown) => (Array.isArray(list) ? list.filter((x: { count?: number }) => Number(x?.count) > 0) : []));
  hb.registerHelper('plural', (n: unknown, word: unknown) => `${str(n)} ${str(word)}${Number(n) === 1 ? '' : 's'}`);
  return hb;
}
