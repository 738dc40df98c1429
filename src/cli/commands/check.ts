/**
 * `mvmatrix check`: the gate on an existing `reports/matrix.json` — compare with a committed
 * baseline and allow-list; exit 1 when a cell got worse or an allow-list entry expired.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { prepareOutputFile } from '../../fs/output-path.js';
import { readAllowlist, readResultFile, runGate, todayUtc } from '../../matrix/gate-io.js';
import type { CliIo } from '../io.js';
import { DEFAULT_ALLOWLIST, checkToday, reportGate } from './run.js';

interface CheckFlags {
  baseline: string;
  from: string;
  allowlist?: string;
  updateBaseline?: boolean;
  quiet?: boolean;
  today?: string;
}

async function check(flags: CheckFlags, io: CliIo): Promise<void> {
  if (flags.today !== undefined) checkToday(flags.today);
  const result = await readResultFile(flags.from);
  if (flags.updateBaseline) await prepareOutputFile(flags.baseline, '--baseline');
  const allowlist = flags.updateBaseline ? { entries: [] } : await readAllowlist(flags.allowlist, DEFAULT_ALLOWLIST);
  const { gate, updated } = await runGate(result, {
    baseline: flags.baseline,
    allowlist,
    update: flags.updateBaseline === true,
    today: flags.today ?? todayUtc(),
  });
  if (updated && !flags.quiet) io.stdout(`updated baseline ${flags.baseline} (${result.cells.length} cells)\n`);
  if (gate) reportGate(gate, io, flags.quiet === true);
}

export function registerCheck(program: Command, io: CliIo): Command {
  return program
    .command('check')
    .description('Compare a matrix result with a committed baseline (the CI gate)')
    .requiredOption('--baseline <file>', 'the committed baseline, e.g. matrix/baseline.json')
    .option('--from <file>', 'the matrix result to check', 'reports/matrix.json')
    .option('--allowlist <file>', `allow-list of accepted cells (default ${DEFAULT_ALLOWLIST} when present)`)
    .option('--update-baseline', 'rewrite the baseline from the result instead of comparing')
    .option('--quiet', 'print only when the gate fails')
    .addOption(new Option('--today <date>', 'date for allow-list expiry (tests)').hideHelp())
    .action(async (flags: CheckFlags) => check(flags, io));
}
