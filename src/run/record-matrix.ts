/**
 * Recording a matrix run: open a provider as `mvmatrix run` would, wrap it in a
 * {@link RecordingProvider}, run the matrix through it, and return the cassette. Replaying
 * that cassette (`run --provider replay --cassette <file>`) then answers every cell of the
 * recorded target with no Nova.
 */
import { executeMatrix, prepareMatrix } from './execute.js';
import { openProvider, type ProviderKind } from './open-provider.js';
import type { MatrixResult } from '../matrix/result.js';
import type { Cassette } from '../cassette/types.js';
import { ERROR_CODES, MvmError } from '../errors.js';
import { describeIncompleteRun, incompleteRun } from '../matrix/run-health.js';
import type { NovaProvider } from '../providers/provider.js';
import { RecordingProvider } from '../providers/replay/recording-provider.js';

export interface RecordMatrixOptions {
  readonly matrixPath: string;
  readonly provider: Exclude<ProviderKind, 'replay'>;
  /** For `url`: the compute endpoint, token and target. */
  readonly targetUrl?: string;
  readonly token?: string;
  /** For `real-nova`: the release(s) to run (`hibiscus`). */
  readonly releases?: string;
  /** Target to record (default: the first the run asks for; for `url`, also what it behaves as). */
  readonly target?: string;
  readonly novaVersion?: string | null;
  readonly note?: string | null;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  readonly redactIds?: readonly string[];
}

export interface RecordMatrixResult {
  readonly cassette: Cassette;
  /** The run itself (cells of the recorded target). */
  readonly result: MatrixResult;
  /** Keys whose answers differed between sends (should be none: every cell has a fresh server). */
  readonly conflicts: readonly string[];
}

/** Opens the provider `options.provider` names and records the matrix through it. */
export async function recordMatrix(options: RecordMatrixOptions): Promise<RecordMatrixResult> {
  // A bad matrix is found before any provider starts.
  const prepared = await prepareMatrix(options.matrixPath, options.matrixPath);
  const inner = await openProvider({
    kind: options.provider,
    ...(options.targetUrl === undefined ? {} : { targetUrl: options.targetUrl }),
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.target === undefined || options.provider !== 'url' ? {} : { target: options.target }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    // The recording proxy forwards to a URL: the emulator must listen on one.
    overHttp: true,
    ...(options.releases === undefined ? {} : { releases: options.releases }),
  });
  return recordMatrixWith(inner, options, prepared);
}

/** Records the matrix through an already open provider (disposed at the end). */
export async function recordMatrixWith(
  inner: NovaProvider,
  options: Omit<RecordMatrixOptions, 'provider'>,
  prepared?: Awaited<ReturnType<typeof prepareMatrix>>,
): Promise<RecordMatrixResult> {
  const { expanded, hash } = prepared ?? (await prepareMatrix(options.matrixPath, options.matrixPath));
  const recording = new RecordingProvider(inner, {
    // The matrix hash says which version of the matrix file the cassette answers.
    requestSet: `matrix:${options.matrixPath}@sha256:${hash.slice(0, 16)}`,
    ...(options.target === undefined ? {} : { target: options.target }),
    ...(options.novaVersion === undefined ? {} : { novaVersion: options.novaVersion }),
    ...(options.note === undefined ? {} : { note: options.note }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.redactIds === undefined ? {} : { redactIds: options.redactIds }),
  });
  try {
    const result = await executeMatrix({
      expanded,
      hash,
      provider: recording,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    // A recording the provider failed partway would replay as a different Nova: refuse it.
    const served = new Set(result.metadata.targets.map((t) => t.id));
    const incomplete = incompleteRun(result.cells, expanded.cells.filter((c) => served.has(c.target.id)).length);
    if (incomplete) {
      throw new MvmError(ERROR_CODES.RUN_INCOMPLETE, `${describeIncompleteRun(incomplete, result.cells.length + incomplete.notRunCells)}; no cassette was written`, {
        hint: 'check that the Nova being recorded stays up and answers within --timeout, then record again',
      });
    }
    return { cassette: recording.cassette(), result, conflicts: recording.conflictingKeys() };
  } finally {
    await recording[Symbol.asyncDispose]();
  }
}
