/**
 * The reports' entry point: renders matrix.md, matrix.html, junit.xml and summary.md from a
 * matrix result, writes them atomically, and (when running under GitHub Actions, told via the
 * `env` passed in) appends the step summary and prints annotations.
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeChunksAtomic, writeFileAtomic } from '../fs/atomic-write.js';
import { ERROR_CODES, MvmError } from '../errors.js';
import type { MatrixResult } from '../matrix/result.js';
import { buildReportViewFromTable, type ReportHead, type ReportViewOptions } from './view-model.js';
import { tableFromResult, type CellTable } from './cell-table.js';
import { buildGateView, type GateView } from './gate-view.js';
import type { GateResult } from '../matrix/gate.js';
import { gateAnnotations } from './github-annotations.js';
import { REPORT_FILES, REPORT_FORMATS, renderTemplate, templateContext, type ReportFormat } from './render.js';
import { BUILTIN_TEMPLATES_DIR, checkTemplatesDir, loadTemplate } from './templates.js';
import { junitViewFromTable, type JunitViewStream } from './junit-view.js';
import { junitXmlChunks } from './junit-xml.js';
import { markPhase } from '../util/phase-marks.js';

export { buildReportView, buildReportViewFromTable } from './view-model.js';
export { CellRecorder, CellTable } from './cell-table.js';
export type { ReportView, ReportViewOptions, ProfileView, TableView, ColumnView, RowView, CellView, CellContractNote, OutcomeCount } from './view-model.js';
export type { ReleaseTableView, ReleaseRowView, ReleaseColumnView, ReleaseCellView } from './release-table.js';
export { buildDiffView, findingView } from './findings-view.js';
export type { FindingView, DiffView, DiffFindingView } from './findings-view.js';
export type { EvidenceGroup } from './evidence-groups.js';
export { buildGateView } from './gate-view.js';
export type { GateView, GateChangeView } from './gate-view.js';
export { gateAnnotations, workflowCommand, escapeCommandData, escapeCommandProperty } from './github-annotations.js';
export { REPORT_FORMATS, REPORT_FILES, isReportFormat } from './render.js';
export type { ReportFormat } from './render.js';
export { readMatrixResult, decodeMatrixResult } from './read-matrix-result.js';
export { OUTCOME_LEGEND } from './outcome-legend.js';

/** Where GitHub Actions output goes; both optional so callers pass what they have. */
export interface GithubOutputOptions {
  /** The environment (`io.env`): `GITHUB_STEP_SUMMARY` and `GITHUB_ACTIONS` are read from here only. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes annotation lines (stdout: GitHub reads workflow commands from there). */
  readonly write: (text: string) => void;
}

export interface RenderReportsOptions {
  /** Directory the reports are written to (created if needed). */
  readonly outDir: string;
  /** User templates overriding the built-in ones, file by file. */
  readonly templatesDir?: string;
  /** The gate's verdict against the baseline, when a baseline was given. */
  readonly gate?: GateResult;
  /** Which reports to write; all four by default. */
  readonly formats?: readonly ReportFormat[];
  /** Step summary and annotations when running under GitHub Actions. */
  readonly github?: GithubOutputOptions;
  /** Contract notes per band cell (the pact workstream's annotation); none shown without it. */
  readonly contractsFor?: ReportViewOptions['contractsFor'];
}

/** The built-in template file of a format (a `--templates` override has another path). */
function builtinTemplateFile(format: ReportFormat): string {
  return join(BUILTIN_TEMPLATES_DIR, REPORT_FILES[format].template);
}

function viewOptions(options: { gate?: GateResult; contractsFor?: ReportViewOptions['contractsFor'] }): ReportViewOptions {
  return { ...(options.gate ? { gate: options.gate } : {}), ...(options.contractsFor ? { contractsFor: options.contractsFor } : {}) };
}

/** Renders one report to a string (no file written). */
export async function renderReport(
  format: ReportFormat,
  result: MatrixResult,
  options: { templatesDir?: string; gate?: GateResult; contractsFor?: ReportViewOptions['contractsFor'] } = {},
): Promise<string> {
  if (options.templatesDir) await checkTemplatesDir(options.templatesDir);
  const template = await loadTemplate(REPORT_FILES[format].template, options.templatesDir);
  const table = tableFromResult(result, options.gate);
  if (format === 'junit' && template.file === builtinTemplateFile(format)) return [...junitXmlChunks(junitViewFromTable(result, table, options.gate))].join('');
  const view = buildReportViewFromTable(result, table, viewOptions(options));
  const gate = options.gate ? buildGateView(options.gate) : null;
  return await renderTemplate(template.source, templateContext(format, result, table, view, gate, options.gate), template.file);
}

/**
 * Renders and writes every requested report; returns the written paths in format order.
 * Renders everything before writing anything, so a broken template leaves old reports intact.
 */
export async function renderAllReports(result: MatrixResult, options: RenderReportsOptions): Promise<string[]> {
  return renderAllReportsFromTable(result, tableFromResult(result, options.gate), options);
}

/**
 * {@link renderAllReports} from the run's head and the compact table of its cells, recorded
 * with the gate's changed cells marked (`run` records it while it streams the cells to disk).
 */
export async function renderAllReportsFromTable(head: ReportHead, table: CellTable, options: RenderReportsOptions): Promise<string[]> {
  if (options.templatesDir) await checkTemplatesDir(options.templatesDir);
  const formats = options.formats ?? REPORT_FORMATS;
  const view = buildReportViewFromTable(head, table, viewOptions(options));
  const gate = options.gate ? buildGateView(options.gate) : null;
  markPhase('report:view-model');
  const rendered: { path: string; text: string; format: ReportFormat }[] = [];
  let junit: { path: string; view: JunitViewStream } | undefined;
  for (const format of formats) {
    const template = await loadTemplate(REPORT_FILES[format].template, options.templatesDir);
    const path = join(options.outDir, REPORT_FILES[format].output);
    if (format === 'junit' && template.file === builtinTemplateFile(format)) {
      // The built-in JUnit template, written piece by piece as it is produced (junit-xml.ts).
      junit = { path, view: junitViewFromTable(head, table, options.gate) };
    } else {
      const text = await renderTemplate(template.source, templateContext(format, head, table, view, gate, options.gate), template.file);
      rendered.push({ path, text, format });
    }
    markPhase(`report:${format}`);
  }
  // Each rendered text is let go once written (the HTML of a large matrix is tens of megabytes),
  // but for the summary the step summary may need.
  let summaryText: string | undefined;
  for (let next = rendered.shift(); next !== undefined; next = rendered.shift()) {
    await writeFileAtomic(next.path, next.text);
    if (next.format === 'summary') summaryText = next.text;
  }
  if (junit) await writeChunksAtomic(junit.path, junitXmlChunks(junit.view));
  markPhase('report:write');

  if (options.github) {
    const summary = summaryText ??
      await renderTemplate((await loadTemplate(REPORT_FILES.summary.template, options.templatesDir)).source, templateContext('summary', head, table, view, gate, options.gate), 'summary.md.hbs');
    await publishToGithub(options.github, summary, gate);
  }
  // Every requested format was written (rendered, or the JUnit file piece by piece): paths in format order.
  return formats.map((format) => join(options.outDir, REPORT_FILES[format].output));
}

/**
 * Appends the summary to `$GITHUB_STEP_SUMMARY` (when set) and prints `::error`/`::warning`
 * annotations for the gate's regressions (when `GITHUB_ACTIONS` is set).
 */
export async function publishToGithub(github: GithubOutputOptions, summaryMarkdown: string, gate: GateView | null): Promise<void> {
  const summaryFile = github.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      await appendFile(summaryFile, `${summaryMarkdown.trimEnd()}\n\n`);
    } catch (error) {
      throw new MvmError(ERROR_CODES.IO, `could not append the step summary: ${(error as Error).message}`, { where: summaryFile, cause: error });
    }
  }
  if (github.env.GITHUB_ACTIONS && gate) {
    for (const line of gateAnnotations(gate)) github.write(`${line}\n`);
  }
}
