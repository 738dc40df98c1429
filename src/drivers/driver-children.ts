/**
 * The driver processes alive in this Node process: started with {@link spawnDriver}, killed
 * synchronously if Node exits with any still running (so no driver outlives a run, whatever
 * the exit path), and the small process helpers the session needs.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** How to start a driver process. */
export interface DriverLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** One line for error messages: `horizon driver (/usr/bin/python3)`. */
  readonly describe: string;
  /** Synchronous set-up before each start (e.g. copying the driver into a chroot). */
  readonly prepare?: () => void;
  /** Extra synchronous cleanup after the process is killed (e.g. `docker rm -f <name>`). */
  readonly cleanup?: () => void;
}

export interface DriverChild {
  readonly child: ChildProcessWithoutNullStreams;
  readonly launch: DriverLaunch;
}

const LIVE = new Set<DriverChild>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  for (const entry of LIVE) {
    entry.child.kill('SIGKILL');
    entry.launch.cleanup?.();
  }
  LIVE.clear();
}

/** Drivers still alive in this process (tests assert none are left behind). */
export function liveDriverCount(): number {
  return LIVE.size;
}

/** Starts a driver process (throws as `spawn` does) and tracks it until it exits. */
export function spawnDriver(launch: DriverLaunch): DriverChild {
  launch.prepare?.();
  const child = spawn(launch.command, [...launch.args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...launch.env } });
  const entry = { child, launch };
  LIVE.add(entry);
  child.on('exit', () => LIVE.delete(entry));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killAllOnExit);
  }
  return entry;
}

/** Kills a driver process now (idempotent); resolves when it has exited. */
export function killDriver(entry: DriverChild): Promise<void> {
  const exited = exitOf(entry.child);
  entry.child.stdin.destroy();
  entry.child.stdout.destroy();
  if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill('SIGKILL');
  forgetDriver(entry);
  return exited;
}

/** The process is gone (or about to be): stop tracking it and run its cleanup. */
export function forgetDriver(entry: DriverChild): void {
  LIVE.delete(entry);
  entry.launch.cleanup?.();
}

/** Resolves when the child has exited (or never started). */
export function exitOf(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve()); // never started (ENOENT): there is no exit to wait for
  });
}

/** `docker rm -f <name>`, synchronously (used as a launch's cleanup). */
export function removeContainerSync(name: string): void {
  spawnSync('docker', ['rm', '-f', name], { stdio: 'ignore', timeout: 30_000 });
}
