import { describe, expect, it } from 'vitest';
import { createProgress, progressLine, progressMode } from '../../../src/run/progress.js';

describe('progress', () => {
  it('draws a bar on a terminal, plain lines in CI or when piped, nothing when quiet', () => {
    expect(progressMode(true, {}, false)).toBe('bar');
    expect(progressMode(true, { CI: 'true' }, false)).toBe('lines');
    expect(progressMode(false, {}, false)).toBe('lines');
    expect(progressMode(true, {}, true)).toBe('quiet');
  });

  it('shows done/total, rate and ETA', () => {
    expect(progressLine(500, 1000, 250, 10)).toBe('[#####.....] 500/1000 cells  2000 cells/s  ETA 0.3s');
    expect(progressLine(1000, 1000, 500, 10)).toBe('[##########] 1000/1000 cells  2000 cells/s  ETA 0s');
  });

  it('prints one plain line per tenth and a final line, and redraws the bar in place', () => {
    let t = 0;
    const lines: string[] = [];
    const plain = createProgress({ write: (s) => lines.push(s), mode: 'lines', now: () => t, width: 4 });
    for (let done = 1; done <= 100; done++) {
      t += 10;
      plain.update(done, 100);
    }
    plain.finish(100, 100);
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.startsWith('progress: ') && l.endsWith('\n'))).toBe(true);
    expect(lines[0]).toContain('10/100 cells');

    const drawn: string[] = [];
    const bar = createProgress({ write: (s) => drawn.push(s), mode: 'bar', now: () => t, width: 4 });
    t += 200;
    bar.update(50, 100);
    bar.update(51, 100); // throttled: same instant
    bar.finish(100, 100);
    expect(drawn).toHaveLength(2);
    expect(drawn[0]!.startsWith('\r[##..] 50/100')).toBe(true);
    expect(drawn[1]!.endsWith('\n')).toBe(true);

    const silent: string[] = [];
    const quiet = createProgress({ write: (s) => silent.push(s), mode: 'quiet', now: () => t });
    quiet.update(1, 2);
    quiet.finish(2, 2);
    expect(silent).toEqual([]);
  });
});
