/**
 * `mvmatrix run`: expand a matrix, run every cell on a provider, write `reports/matrix.json`
 * (atomically), render the reports when that module is present, and apply the gate when a
 * baseline is given. Exit codes: 0 ok / gate passed, 1 gate failed, 2 bad flags or matrix,
 * 3 provider or infrastructure — including a run the provider failed partway: then nothing in
 * `--out` is replaced, and the partial result goes beside it as `matrix.partial.json`.
 */
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { prepareOutputDirectory, prepareOutputFile } from '../../fs/output-path.js';
import { executeMatrix, prepareMatrix } from '../../run/execute.js';
import { formatGateReport, type GateResult } from '../../matrix/gate.js';
import { isCalendarDate } from '../../matrix/gate-files.js';
import { readAllowlist, readBaseline, runGate, todayUtc } from '../../matrix/gate-io.js';
import { DEFAULT_MATRIX_FILE } from '../../matrix/load-matrix.js';
import { PROVIDER_KINDS, openProvider, type ProviderKind } from '../../run/open-provider.js';
import { createProgress, progressMode } from '../../run/progress.js';
import { OUTCOMES, type MatrixResult, type Outcome } from '../../matrix/result.js';
import { describeIncompleteRun, incompleteFromCounts } from '../../matrix/run-health.js';
import { contractAnnotations, contractNotesOf } from '../../pact/contract-annotations.js';
import { StreamedCells, blockRowsFor } from '../../run/streamed-cells.js';
import { readVerificationSummary } from '../../pact/read-summary.js';
import { selectDebianNovas } from '../../providers/real-nova/debian-releases.js';
import type { CliIo } from '../io.js';
import { writeTimings } from '../timings.js';
import { markPhase } from '../../util/phase-marks.js';

interface RunFlags {
  matrix?: string;
  provider: string;
  targetUrl?: string;
  token?: string;
  target?: string;
  release?: string;
  full?: boolean;
  cassette?: string;
  out: string;
  baseline?: string;
  updateBaseline?: boolean;
  allowlist?: string;
  quiet?: boolean;
  concurrency?: string;
  timeout?: string;
  templates?: string;
  reports: boolean;
  overHttp?: boolean;
  verbose?: boolean;
  today?: string;
  profile?: string[];
  targets?: string;
  contracts?: string;
}

/** The partial result of a run the provider failed partway, written beside the good outputs. */
export const PARTIAL_RESULT_FILE = 'matrix.partial.json';

export const DEFAULT_ALLOWLIST = 'matrix/allowlist.yaml';

/** Parses a positive integer flag or throws a USAGE error naming it. */
export function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new MvmError(ERROR_CODES.USAGE, `must be a positive integer (got '${value}')`, { where: flag });
  return n;
}

/** The hidden `--today YYYY-MM-DD` (tests) must be a day of the calendar. */
export function checkToday(today: string): void {
  if (!isCalendarDate(today)) throw new MvmError(ERROR_CODES.USAGE, `'${today}' is not a date YYYY-MM-DD of the calendar`, { where: '--today' });
}

/** `pass 812, degraded 40, ...` in outcome order, zeros left out. */
export function outcomeCounts(counts: Readonly<Record<Outcome, number>>): string {
  return OUTCOMES.filter((o) => counts[o] > 0).map((o) => `${o} ${counts[o]}`).join(', ');
}

/** Prints the gate's verdict and throws GATE_FAILED when it failed. */
export function reportGate(gate: GateResult, io: CliIo, quiet: boolean): void {
  if (!quiet || !gate.passed) io.stdout(formatGateReport(gate));
  if (!gate.passed) {
    throw new MvmError(ERROR_CODES.GATE_FAILED, `the compatibility gate failed: ${gate.failures.length} problem(s), see above`, {
      hint: 'fix the regression, allow-list it with a reason and an expiry (matrix/allowlist.yaml), or accept it with --update-baseline',
    });
  }
}

async function renderReports(head: MatrixResult, streamed: StreamedCells, outDir: string, io: CliIo, templatesDir: string | undefined, gate: GateResult | null): Promise<string[]> {
  const contractsFor = contractNotesOf(streamed.contracted);
  const { renderAllReportsFromTable } = await import('../../reports/index.js');
  return renderAllReportsFromTable(head, streamed.table, {
    outDir,
    ...(templatesDir === undefined ? {} : { templatesDir }),
    ...(gate ? { gate } : {}),
    ...(contractsFor ? { contractsFor } : {}),
    github: { env: io.env, write: io.stdout },
  });
}

/**
 * A large run's garbage is mostly cells already written: V8 lets the heap grow to up to 4× what
 * a full collection kept, so its memory follows what it threw away rather than what it keeps
 * (streamed-cells.ts). From {@link LARGE_RUN_CELLS} cells on, `run` lets the heap grow by half
 * instead (V8 reads the setting each time it sets the next collection's limit). Below, the
 * default's fewer collections are worth more: measured on 2 cores, 2026-12-01, the default
 * matrix (43,180 cells) took 2.25 s and 193 MB with the default, 2.44 s and 155 MB with 50 %;
 * 10× its cells 558 MB with the default, 362 MB with 50 % (bench:matrix prints the effect).
 */
const HEAP_GROWING_PERCENT = 50;
const LARGE_RUN_CELLS = 100_000;

async function run(flags: RunFlags, io: CliIo): Promise<void> {
  markPhase('start-up');
  if (!(PROVIDER_KINDS as readonly string[]).includes(flags.provider)) {
    throw new MvmError(ERROR_CODES.USAGE, `unknown provider '${flags.provider}'`, { where: '--provider', hint: `use one of ${PROVIDER_KINDS.join(', ')}` });
  }
  // One real Nova is one Python process: fewer cells in flight, and a patient timeout.
  const real = flags.provider === 'real-nova';
  const concurrency = positiveInt(flags.concurrency ?? (real ? '8' : '64'), '--concurrency');
  const timeoutMs = positiveInt(flags.timeout ?? (real ? '120000' : '10000'), '--timeout');
  if (flags.today !== undefined) checkToday(flags.today);
  if (flags.overHttp && flags.provider !== 'emulator') {
    throw new MvmError(ERROR_CODES.USAGE, `--over-http applies to the embedded emulator only (not --provider ${flags.provider})`, { where: '--over-http' });
  }
  if (flags.updateBaseline && !flags.baseline) {
    throw new MvmError(ERROR_CODES.USAGE, '--update-baseline needs --baseline <file>', { where: '--update-baseline' });
  }
  const quiet = flags.quiet === true;
  if (flags.release !== undefined && flags.provider !== 'real-nova') {
    throw new MvmError(ERROR_CODES.USAGE, '--release chooses the real Novas of --provider real-nova', { where: '--release', hint: 'add --provider real-nova, or leave --release out' });
  }
  if (flags.release !== undefined) selectDebianNovas(flags.release, '--release');
  if (flags.full === true && flags.provider !== 'real-nova') {
    throw new MvmError(ERROR_CODES.USAGE, '--full runs the whole control plane of --provider real-nova', { where: '--full', hint: 'add --provider real-nova, or leave --full out' });
  }
  const matrixPath = flags.matrix ?? (existsSync('matrix/default.yaml') ? 'matrix/default.yaml' : DEFAULT_MATRIX_FILE);
  const token = flags.token ?? io.env['MVMATRIX_TOKEN'];

  // Everything that can be wrong with the input is found before a provider starts.
  const override = {
    ...(flags.profile === undefined ? {} : { profiles: flags.profile }),
    ...(flags.targets === undefined ? {} : { targets: flags.targets.split(',').map((t) => t.trim()).filter((t) => t !== '') }),
  };
  const { expanded, hash, drivers } = await prepareMatrix(matrixPath, matrixPath, override);
  if (expanded.cells.length >= LARGE_RUN_CELLS) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const allowlist = flags.baseline && !flags.updateBaseline ? await readAllowlist(flags.allowlist, DEFAULT_ALLOWLIST) : { entries: [] };
  // Read before the run: the cells that changed against it keep their evidence as they pass.
  const baseline = flags.baseline && !flags.updateBaseline ? await readBaseline(flags.baseline) : undefined;
  // ... and so is a place the outputs cannot go.
  await prepareOutputDirectory(flags.out, '--out');
  if (flags.baseline && flags.updateBaseline) await prepareOutputFile(flags.baseline, '--baseline');
  const contracts = flags.contracts === undefined ? undefined : await readVerificationSummary(flags.contracts);
  markPhase('matrix');

  const progress = createProgress({ write: io.stderr, mode: progressMode(io.isTTY, io.env, quiet), now: () => performance.now() });
  // The cells go to disk as they finish; what the gate and the reports need stays (streamed-cells.ts).
  const outFile = join(flags.out, 'matrix.json');
  const streamed = await StreamedCells.open({
    outFile,
    expanded,
    ...(baseline ? { baseline } : {}),
    ...(contracts ? { contracts: contractAnnotations(contracts) } : {}),
  });
  let driven: Awaited<ReturnType<typeof import('../../drivers/driver-cells.js').openDriverCells>> | undefined;
  let result: MatrixResult;
  try {
    driven = drivers.length === 0 ? undefined : await (await import('../../drivers/driver-cells.js')).openDriverCells(drivers, { timeoutMs, env: io.env });
    try {
      const provider = await openProvider({
        kind: flags.provider as ProviderKind,
        timeoutMs,
        ...(flags.cassette === undefined ? {} : { cassette: flags.cassette }),
        ...(flags.targetUrl === undefined ? {} : { targetUrl: flags.targetUrl }),
        ...(token === undefined ? {} : { token }),
        ...(flags.target === undefined ? {} : { target: flags.target }),
        ...(flags.release === undefined ? {} : { releases: flags.release }),
        ...(flags.full === true ? { full: true } : {}),
        onProgress: (line) => io.stderr(`${line}\n`),
        // A real client talks HTTP: the emulator then serves over loopback, not in-process.
        ...(flags.overHttp || driven ? { overHttp: true } : {}),
      });
      try {
        result = await executeMatrix({
          expanded,
          hash,
          provider,
          concurrency,
          timeoutMs,
          onCellDone: (d, t) => progress.update(d, t),
          ...(driven ? { driven } : {}),
          onBlock: streamed.block,
          blockRows: blockRowsFor(expanded),
        });
      } finally {
        await provider[Symbol.asyncDispose]();
      }
    } finally {
      await driven?.[Symbol.asyncDispose]();
    }
  } catch (error) {
    await streamed.output.discard();
    throw error;
  }
  streamed.adopt(result);
  const counts = streamed.summary;
  const served = new Set(result.metadata.targets.map((t) => t.id));
  const expected = expanded.cells.filter((c) => served.has(c.target.id)).length;
  progress.finish(counts.ran, expected);
  if (driven && !quiet) for (const line of driven.describe()) io.stdout(`driver ${line}\n`);
  if (driven) for (const line of driven.modelDrift()) io.stderr(`warning: model drift: ${line}\n`);
  reportSkippedTargets(result, io, flags.verbose === true);
  markPhase('cells');

  // A run the provider failed partway replaces nothing: its cells go beside the good outputs.
  const incomplete = incompleteFromCounts({ ran: counts.ran, failed: counts.infrastructureFailures, first: counts.firstInfrastructureFailure }, expected);
  if (incomplete) {
    const partialFile = join(flags.out, PARTIAL_RESULT_FILE);
    let wrotePartial = '';
    try {
      await streamed.output.finish(partialFile, result);
      wrotePartial = `; the ${counts.ran} cells that ran are in ${partialFile}`;
    } catch (error) {
      wrotePartial = `; the partial result could not be written either (${(error as Error).message})`;
    }
    throw new MvmError(ERROR_CODES.RUN_INCOMPLETE, `${describeIncompleteRun(incomplete, expected)}${wrotePartial}; nothing else in ${flags.out} was replaced`, {
      hint: `check that ${result.metadata.provider.replace(/^[^:]*: /, '')} stays up and answers within --timeout (${timeoutMs} ms), then run again`,
    });
  }
  await streamed.output.finish(outFile, result);
  markPhase('matrix.json');
  await rm(join(flags.out, PARTIAL_RESULT_FILE), { force: true }); // a stale partial result would mislead
  if (!quiet) {
    io.stdout(`wrote ${outFile}: ${counts.ran} cells (${outcomeCounts(counts.byOutcome)}) in ${(result.metadata.durationMs / 1000).toFixed(1)} s on ${result.metadata.provider}\n`);
  }
  const { novaErrors, driverErrors } = counts;
  if (novaErrors > 0 && !flags.baseline) {
    io.stderr(`note: ${novaErrors} cell(s) are 'error': Nova answered 5xx (a verdict, not a success: with --baseline a new or worse 'error' cell fails the gate)\n`);
  }
  if (driverErrors > 0 && !flags.baseline) {
    io.stderr(`note: ${driverErrors} cell(s) are 'error': the client's driver failed (each cell's driver.reason says why; with --baseline they fail the gate)\n`);
  }

  const gateInput = { metadata: result.metadata, cells: streamed.table.gateCells() };
  const gateRun = flags.baseline
    ? await runGate(gateInput, { baseline: flags.baseline, ...(baseline ? { read: baseline } : {}), allowlist, update: flags.updateBaseline === true, today: flags.today ?? todayUtc() })
    : { gate: null, updated: false };
  if (gateRun.updated && !quiet) io.stdout(`updated baseline ${flags.baseline} (${counts.ran} cells)\n`);

  if (flags.reports) {
    const written = await renderReports(result, streamed, flags.out, io, flags.templates, gateRun.gate);
    if (written.length > 0 && !quiet) io.stdout(`wrote ${written.join(', ')}\n`);
  }
  markPhase('gate+reports');
  writeTimings(io.env, 'run', { cells: counts.ran });
  if (gateRun.gate) reportGate(gateRun.gate, io, quiet);
}

/** Targets the provider cannot serve: one summary line on stderr; each with --verbose (all are in matrix.json). */
function reportSkippedTargets(result: MatrixResult, io: CliIo, verbose: boolean): void {
  const skipped = result.metadata.skippedTargets ?? [];
  if (skipped.length === 0) return;
  io.stderr(`skipped ${skipped.length} target(s) ${result.metadata.provider} cannot serve (first: ${skipped[0]!.id}: ${skipped[0]!.reason}); ${verbose ? 'all of them:' : 'see --verbose or metadata.skippedTargets in matrix.json'}\n`);
  if (verbose) for (const s of skipped) io.stderr(`  skipped target ${s.id}: ${s.reason}\n`);
}

export function registerRun(program: Command, io: CliIo): Command {
  return program
    .command('run')
    .description('Run a compatibility matrix and write reports/matrix.json (and the gate, with --baseline)')
    .option('--matrix <file>', 'matrix definition (YAML); default matrix/default.yaml')
    .option('--profile <id...>', "run these client profiles instead of the matrix's: model ids, or real-client drivers such as horizon@src:../horizon, novaclient@installed (docs/drivers.md)")
    .option('--targets <list>', "run these Nova targets instead of the matrix's: comma-separated (zed,2.47,zed@2.60) or band-edges")
    .addOption(new Option('--provider <kind>', 'where Nova comes from').choices([...PROVIDER_KINDS]).default('emulator'))
    .option('--target-url <url>', 'compute endpoint for --provider url (e.g. http://127.0.0.1:8774/@zed/v2.1)')
    .option('--token <token>', 'admin X-Auth-Token for --provider url (default $MVMATRIX_TOKEN, else noauth2 admin:<project>); never written anywhere')
    .option('--target <spec>', 'for --provider url: the target the URL behaves as (zed, 2.47); default from its version document')
    .option('--release <names>', 'for --provider real-nova: the real Novas to run, all or comma-separated (victoria, zed, epoxy, gazpacho, hibiscus; default zed), each in its own container on its own port')
    .option('--cassette <file>', 'cassette for --provider replay')
    .option('--out <dir>', 'output directory', 'reports')
    .option('--baseline <file>', 'compare with this baseline (the gate); e.g. matrix/baseline.json')
    .option('--update-baseline', 'rewrite the baseline from this run instead of comparing')
    .option('--allowlist <file>', `allow-list of accepted cells (default ${DEFAULT_ALLOWLIST} when present)`)
    .option('--quiet', 'no progress and no summary; errors and gate failures only')
    .option('--full', 'for --provider real-nova: the whole control plane (conductor, scheduler, Placement, a libvirt compute per world host over fake libvirt) instead of the API alone; migrations really run and are read back when they end (docs/real-nova-full.md)')
    .option('--concurrency <n>', 'cells in flight at once (default 64; 8 with --provider real-nova)')
    .option('--timeout <ms>', 'deadline of every network step in milliseconds: discovery, server creation, request, read-back (default 10000; 120000 with --provider real-nova)')
    .option('--templates <dir>', 'report templates overriding the built-in ones')
    .option('--contracts <file>', 'Pact verification results (reports/pact/verification.json from `mvmatrix verify`): each contract cell\'s verdicts go into matrix.json and the HTML')
    .option('--no-reports', 'write matrix.json only, no rendered reports')
    .option('--verbose', 'list every skipped target on stderr')
    .option('--over-http', 'emulator: send every cell over loopback HTTP to the embedded emulator (what `serve` answers) instead of calling it in-process; same cells, slower')
    .addOption(new Option('--today <date>', 'date for allow-list expiry (tests)').hideHelp())
    .action(async (flags: RunFlags) => run(flags, io));
}
