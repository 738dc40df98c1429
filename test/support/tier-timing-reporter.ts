/**
 * A vitest reporter that makes the cost of each tier visible when `npm test` runs them all in
 * one run (as `.ci/run` does): one line per tier (test/tiers.ts) at the end,
 *
 *   == timing test:<tier>: <wall> s wall, <in files> s in files (<n> files, <state>)
 *
 * where wall is the tier's first file start to its last file end (tiers overlap: vitest runs
 * files of several tiers at once) and "in files" sums its files' own durations. With
 * `MVMATRIX_CI_TIMINGS` set (`.ci/run`), the lines are also appended to that file, beside the
 * stage timings of scripts/ci/stage.sh. It reports; it never fails a run.
 */
import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

interface TierClock {
  first: number;
  last: number;
  inFiles: number;
  files: number;
  failed: number;
}

export default class TierTimingReporter implements Reporter {
  private readonly started = new Map<string, number>();
  private readonly tiers = new Map<string, TierClock>();

  onTestModuleStart(module: TestModule): void {
    this.started.set(module.moduleId, Date.now());
  }

  onTestModuleEnd(module: TestModule): void {
    const now = Date.now();
    const start = this.started.get(module.moduleId) ?? now;
    const tier = module.project.name || 'default';
    const clock = this.tiers.get(tier) ?? { first: start, last: now, inFiles: 0, files: 0, failed: 0 };
    clock.first = Math.min(clock.first, start);
    clock.last = Math.max(clock.last, now);
    clock.inFiles += module.diagnostic().duration;
    clock.files += 1;
    if (module.state() === 'failed') clock.failed += 1;
    this.tiers.set(tier, clock);
  }

  onTestRunEnd(): void {
    const lines = [...this.tiers]
      .sort(([, a], [, b]) => a.first - b.first)
      .map(([tier, c]) => {
        const state = c.failed === 0 ? 'passed' : `${c.failed} failed`;
        return `== timing test:${tier}: ${seconds(c.last - c.first)} s wall, ${seconds(c.inFiles)} s in files (${c.files} files, ${state})`;
      });
    if (lines.length === 0) return;
    process.stdout.write(`${lines.join('\n')}\n`);
    const file = process.env['MVMATRIX_CI_TIMINGS'];
    if (file) appendFileSync(file, `${lines.join('\n')}\n`);
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
