/**
 * Phase marks for the benchmarks: `markPhase('cells')` records when a phase of a command ended
 * (wall time since the process started, and the process's CPU time then), through the global
 * `performance` timeline. Costs next to nothing; nothing reads the marks unless
 * `MVMATRIX_TIMINGS` asks for them ({@link phaseTimings}, `bench/matrix.js`).
 */

const PREFIX = 'mvmatrix:';

interface CpuDetail {
  readonly user: number;
  readonly system: number;
}

/** Marks the end of a phase (`cells`, `matrix.json`, `report:md` …). */
export function markPhase(name: string): void {
  performance.mark(`${PREFIX}${name}`, { detail: process.cpuUsage() });
}

export interface PhaseTiming {
  readonly name: string;
  /** Wall time of the phase (since the previous mark, or since the process started). */
  readonly ms: number;
  /** CPU time of the whole process (all threads) during the phase. */
  readonly cpuMs: number;
}

/** The phases marked so far, in order; the first starts when the process did. */
export function phaseTimings(): PhaseTiming[] {
  const out: PhaseTiming[] = [];
  let lastMs = 0;
  let lastCpu = 0;
  for (const entry of performance.getEntriesByType('mark')) {
    if (!entry.name.startsWith(PREFIX)) continue;
    const detail = (entry as { detail?: unknown }).detail as CpuDetail;
    const cpu = (detail.user + detail.system) / 1000;
    out.push({ name: entry.name.slice(PREFIX.length), ms: entry.startTime - lastMs, cpuMs: cpu - lastCpu });
    lastMs = entry.startTime;
    lastCpu = cpu;
  }
  return out;
}
