/**
 * Rendering a report from a template source and the view model. Pure: the template source
 * comes in as a string (see `templates.ts` for loading).
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { createHandlebarsEnv, TEMPLATE_COMPILE_OPTIONS, type HandlebarsEnv } from './handlebars-env.js';
import { precompiledTemplate } from './precompiled-templates.js';
import type { ReportHead, ReportView } from './view-model.js';
import type { CellTable } from './cell-table.js';
import type { GateView } from './gate-view.js';
import type { GateResult } from '../matrix/gate.js';
import { buildJunitViewFromTable } from './junit-view.js';
import { buildSummaryView } from './summary-view.js';

/** The report formats and their template and output file names. */
export const REPORT_FORMATS = ['md', 'html', 'junit', 'summary'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FILES: Readonly<Record<ReportFormat, { readonly template: string; readonly output: string }>> = {
  md: { template: 'matrix.md.hbs', output: 'matrix.md' },
  html: { template: 'matrix.html.hbs', output: 'matrix.html' },
  junit: { template: 'junit.xml.hbs', output: 'junit.xml' },
  summary: { template: 'summary.md.hbs', output: 'summary.md' },
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The compact evidence the HTML looks up on click (short keys: it can be large). */
function htmlData(view: ReportView): unknown {
  return {
    evidence: view.evidence.map((g) => ({
      p: g.profile,
      s: g.scenario,
      o: g.outcome,
      g: g.glyph,
      l: g.label,
      c: g.cssClass,
      x: g.explanationVaries ? `${g.explanation} (worded for ${g.sampleTarget}; each target cites its own microversion)` : g.explanation,
      t: g.targetsText,
      n: g.cellCount,
      st: g.sampleTarget,
      rq: g.request,
      rf: g.refusal,
      rs: g.response,
      mv: g.effectiveMicroversion,
    })),
  };
}

/**
 * The object a format's template receives. JUnit's is made from the run's `head` and compact
 * `table` (recorded with the gate's changed cells marked), judged by `gateResult`, the gate's
 * raw verdict.
 */
export function templateContext(format: ReportFormat, head: ReportHead, table: CellTable, view: ReportView, gate: GateView | null, gateResult?: GateResult): unknown {
  switch (format) {
    case 'md':
      return { ...view, gate };
    case 'html':
      return { ...view, gate, data: htmlData(view) };
    case 'junit':
      return buildJunitViewFromTable(head, table, gateResult);
    case 'summary':
      return buildSummaryView(view, gate);
  }
}

let runtimeEnv: HandlebarsEnv | undefined;
let compilingEnv: Promise<HandlebarsEnv> | undefined;

/**
 * The runnable template of `source`: the build's precompiled one when `source` is a shipped
 * template as it was built, else compiled here (a `--templates` file, a shipped template changed
 * since the build, or the TypeScript sources), with Handlebars' compiler loaded only then.
 */
async function templateOf(source: string): Promise<HandlebarsTemplateDelegate> {
  const spec = precompiledTemplate(source);
  if (spec) {
    runtimeEnv ??= createHandlebarsEnv();
    return runtimeEnv.template(spec);
  }
  compilingEnv ??= import('handlebars').then((module) => createHandlebarsEnv(module.default));
  return (await compilingEnv).compile(source, TEMPLATE_COMPILE_OPTIONS);
}

/** Compiles and runs a template; compile and runtime errors become `MVM_ERR_INVALID_TEMPLATES` naming `file`. */
export async function renderTemplate(source: string, context: unknown, file: string): Promise<string> {
  try {
    // Handlebars compiles on a template's first call, so its syntax errors arrive here too.
    return (await templateOf(source))(context);
  } catch (error) {
    throw new MvmError(ERROR_CODES.INVALID_TEMPLATES, `template failed: ${(error as Error).message.split('\n')[0]}`, {
      where: file,
      hint: 'fix the template, or remove it from --templates to use the built-in one',
      cause: error,
    });
  }
}
