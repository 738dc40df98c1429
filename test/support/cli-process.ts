/**
 * The real `mvmatrix` binary (the build `npm test` makes) as a child process, for tests that
 * need real processes: signals, exit codes, a provider killed mid-run. Tests synchronise on
 * what the process prints (a URL line, a progress line), never on wall-clock sleeps.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/mvmatrix.js', import.meta.url));

/** `npm test` builds first; outside CI a missing build skips, with the reason in the suite name. */
export const builtCli = existsSync(new URL('../../dist/cli/main.js', import.meta.url)) || process.env['CI'] === 'true';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<Exit>;
  /** Resolves with the output so far once `pattern` matches it; rejects if the process exits first. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<string>;
}

export interface SpawnOptions {
  /** Extra environment (on top of a minimal one: PATH, HOME). */
  readonly env?: Readonly<Record<string, string>>;
  /** Modules loaded with `node --import` before the CLI (fault hooks). */
  readonly preload?: readonly string[];
  readonly cwd?: string;
}

export function spawnCli(args: readonly string[], options: SpawnOptions = {}): CliProcess {
  const nodeArgs = [...(options.preload ?? []).flatMap((p) => ['--import', p]), BIN, ...args];
  const child = spawn(process.execPath, nodeArgs, {
    cwd: options.cwd ?? ROOT,
    stdio: 'pipe',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root', ...options.env },
  });
  const text = { stdout: '', stderr: '' };
  const watchers: { stream: 'stdout' | 'stderr'; pattern: RegExp; resolve: (s: string) => void; reject: (e: Error) => void }[] = [];
  const check = (): void => {
    for (const w of [...watchers]) {
      if (w.pattern.test(text[w.stream])) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(text[w.stream]);
      }
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    text.stdout += d.toString();
    check();
  });
  child.stderr.on('data', (d: Buffer) => {
    text.stderr += d.toString();
    check();
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => {
      check();
      for (const w of watchers.splice(0)) {
        w.reject(new Error(`the process exited (${code ?? signal}) before printing ${w.pattern} on ${w.stream}; stderr: ${text.stderr.slice(-2000)}`));
      }
      resolve({ code, signal });
    });
  });
  return {
    child,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    exited,
    waitFor(stream, pattern) {
      if (pattern.test(text[stream])) return Promise.resolve(text[stream]);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`the process already exited; stderr: ${text.stderr}`));
      return new Promise((resolve, reject) => watchers.push({ stream, pattern, resolve, reject }));
    },
  };
}

/** Runs the CLI to its end. */
export async function runCli(args: readonly string[], options: SpawnOptions = {}): Promise<Exit & { stdout: string; stderr: string }> {
  const proc = spawnCli(args, options);
  const exit = await proc.exited;
  return { ...exit, stdout: proc.stdout(), stderr: proc.stderr() };
}

/** `mvmatrix serve` on a free port: resolves with the process and its root URL (first stdout line). */
export async function startServe(args: readonly string[], options: SpawnOptions = {}): Promise<{ proc: CliProcess; url: string }> {
  const proc = spawnCli(['serve', '--port', '0', ...args], options);
  const out = await proc.waitFor('stdout', /\n/);
  return { proc, url: out.slice(0, out.indexOf('\n')) };
}

/** Stops a process started by a test (SIGKILL; a no-op when it has exited). */
export async function stop(proc: CliProcess | undefined): Promise<void> {
  if (!proc) return;
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
  await proc.exited;
}
