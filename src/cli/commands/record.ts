/**
 * `mvmatrix record`: send a request set to any Nova (`--target`, or a fresh real Nova with
 * `--real-nova`), or run a matrix through a recording proxy (`--matrix`), and write the
 * answers to a cassette. See docs/record-replay.md.
 */
import { Command, Option } from 'commander';
import { writeCassette } from '../../cassette/cassette-file.js';
import { BUILTIN_REQUEST_SETS, loadRequestSet } from '../../cassette/request-set.js';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { prepareOutputFile } from '../../fs/output-path.js';
import { liveMigrationRequestSet } from '../../cassette/request-sets/live-migration.js';
import { formatMicroversion } from '../../microversion/version.js';
import { DEFAULT_RECORD_TOKEN, realNovaNote, recordCassette, recordRealNova } from '../../providers/record.js';
import { findDebianNova } from '../../providers/real-nova/debian-releases.js';
import type { CliIo } from '../io.js';

interface RecordFlags {
  target?: string;
  realNova?: boolean;
  release?: string;
  matrix?: string;
  provider: string;
  targetUrl?: string;
  token?: string;
  out: string;
  requests: string;
  redactId: string[];
  targetId?: string;
  novaVersion?: string;
  note?: string;
  timeout: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The version the real Nova of `release` will report: its image's label, or the host's python3-nova without Docker. */
async function realNovaVersion(release: string, io: CliIo): Promise<string> {
  const { dockerProblem, findOrBuildNovaImage } = await import('../../providers/real-nova/images/index.js');
  if ((await dockerProblem()) === undefined) {
    return (await findOrBuildNovaImage(release, { onProgress: (line) => io.stderr(`${release}: ${line}\n`) })).image.novaVersion;
  }
  const { checkRealNova } = await import('../../providers/real-nova/prerequisites.js');
  return (await checkRealNova()).novaVersion;
}

async function recordMatrixCommand(flags: RecordFlags, timeoutMs: number, io: CliIo): Promise<void> {
  const { recordMatrix } = await import('../../run/record-matrix.js');
  const real = flags.provider === 'real-nova';
  const nova = real ? findDebianNova(flags.release ?? 'zed', '--release') : undefined;
  const novaVersion = flags.novaVersion ?? (nova ? await realNovaVersion(nova.suite, io) : null);
  const token = flags.token ?? io.env['MVMATRIX_TOKEN'];
  const { cassette, result, conflicts } = await recordMatrix({
    matrixPath: flags.matrix!,
    provider: flags.provider as 'real-nova' | 'emulator' | 'url',
    timeoutMs,
    novaVersion,
    note: flags.note ?? (nova ? realNovaNote(nova) : null),
    ...(nova ? { releases: nova.release.name, concurrency: 8 } : {}),
    ...(nova && flags.targetId === undefined ? { target: nova.release.name } : {}),
    ...(flags.targetUrl === undefined ? {} : { targetUrl: flags.targetUrl }),
    ...(token === undefined ? {} : { token }),
    ...(flags.targetId === undefined ? {} : { target: flags.targetId }),
    ...(flags.redactId.length > 0 ? { redactIds: flags.redactId } : {}),
  });
  await writeCassette(flags.out, cassette);
  for (const key of conflicts) io.stderr(`warning: two sends of one request got different answers (first kept): ${key}\n`);
  io.stdout(`recorded ${cassette.interactions.length} interactions of ${result.cells.length} cells (target ${cassette.metadata.target}) into ${flags.out}\n`);
}

export function registerRecord(program: Command, io: CliIo): Command {
  return program
    .command('record')
    .description('Record the answers of a Nova (real or not) to a request set, or to a matrix run, into a cassette file')
    .option('--target <url>', 'base URL of the Nova to record, e.g. http://127.0.0.1:8774')
    .option('--real-nova', 'start a fresh real Nova (Debian python3-nova of --release, in a container) on loopback, record it, stop it')
    .option('--release <name>', 'with --real-nova or --matrix --provider real-nova: the real Nova (victoria, zed, epoxy, gazpacho, hibiscus; default zed)')
    .option('--matrix <file>', 'instead of a request set: record what a matrix run sends (one target) through a recording proxy')
    .addOption(new Option('--provider <kind>', 'with --matrix: the Nova to record').choices(['real-nova', 'emulator', 'url']).default('real-nova'))
    .option('--target-url <url>', 'with --matrix --provider url: the compute endpoint (e.g. http://127.0.0.1:8774/v2.1)')
    .option('--token <token>', `X-Auth-Token to send (default ${DEFAULT_RECORD_TOKEN}, or $MVMATRIX_TOKEN); never written to the cassette`)
    .requiredOption('--out <file>', 'cassette file to write (atomically)')
    .option('--requests <set-or-file>', `request set: ${Object.keys(BUILTIN_REQUEST_SETS).join(', ')}, or a JSONL file`, 'live-migration')
    .option('--redact-id <value>', 'an id to replace by <redacted> everywhere (repeatable; the user and project of a <user>:<project> token always are)', collect, [])
    .option('--target-id <id>', 'target the answers stand for (zed, mv-2.47); default: inferred from the announced maximum microversion')
    .option('--nova-version <version>', 'Nova version to note in the cassette, e.g. 26.2.2')
    .option('--note <text>', 'free text noted in the cassette (how the Nova was started)')
    .addOption(new Option('--timeout <ms>', 'per-request timeout in milliseconds').default('30000'))
    .action(async (flags: RecordFlags) => {
      const timeoutMs = Number(flags.timeout);
      if (!/^\s*\d+\s*$/.test(flags.timeout) || !Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) {
        throw new MvmError(ERROR_CODES.USAGE, `'${flags.timeout}' is not a positive number of milliseconds`, { where: '--timeout' });
      }
      const modes = [flags.target !== undefined, flags.realNova === true, flags.matrix !== undefined].filter(Boolean).length;
      if (modes !== 1) {
        throw new MvmError(ERROR_CODES.USAGE, 'say what to record: exactly one of --target <url>, --real-nova, --matrix <file>', { where: '--target' });
      }
      await prepareOutputFile(flags.out, '--out');
      if (flags.matrix !== undefined) {
        await recordMatrixCommand(flags, timeoutMs, io);
        return;
      }
      if (flags.release !== undefined && !flags.realNova) {
        throw new MvmError(ERROR_CODES.USAGE, '--release chooses the real Nova of --real-nova (or of --matrix --provider real-nova)', { where: '--release' });
      }
      const nova = flags.realNova ? findDebianNova(flags.release ?? 'zed', '--release') : undefined;
      // The built-in live-migration set probes the real Nova's own maximum and the version above it.
      const requestSet =
        nova && flags.requests === 'live-migration' ? liveMigrationRequestSet(formatMicroversion(nova.release.maxMicroversion)) : await loadRequestSet(flags.requests);
      const token = flags.token ?? io.env['MVMATRIX_TOKEN'];
      const common = {
        requestSet,
        timeoutMs,
        ...(token === undefined ? {} : { token }),
        ...(flags.redactId.length > 0 ? { redactIds: flags.redactId } : {}),
        ...(flags.targetId === undefined ? {} : { targetId: flags.targetId }),
        ...(flags.note === undefined ? {} : { note: flags.note }),
      };
      const { cassette, duplicates } =
        flags.target === undefined
          ? await recordRealNova({ ...common, release: nova!.suite, onProgress: (line) => io.stderr(`${line}\n`) })
          : await recordCassette({ ...common, targetUrl: flags.target, ...(flags.novaVersion === undefined ? {} : { novaVersion: flags.novaVersion }) });
      await writeCassette(flags.out, cassette);
      if (duplicates.length > 0) io.stderr(`note: ${duplicates.length} request(s) repeated an earlier key and were not recorded again\n`);
      io.stdout(`recorded ${cassette.interactions.length} interactions from ${cassette.metadata.targetOrigin} (target ${cassette.metadata.target}) into ${flags.out}\n`);
    });
}
