/**
 * `MVMATRIX_TIMINGS=<file>`: a command appends one JSON line with its phases (wall and CPU time
 * each), its total wall time since the process started, its CPU time and its peak RSS. Used by
 * `npm run bench:matrix`; off unless the variable is set.
 */
import { appendFileSync } from 'node:fs';
import { phaseTimings } from '../util/phase-marks.js';

export function writeTimings(env: Readonly<Record<string, string | undefined>>, command: string, extra: Record<string, unknown> = {}): void {
  const file = env['MVMATRIX_TIMINGS'];
  if (!file) return;
  const cpu = process.cpuUsage();
  const line = {
    command,
    ...extra,
    phases: phaseTimings(),
    wallMs: performance.now(),
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}
