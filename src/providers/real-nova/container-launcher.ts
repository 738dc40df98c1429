/**
 * Starts the REAL Nova compute API of any Debian release in a container of its image
 * (images/: found or built on demand) with testcontainers: host networking, the harness
 * (python/, copied in) picks an ephemeral port on 127.0.0.1 and reports it in its ready line,
 * which is what the start waits on. The project sets what this machine needs: Ryuk off (its
 * image cannot be pulled here), a host override (no pull of a helper image), clean-up by label
 * (containers of a process that died are removed on the next start, and on exit). With no
 * Docker engine the start fails at once with PREREQUISITE (exit 3) saying what is missing.
 * Adapter.
 */
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import type { Readable } from 'node:stream';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { processAlive } from './process-alive.js';
import type { NovaRelease } from '../../microversion/releases.js';
import { DEFAULT_WORLD, type WorldDefinition } from '../../nova/world.js';
import { findDebianNova } from './debian-releases.js';
import { harnessDirectory } from './harness-directory.js';
import { harnessFiles } from './harness-files.js';
import { docker } from './images/docker.js';
import { findOrBuildNovaImage, requireDocker, type NovaImage } from './images/index.js';
import { harnessModeOf, type HarnessMode } from './full-mode.js';
import { findReadyLine, READY_PREFIX, type ReadyLine } from './ready-line.js';

/** Where things are inside the container. */
const RUN_DIR = '/var/lib/mvmatrix/run';
const SCHEMAS = '/var/lib/mvmatrix/schemas';
const HARNESS = '/opt/mvmatrix/harness';

/** Every container this module starts carries these labels (clean-up finds them by label). */
export const CONTAINER_LABEL = 'mvmatrix.real-nova';
const OWNER_PID = 'mvmatrix.owner-pid';
const OWNER_HOST = 'mvmatrix.owner-host';

export interface RealNovaContainerOptions {
  /** A release that Debian ships (`epoxy`, `2025.1`) or its suite (`trixie`). */
  readonly release: string;
  readonly world?: WorldDefinition;
  readonly rpcTimeoutSeconds?: number;
  /** Use this image instead of finding (or building) the release's image. */
  readonly image?: NovaImage;
  /** Harness mode (`api`; full-nova adds `full`). */
  readonly mode?: string;
  /** Extra harness arguments (for modes that take options). */
  readonly harnessArgs?: readonly string[];
  /** Extra container labels; `MVMATRIX_CONTAINER_LABELS="k=v,k=v"` adds more. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Image build progress, start progress. */
  readonly onProgress?: (line: string) => void;
  /** Port on 127.0.0.1 (host networking); 0 or absent: an ephemeral one, reported in the ready line. */
  readonly port?: number;
  /** Hang guard for the start (schemas are baked in: a start takes seconds). Default 300 s. */
  readonly startTimeoutMs?: number;
}

export interface RunningNovaContainer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>/`; the compute endpoint is `<url>v2.1`. */
  readonly url: string;
  readonly port: number;
  readonly release: NovaRelease;
  /** Upstream version the harness reported (`34.0.0`). */
  readonly novaVersion: string;
  /** The harness mode that runs (`full` may fall back to `api-only`; then `fullUnavailable` says why). */
  readonly mode: HarnessMode;
  readonly fullUnavailable?: string;
  readonly image: NovaImage;
  readonly containerId: string;
  /** Seconds from container start to the ready line. */
  readonly startSeconds: number;
  /** The last part of the harness's output (Nova's log). */
  logTail(): string;
  close(): Promise<void>;
}

function applyProjectSettings(env: NodeJS.ProcessEnv): void {
  env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
  env['TESTCONTAINERS_HOST_OVERRIDE'] ??= '127.0.0.1';
}

function labelsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (env['MVMATRIX_CONTAINER_LABELS'] ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}

/** Removes real-Nova containers left by processes of this host that no longer run. */
export async function removeOrphanContainers(): Promise<number> {
  const listed = await docker(['ps', '-a', '--filter', `label=${CONTAINER_LABEL}=1`, '--format', `{{.ID}} {{.Label "${OWNER_PID}"}} {{.Label "${OWNER_HOST}"}}`]);
  if (listed.code !== 0) return 0;
  const orphans = listed.stdout
    .split('\n')
    .map((l) => l.trim().split(' '))
    .filter(([id, pid, host]) => id && host === hostname() && !processAlive(Number(pid)))
    .map(([id]) => id!);
  if (orphans.length > 0) await docker(['rm', '-f', ...orphans], 60_000);
  return orphans.length;
}

/** Keeps the tail of a stream (Nova's log can be long). */
class Tail {
  private text = '';
  constructor(private readonly limit = 64 * 1024) {}
  add(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.limit * 2) this.text = this.text.slice(-this.limit);
  }
  get value(): string {
    return this.text;
  }
}

/** Starts the real Nova of `options.release` in a container; see the module comment. */
export async function startRealNovaContainer(options: RealNovaContainerOptions): Promise<RunningNovaContainer> {
  const nova = findDebianNova(options.release, 'release');
  await requireDocker(`the real Nova ${nova.release.title} (Debian ${nova.suite})`);
  applyProjectSettings(process.env);
  await removeOrphanContainers();
  const image = options.image ?? (await findOrBuildNovaImage(nova.suite, { ...(options.onProgress ? { onProgress: options.onProgress } : {}) })).image;
  const files = harnessFiles(RUN_DIR, nova.release, options.world ?? DEFAULT_WORLD, {
    ...(options.rpcTimeoutSeconds === undefined ? {} : { rpcTimeoutSeconds: options.rpcTimeoutSeconds }),
    ...(options.mode === 'full' ? { mode: 'full' as const } : {}),
  });
  const { GenericContainer, Wait } = await import('testcontainers');
  const output = new Tail();
  // The wait strategy reads its own log stream; ours may deliver the line a moment later.
  let announce: (ready: ReadyLine) => void = () => undefined;
  const readyLine = new Promise<ReadyLine>((resolve) => (announce = resolve));
  let seen = '';
  const started = performance.now();
  let container;
  try {
    container = await new GenericContainer(image.tag)
      .withNetworkMode('host')
      .withCommand([
        '/usr/bin/python3', `${HARNESS}/nova_harness.py`,
        '--scratch', RUN_DIR, '--profile', `${RUN_DIR}/harness.json`, '--world', `${RUN_DIR}/world.json`,
        '--schema-cache', SCHEMAS, '--bind', '127.0.0.1', '--port', String(options.port ?? 0), '--mode', options.mode ?? 'api',
        ...(options.harnessArgs ?? []),
      ])
      .withEnvironment({ PYTHONUNBUFFERED: '1', PYTHONHASHSEED: '0' })
      .withLabels({
        [CONTAINER_LABEL]: '1',
        'mvmatrix.release': nova.release.name,
        [OWNER_PID]: String(process.pid),
        [OWNER_HOST]: hostname(),
        ...labelsFromEnv(process.env),
        ...options.labels,
      })
      .withCopyDirectoriesToContainer([{ source: harnessDirectory(), target: HARNESS }])
      .withCopyContentToContainer(Object.entries(files).map(([name, content]) => ({ content, target: `${RUN_DIR}/${name}` })))
      .withLogConsumer((stream: Readable) => {
        stream.on('data', (d: Buffer | string) => {
          const text = d.toString();
          output.add(text);
          if (seen !== 'done') {
            seen += text;
            const at = seen.indexOf(READY_PREFIX);
            const ready = at >= 0 ? findReadyLine(seen.slice(at)) : undefined;
            if (ready) {
              seen = 'done';
              announce(ready);
            } else if (at < 0) seen = seen.slice(-READY_PREFIX.length);
          }
        });
      })
      .withWaitStrategy(Wait.forLogMessage(READY_PREFIX))
      .withStartupTimeout(options.startTimeoutMs ?? 300_000)
      .start();
  } catch (error) {
    throw new MvmError(ERROR_CODES.PROVIDER, `the real Nova ${nova.release.title} (${image.tag}) did not start: ${(error as Error).message}\n${output.value.split('\n').slice(-25).join('\n')}`, {
      hint: 'read the log above; `mvmatrix nova images --release ' + nova.release.name + ' --rebuild` rebuilds the image',
      cause: error,
    });
  }
  // A hang guard that keeps the process alive while it waits (an unref'd timer let Node exit
  // silently, with status 0, when nothing else was pending), cleared once the line is read.
  let guard: NodeJS.Timeout | undefined;
  const ready = await Promise.race([readyLine, new Promise<undefined>((r) => (guard = setTimeout(() => r(undefined), 30_000)))]);
  clearTimeout(guard);
  const containerId = container.getId();
  let closed: Promise<void> | undefined;
  const removeOnExit = (): void => {
    try {
      execFileSync('docker', ['rm', '-f', containerId], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // already gone
    }
  };
  process.once('exit', removeOnExit);
  const close = (): Promise<void> => {
    closed ??= (async () => {
      process.removeListener('exit', removeOnExit);
      await container.stop({ timeout: 2 }).catch(() => removeOnExit());
    })();
    return closed;
  };
  if (!ready) {
    await close();
    throw new MvmError(ERROR_CODES.PROVIDER, `the real Nova ${nova.release.title} printed no readable ready line`, { hint: output.value.slice(-2000) });
  }
  return {
    url: `http://127.0.0.1:${ready.port}/`,
    port: ready.port,
    release: nova.release,
    novaVersion: ready.novaVersion ?? image.novaVersion,
    mode: harnessModeOf(ready),
    ...(ready.fullUnavailable === null ? {} : { fullUnavailable: ready.fullUnavailable }),
    image,
    containerId,
    startSeconds: (performance.now() - started) / 1000,
    logTail: () => output.value.split('\n').slice(-40).join('\n'),
    close,
    [Symbol.asyncDispose]: close,
  };
}
