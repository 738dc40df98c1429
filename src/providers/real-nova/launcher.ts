/**
 * Starts the REAL Nova compute API from the host's Debian python3-nova (Debian 12: 26.2.2 Zed,
 * max 2.93) on loopback, for machines without Docker (the container launcher,
 * container-launcher.ts, runs every Debian release): writes the harness files into a scratch
 * directory, runs the Python harness (`python/nova_harness.py`, the same one containers run)
 * in its own process group, and waits until `GET /v2.1/` answers. `close()` stops the whole
 * process group; nothing is left running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { DEFAULT_WORLD, type WorldDefinition } from '../../nova/world.js';
import { harnessDirectory } from './harness-directory.js';
import { harnessFiles } from './harness-files.js';
import { harnessModeOf, type HarnessMode } from './full-mode.js';
import { checkRealNova, SYSTEM_PYTHON } from './prerequisites.js';
import { findReadyLine as readReadyLine, type ReadyLine } from './ready-line.js';

export { harnessDirectory };

export interface RealNovaOptions {
  /** 0 or absent: the harness picks a free port. */
  readonly port?: number;
  /** Only loopback makes sense: noauth2 makes anyone admin. Default `127.0.0.1`. */
  readonly bind?: '127.0.0.1';
  /**
   * Working directory (config, sqlite files, `harness.log`). Given: kept after close and
   * reused warm (the empty schemas are cached in `<scratchDir>/template`); one running
   * instance per directory. Absent: a temporary directory, removed on close, with the
   * schemas cached in `<tmpdir>/mvmatrix-real-nova-schemas-v1`.
   */
  readonly scratchDir?: string;
  /** Extra environment for the Python process. */
  readonly env?: Readonly<Record<string, string>>;
  /** The world to seed; default the emulator's default world (same UUIDs). */
  readonly world?: WorldDefinition;
  /** Recreate the schemas even when a cached copy exists. */
  readonly fresh?: boolean;
  /** Seconds a call to the (absent) conductor waits: live migration below 2.34. Default 1. */
  readonly rpcTimeoutSeconds?: number;
  /** Default `/usr/bin/python3`. */
  readonly python?: string;
  /** Give up starting after this long. Default 180 s (a cold start creates schemas: ~10 s); 600 s in full mode. */
  readonly startTimeoutMs?: number;
  /**
   * The whole control plane (harness mode `full`, python/full/): conductor, scheduler,
   * Placement and a libvirt compute per world host (over Nova's fake libvirt) in the same
   * process, the world created through them. Default false: the API alone. docs/real-nova-full.md.
   */
  readonly full?: boolean;
}

export interface RunningRealNova extends AsyncDisposable {
  /** `http://127.0.0.1:<port>/` (trailing slash); the compute endpoint is `<url>v2.1`. */
  readonly url: string;
  readonly port: number;
  /** PID of the harness, leader of its own process group. */
  readonly pid: number;
  /** `26.2.2`. */
  readonly novaVersion: string;
  /** `full`: the whole control plane; `api-only`: the API alone. */
  readonly mode: HarnessMode;
  /** Full mode was asked for but this release cannot run it: why (the API alone runs). */
  readonly fullUnavailable?: string;
  readonly scratchDir: string;
  /** The harness's stderr (Nova's log). */
  readonly logFile: string;
  close(): Promise<void>;
}

const SCHEMA_CACHE = join(tmpdir(), 'mvmatrix-real-nova-schemas-v2');

/** Starts the real Nova API; see {@link RealNovaOptions}. Missing python3-nova → PREREQUISITE. */
export async function startRealNova(options: RealNovaOptions = {}): Promise<RunningRealNova> {
  const python = options.python ?? SYSTEM_PYTHON;
  const installation = await checkRealNova(python);
  const asked: HarnessMode = options.full === true ? 'full' : 'api-only';
  const bind = options.bind ?? '127.0.0.1';
  const ownScratch = options.scratchDir === undefined;
  const scratchDir = ownScratch ? await mkdtemp(join(tmpdir(), 'mvmatrix-real-nova-')) : resolve(options.scratchDir!);
  await mkdir(join(scratchDir, 'locks'), { recursive: true });
  const files = harnessFiles(scratchDir, installation.release, options.world ?? DEFAULT_WORLD, {
    ...(options.rpcTimeoutSeconds === undefined ? {} : { rpcTimeoutSeconds: options.rpcTimeoutSeconds }),
    mode: asked,
  });
  for (const [name, content] of Object.entries(files)) await writeFileAtomic(join(scratchDir, name), content);
  const logFile = join(scratchDir, 'harness.log');
  await writeFile(logFile, '');

  const args = [
    join(harnessDirectory(), 'nova_harness.py'),
    '--scratch', scratchDir,
    '--port', String(options.port ?? 0),
    '--bind', bind,
    '--world', join(scratchDir, 'world.json'),
    '--profile', join(scratchDir, 'harness.json'),
    '--api-paste', installation.apiPaste,
    ...(ownScratch ? ['--schema-cache', SCHEMA_CACHE] : []),
    ...(options.fresh ? ['--fresh'] : []),
    '--mode', asked === 'full' ? 'full' : 'api',
  ];
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(python, args, {
      cwd: scratchDir,
      detached: true, // own process group: close() signals the harness and its nova-manage children
      stdio: ['ignore', 'pipe', logFd],
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', ...options.env },
    });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    throw new MvmError(ERROR_CODES.PROVIDER, `could not start ${python}`, { hint: 'check that the interpreter is executable' });
  }
  const stopOnExit = (): void => killGroup(pid, 'SIGKILL');
  process.once('exit', stopOnExit);

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      process.removeListener('exit', stopOnExit);
      await stopGroup(child, pid);
      if (ownScratch) await rm(scratchDir, { recursive: true, force: true });
    })();
    return closed;
  };

  try {
    const ready = await waitForReady(child, logFile, options.startTimeoutMs ?? (asked === 'full' ? 600_000 : 180_000));
    const url = `http://${bind}:${ready.port}/`;
    await waitForVersionDocument(url, logFile);
    return {
      url,
      port: ready.port,
      pid,
      novaVersion: installation.novaVersion,
      mode: harnessModeOf(ready),
      ...(ready.fullUnavailable === null ? {} : { fullUnavailable: ready.fullUnavailable }),
      scratchDir,
      logFile,
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function stopGroup(child: ChildProcess, pid: number): Promise<void> {
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
  killGroup(pid, 'SIGTERM');
  const timer = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 5_000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    killGroup(pid, 'SIGKILL');
    await exited;
  }
  // nova-manage children share the group; make sure none survives the leader.
  killGroup(pid, 'SIGKILL');
}

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
  } catch {
    return '(no log)';
  }
}

function waitForReady(child: ChildProcess, logFile: string, timeoutMs: number): Promise<ReadyLine> {
  return new Promise((resolvePromise, reject) => {
    let buffer = '';
    const fail = (message: string): void => {
      cleanup();
      reject(
        new MvmError(ERROR_CODES.PROVIDER, `the real Nova API did not start: ${message}\n${logTail(logFile)}`, {
          where: logFile,
          hint: 'read the harness log; scripts/install-real-nova.sh repairs a partial installation',
        }),
      );
    };
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      const ready = readReadyLine(buffer);
      if (!ready) return;
      cleanup();
      child.stdout?.resume(); // keep draining: a full pipe would block the harness
      resolvePromise(ready);
    };
    const onExit = (code: number | null, signal: string | null): void => fail(`the harness exited (${signal ?? `code ${code}`})`);
    const timer = setTimeout(() => fail(`no answer after ${timeoutMs} ms`), timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.removeListener('data', onData);
      child.removeListener('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function waitForVersionDocument(url: string, logFile: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}v2.1/`);
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new MvmError(ERROR_CODES.PROVIDER, `the real Nova API at ${url} never answered GET /v2.1/ (${last})\n${logTail(logFile)}`, {
    where: logFile,
  });
}
