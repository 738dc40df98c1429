// Helpers shared by the benchmarks: start a server process and read its first stdout line,
// read a process's CPU time and peak RSS from /proc (Linux), medians and formatting.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import os from 'node:os';

const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ; /proc/<pid>/stat counts in these

/** User + system CPU seconds of a live process (all its threads), from /proc/<pid>/stat. */
export function processCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Peak resident set of a live process in MB (VmHWM), or NaN when unreadable. */
export function processPeakRssMb(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Spawns a command and resolves with the first line it prints on stdout (a URL or a JSON
 * line), the child and a stop() that ends it by PID and waits for it to exit.
 */
export function startProcess(command, args, { env, cwd, label = command, readyPattern } = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    if (stderr.length < 8192) stderr += d;
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (d) => {
      buffered += d;
      for (const line of buffered.split('\n').slice(0, -1)) {
        if (!readyPattern || readyPattern.test(line)) {
          child.stdout.off('data', onData);
          child.stdout.resume();
          resolve(line.trim());
          return;
        }
      }
    };
    child.stdout.on('data', onData);
    exited.then(({ code, signal }) => reject(new Error(`${label} exited before it was ready (${signal ?? code}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`)));
  });
  return {
    child,
    ready,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function median(values) {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "min–max" spread of a series relative to its median, as a percentage (the noise). */
export function spreadPercent(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  const m = median(finite);
  if (!Number.isFinite(m) || m === 0 || finite.length < 2) return 0;
  return ((Math.max(...finite) - Math.min(...finite)) / m) * 100;
}

export function fmtInt(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en') : 'n/a';
}

/** One line describing the machine and its load, printed at the top of every benchmark. */
export function machineLine() {
  const [l1, l5] = os.loadavg();
  return `node ${process.version}, ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${l1.toFixed(1)} / ${l5.toFixed(1)} (1 / 5 min), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port` (for servers that print nothing when ready). */
export async function waitForPort(port, { exited = () => false, label = `port ${port}` } = {}) {
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (exited()) throw new Error(`${label} exited before it listened`);
    await sleep(100);
  }
}
