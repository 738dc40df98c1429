/**
 * `mvmatrix report`: re-render the reports from an existing `reports/matrix.json` without
 * re-running the matrix. With `--baseline` the gate runs too, so the step summary and the
 * annotations carry its verdict (the exit code stays 0: gating is `run`'s job).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { readInputFile } from '../../fs/bounded-read.js';
import { compareWithBaseline, type GateResult } from '../../matrix/gate.js';
import { parseAllowlist, parseBaseline } from '../../matrix/gate-files.js';
import { REPORT_FORMATS, isReportFormat, readMatrixResult, renderAllReports, type ReportFormat } from '../../reports/index.js';
import { contractNotesFor } from '../../pact/contract-annotations.js';
import type { CliIo } from '../io.js';

interface ReportFlags {
  from: string;
  format?: string[];
  out: string;
  templates?: string;
  baseline?: string;
  allowlist?: string;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

async function runGate(flags: ReportFlags, result: Awaited<ReturnType<typeof readMatrixResult>>, now: Date): Promise<GateResult | undefined> {
  if (!flags.baseline) return undefined;
  const baseline = parseBaseline(await readInputFile(flags.baseline, 'baseline'), flags.baseline);
  const allowlist = flags.allowlist
    ? parseAllowlist(await readInputFile(flags.allowlist, 'allowlist'), flags.allowlist)
    : { entries: [] };
  return compareWithBaseline(result, baseline, allowlist, now.toISOString().slice(0, 10));
}

export function registerReport(program: Command, io: CliIo): Command {
  return program
    .command('report')
    .description('Re-render the reports (matrix.md, matrix.html, junit.xml, summary.md) from a matrix.json')
    .option('--from <file>', 'matrix result to read', 'reports/matrix.json')
    .option('--format <format>', `report to write: ${REPORT_FORMATS.join(', ')} (repeatable or comma-separated; default all)`, collect)
    .option('--out <dir>', 'directory to write the reports to', 'reports')
    .option('--templates <dir>', 'directory of Handlebars templates overriding the built-in ones, file by file')
    .option('--baseline <file>', 'baseline to compare with, for the summary and annotations')
    .option('--allowlist <file>', 'allow-list for the comparison (with --baseline)')
    .action(async (flags: ReportFlags) => {
      const formats: ReportFormat[] = [];
      for (const format of flags.format ?? []) {
        if (!isReportFormat(format)) {
          throw new MvmError(ERROR_CODES.USAGE, `unknown report format '${format}'`, { where: '--format', hint: `use one of: ${REPORT_FORMATS.join(', ')}` });
        }
        if (!formats.includes(format)) formats.push(format);
      }
      if (flags.allowlist && !flags.baseline) {
        throw new MvmError(ERROR_CODES.USAGE, '--allowlist needs --baseline', { where: '--allowlist' });
      }
      const result = await readMatrixResult(flags.from);
      const gate = await runGate(flags, result, new Date());
      const contractsFor = contractNotesFor(result);
      const written = await renderAllReports(result, {
        outDir: resolve(flags.out),
        ...(flags.templates ? { templatesDir: resolve(flags.templates) } : {}),
        ...(gate ? { gate } : {}),
        ...(formats.length > 0 ? { formats } : {}),
        ...(contractsFor ? { contractsFor } : {}),
        github: { env: io.env, write: io.stdout },
      });
      for (const path of written) io.stdout(`wrote ${path}\n`);
    });
}
