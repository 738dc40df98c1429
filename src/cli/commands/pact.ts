/**
 * `mvmatrix pact`: writes the consumer pacts (Pact V4, one per client × Nova target) for the
 * contract subset of a matrix into `contracts/pacts/`. Exit codes: 0 written, 2 bad matrix,
 * baseline or allow-list, 3 the emulator or a write failed.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { parseBaseline } from '../../matrix/gate-files.js';
import { readAllowlist } from '../../matrix/gate-io.js';
import type { Baseline } from '../../matrix/gate.js';
import { DEFAULT_MATRIX_FILE } from '../../matrix/load-matrix.js';
import { generatePacts } from '../../pact/generate.js';
import type { CliIo } from '../io.js';
import { DEFAULT_ALLOWLIST, positiveInt } from './run.js';

export const DEFAULT_PACT_DIR = 'contracts/pacts';
const DEFAULT_BASELINE = 'matrix/baseline.json';

interface PactFlags {
  matrix?: string;
  out: string;
  baseline?: string;
  allowlist?: string;
  concurrency: string;
  quiet?: boolean;
}

async function readBaseline(path: string | undefined): Promise<Baseline | null> {
  const file = path ?? DEFAULT_BASELINE;
  if (path === undefined && !existsSync(file)) return null;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MvmError(ERROR_CODES.INVALID_BASELINE, `cannot read the baseline: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { where: file, cause: error });
  }
  return parseBaseline(text, file);
}

async function pact(flags: PactFlags, io: CliIo): Promise<void> {
  const concurrency = positiveInt(flags.concurrency, '--concurrency');
  const matrixPath = flags.matrix ?? (existsSync('matrix/default.yaml') ? 'matrix/default.yaml' : DEFAULT_MATRIX_FILE);
  const baseline = await readBaseline(flags.baseline);
  const allowlist = await readAllowlist(flags.allowlist, DEFAULT_ALLOWLIST);
  const summary = await generatePacts({ matrixPath, outDir: flags.out, baseline, allowlist, concurrency });
  if (flags.quiet) return;
  const pending = summary.pacts.reduce((n, p) => n + p.pending, 0);
  io.stdout(
    `wrote ${summary.pacts.length} pacts to ${flags.out}: ${summary.interactions} interactions (${pending} pending) from ${summary.cells} contract cells ` +
      `(${summary.withoutRequest} refused by the client before sending) in ${((summary.matrixMs + summary.writeMs) / 1000).toFixed(1)} s ` +
      `(matrix ${(summary.matrixMs / 1000).toFixed(1)} s, Pact ${(summary.writeMs / 1000).toFixed(1)} s${summary.retries > 0 ? `, ${summary.retries} retries after pact-js #1835` : ''})\n`,
  );
}

export function registerPact(program: Command, io: CliIo): Command {
  return program
    .command('pact')
    .description('Write Pact V4 consumer pacts for the contract subset of a matrix (contracts/pacts/)')
    .option('--matrix <file>', 'matrix definition with a `contract:` section; default matrix/default.yaml')
    .option('--out <dir>', 'directory of the pact files (stale pact files in it are removed)', DEFAULT_PACT_DIR)
    .option('--baseline <file>', `baseline deciding which interactions are pending (default ${DEFAULT_BASELINE} when present)`)
    .option('--allowlist <file>', `allow-list: its cells are pending (default ${DEFAULT_ALLOWLIST} when present)`)
    .option('--concurrency <n>', 'pact files written at once', '4')
    .option('--quiet', 'print nothing on success')
    .action(async (flags: PactFlags) => pact(flags, io));
}
