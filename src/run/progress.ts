/**
 * Run progress: a redrawn bar on a terminal (cells done/total, rate, ETA); plain lines every
 * 10 % when not a terminal or in CI; nothing with `--quiet`. The clock is passed in.
 */

export interface ProgressOptions {
  readonly write: (text: string) => void;
  readonly mode: 'bar' | 'lines' | 'quiet';
  readonly now: () => number;
  /** Bar width in characters. */
  readonly width?: number;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Ends the bar's line (or prints the last plain line). */
  finish(done: number, total: number): void;
}

/** `bar` on a TTY outside CI, `lines` otherwise, `quiet` when asked. */
export function progressMode(isTTY: boolean, env: Readonly<Record<string, string | undefined>>, quiet: boolean): ProgressOptions['mode'] {
  if (quiet) return 'quiet';
  const ci = env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false';
  return isTTY && !ci ? 'bar' : 'lines';
}

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  return s < 60 ? `${s.toFixed(s < 10 ? 1 : 0)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

/** Formats one progress line (exported for tests). */
export function progressLine(done: number, total: number, elapsedMs: number, width = 24): string {
  const fraction = total === 0 ? 1 : done / total;
  const filled = Math.round(fraction * width);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  return `[${bar}] ${done}/${total} cells  ${Math.round(rate)} cells/s  ETA ${done === total ? '0s' : seconds(eta)}`;
}

export function createProgress(options: ProgressOptions): Progress {
  const start = options.now();
  let lastDraw = -Infinity;
  let nextTenth = 1;
  return {
    update(done, total) {
      if (options.mode === 'quiet' || total === 0) return;
      const now = options.now();
      if (options.mode === 'bar') {
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        options.write(`\r${progressLine(done, total, now - start, options.width)}`);
        return;
      }
      while (done >= Math.ceil((total * nextTenth) / 10) && nextTenth <= 10) {
        nextTenth++;
        if (done < total) options.write(`progress: ${progressLine(done, total, now - start, options.width)}\n`);
      }
    },
    finish(done, total) {
      if (options.mode === 'quiet') return;
      const line = progressLine(done, total, options.now() - start, options.width);
      options.write(options.mode === 'bar' ? `\r${line}\n` : `progress: ${line}\n`);
    },
  };
}
