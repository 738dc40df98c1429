/**
 * `mvmatrix verify`: verifies the committed pacts against the embedded emulator, every replay
 * cassette and the real Nova, with Pact's own verifier; writes `reports/pact/` (the summary,
 * Pact's JSON and JUnit per source). Exit codes: 0 every non-pending interaction verified,
 * 1 one failed, 2 bad flags or pact files, 3 a provider or the verifier could not run.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { DEFAULT_MATRIX_FILE } from '../../matrix/load-matrix.js';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { loadAllowList } from '../../conformance/allowlist.js';
import { parsePactFile, type PactFile } from '../../pact/pact-file.js';
import type { KnownDifference } from '../../pact/verification-results.js';
import { openSources, SOURCE_KINDS } from '../../pact/verification-sources.js';
import { blockingFailures, buildSummary, serializeSummary } from '../../pact/verification-summary.js';
import { contractProviders } from '../../pact/contract-subset.js';
import { describeSource, missingContractPacts, sourceCoverage } from '../../pact/source-report.js';
import { verificationJunit } from '../../pact/verification-junit.js';
import { verifyAgainstSources, type SourceKind, type SourceRun } from '../../pact/verify.js';
import type { CliIo } from '../io.js';
import { DEFAULT_PACT_DIR } from './pact.js';
import { positiveInt } from './run.js';

const DEFAULT_CASSETTE_DIR = 'contracts/cassettes';
const CONFORMANCE_ALLOWLIST = 'contracts/conformance-allowlist.yaml';

interface VerifyFlags {
  pacts: string;
  provider: string;
  release: string;
  matrix?: string;
  cassette?: string[];
  out: string;
  jobs: string;
  timeout: string;
  quiet?: boolean;
}

async function listJson(dir: string, what: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
  } catch (error) {
    throw new MvmError(ERROR_CODES.INVALID_INPUT, `cannot read the ${what} directory: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      where: dir,
      hint: what === 'pact' ? 'write the pacts first: mvmatrix pact' : undefined,
    });
  }
}

/** Every pact file of `dir`, parsed. */
export async function readPacts(dir: string): Promise<PactFile[]> {
  const files = await listJson(dir, 'pact');
  if (files.length === 0) throw new MvmError(ERROR_CODES.INVALID_INPUT, 'no pact files', { where: dir, hint: 'write them first: mvmatrix pact' });
  return Promise.all(files.map(async (file) => parsePactFile(await readFile(file, 'utf8'), file)));
}

function parseKinds(value: string): SourceKind[] {
  const kinds = value.split(',').map((k) => k.trim()).filter((k) => k !== '');
  for (const kind of kinds) {
    if (!(SOURCE_KINDS as readonly string[]).includes(kind)) {
      throw new MvmError(ERROR_CODES.USAGE, `unknown provider '${kind}'`, { where: '--provider', hint: `use a comma list of ${SOURCE_KINDS.join(', ')}` });
    }
  }
  if (kinds.length === 0) throw new MvmError(ERROR_CODES.USAGE, '--provider needs at least one of ' + SOURCE_KINDS.join(', '), { where: '--provider' });
  return kinds as SourceKind[];
}

async function knownDifferences(): Promise<KnownDifference[]> {
  const list = await loadAllowList(CONFORMANCE_ALLOWLIST).catch(() => ({ entries: [] }));
  return list.entries.map((e) => ({
    id: e.id,
    reason: e.reason,
    ...(e.template === undefined ? {} : { template: e.template }),
    ...(e.realStatus === undefined ? {} : { realStatus: e.realStatus }),
    ...(e.emulatorStatus === undefined ? {} : { emulatorStatus: e.emulatorStatus }),
    ...(e.realMessage === undefined ? {} : { realMessage: e.realMessage }),
  }));
}

function slug(id: string): string {
  return id.replace(/[^A-Za-z0-9.-]+/g, '-');
}

/** The providers the matrix's `contract:` section names; undefined (no check) when the matrix cannot be read. */
async function namedProviders(matrixPath: string, say: (line: string) => void): Promise<Set<string> | undefined> {
  try {
    const { prepareMatrix } = await import('../../run/execute.js');
    return contractProviders((await prepareMatrix(matrixPath)).expanded);
  } catch (error) {
    say(`cannot read the contract section of ${matrixPath} (${(error as Error).message.split('\n')[0]}): sources without pacts are not checked against it`);
    return undefined;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function verify(flags: VerifyFlags, io: CliIo): Promise<void> {
  const kinds = parseKinds(flags.provider);
  const jobs = positiveInt(flags.jobs, '--jobs');
  const timeoutMs = positiveInt(flags.timeout, '--timeout');
  const pacts = await readPacts(flags.pacts);
  const cassettes = kinds.includes('replay') ? (flags.cassette ?? (await listJson(DEFAULT_CASSETTE_DIR, 'cassette'))) : [];
  const say = (line: string) => {
    if (!flags.quiet) io.stdout(`${line}\n`);
  };
  const t0 = performance.now();
  const matrixPath = flags.matrix ?? (existsSync('matrix/default.yaml') ? 'matrix/default.yaml' : DEFAULT_MATRIX_FILE);
  const named = await namedProviders(matrixPath, say);
  await using opened = await openSources({ kinds, cassettes, releases: flags.release, env: io.env, note: say });
  const result = await verifyAgainstSources({ pacts, sources: opened.sources, jobs, timeoutMs, knownDifferences: await knownDifferences() });
  const coverage = opened.sources.map((s) => sourceCoverage(s, result.verdicts, named));
  const summary = buildSummary(
    opened.sources.map((s) => ({ id: s.id, kind: s.kind, label: s.label, ...(s.serves === undefined ? {} : { serves: s.serves }) })),
    result.verdicts,
    result.skipped,
    coverage,
  );
  const dir = join(flags.out, 'pact');
  await writeFileAtomic(join(dir, 'verification.json'), serializeSummary(summary));
  for (const source of opened.sources) {
    const runs = result.runs.filter((r) => r.source === source.id);
    const pactResults = { source: source.id, label: source.label, runs: runs.map((r: SourceRun) => ({ provider: r.provider, target: r.target, pact: JSON.parse(r.pactJson) as unknown })) };
    await writeFileAtomic(join(dir, `${slug(source.id)}.pact-results.json`), `${JSON.stringify(pactResults, null, 2)}\n`);
    const started = result.starts.filter((s) => s.source === source.id).reduce((sum, s) => sum + s.durationMs, 0);
    const retried = runs.reduce((sum, r) => sum + r.retried, 0);
    const timing =
      `${source.kind === 'real-nova' ? `start ${seconds(started)}, ` : ''}${runs.length} verifier run${runs.length === 1 ? '' : 's'}, ${seconds(runs.reduce((sum, r) => sum + r.durationMs, 0))}` +
      (retried > 0 ? `, ${retried} asked again after a failed state change` : '');
    const lines = describeSource(source, summary.results, timing);
    const empty = coverage.find((c) => c.source === source.id)?.status === 'no-pacts' ? lines[0] : undefined;
    await writeFileAtomic(join(dir, `${slug(source.id)}.junit.xml`), verificationJunit(source.label, summary.results.filter((r) => r.source === source.id), empty));
    for (const line of lines) say(line);
  }
  const missing = missingContractPacts(coverage);
  const blocking = blockingFailures(summary.results);
  say(`wrote ${dir}/verification.json and Pact JSON + JUnit per source in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (blocking.length > 0) {
    io.stdout(`FAILED interactions (${blocking.length}):\n`);
    for (const r of blocking.slice(0, 50)) io.stdout(`  - ${r.description} against ${r.source}: ${r.mismatch ?? r.reason ?? ''}\n`);
    if (blocking.length > 50) io.stdout(`  ... and ${blocking.length - 50} more (see ${dir}/verification.json)\n`);
    throw new MvmError(ERROR_CODES.GATE_FAILED, `contract verification failed: ${blocking.length} interaction(s) not verified, see above`, {
      hint: 'fix the client profile or the provider, or, for a known problem, allow-list the cell (matrix/allowlist.yaml) and regenerate the pacts (mvmatrix pact) so the interaction is pending',
    });
  }
  if (missing.length > 0) {
    const list = [...new Set(missing.map((m) => m.serves))].join(', ');
    const message = `${matrixPath}'s contract section names ${list}, but ${flags.pacts} has no pacts for ${missing.length === 1 ? 'it' : 'them'}: ${missing.map((m) => m.source).join(', ')} verified nothing`;
    if (io.env['CI'] === 'true') {
      throw new MvmError(ERROR_CODES.GATE_FAILED, message, { hint: 'regenerate the pacts (npm run build && node bin/mvmatrix.js pact) and commit contracts/pacts' });
    }
    io.stdout(`warning: ${message} (CI=true makes this an error; regenerate with mvmatrix pact)\n`);
  }
}

export function registerVerify(program: Command, io: CliIo): Command {
  return program
    .command('verify')
    .description('Verify the pacts (contracts/pacts/) against the emulator, the replay cassettes and the real Nova with Pact\'s verifier')
    .option('--pacts <dir>', 'directory of the pact files', DEFAULT_PACT_DIR)
    .option('--provider <kinds>', `comma list of ${SOURCE_KINDS.join(', ')}`, SOURCE_KINDS.join(','))
    .option('--release <names>', 'real-nova: the real Novas to verify against, comma-separated releases or Debian suites, or all', 'all')
    .option('--matrix <file>', 'the matrix whose contract section names the providers that must have pacts (default matrix/default.yaml)')
    .option('--cassette <file...>', `cassettes for replay (default every ${DEFAULT_CASSETTE_DIR}/*.json)`)
    .option('--out <dir>', 'reports directory (writes <out>/pact/)', 'reports')
    .option('--jobs <n>', 'Pact verifier runs at once', '2')
    .option('--timeout <ms>', 'per-request timeout of the verifier in milliseconds', '10000')
    .option('--quiet', 'print only failures')
    .action(async (flags: VerifyFlags) => verify(flags, io));
}
