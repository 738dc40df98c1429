/**
 * `mvmatrix run` writes its cells to disk as they finish and renders every report from a compact
 * table of them (src/run/streamed-cells.ts), never from the whole result in memory. This proves
 * that loses nothing: for the default matrix gated against a baseline it differs from
 * (regressions with their evidence, improvements, new and missing cells), matrix.json reads back
 * and re-encodes to the same bytes, and matrix.md, matrix.html, junit.xml and summary.md are
 * byte for byte what the in-memory renderer (`mvmatrix report`'s path) makes of that matrix.json
 * with the same gate.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readMatrixResultFile } from '../../src/matrix/result-io.js';
import { serializeMatrixResult } from '../../src/matrix/result-file.js';
import { readAllowlist, runGate } from '../../src/matrix/gate-io.js';
import { REPORT_FILES, REPORT_FORMATS, renderReport } from '../../src/reports/index.js';
import type { Baseline } from '../../src/matrix/gate.js';
import type { MatrixResult } from '../../src/matrix/result.js';

const TODAY = '2026-12-01';
const dir = mkdtempSync(join(tmpdir(), 'mvm-streamed-reports-'));
const out = join(dir, 'reports');
const baselineFile = join(dir, 'baseline.json');
let code: number;
let stdout = '';

beforeAll(async () => {
  // The committed baseline with some cells changed: better before (regressions, one of them
  // allow-listed by matrix/allowlist.yaml's entries or not), worse before (improvements), one
  // dropped (a new cell) and one the run does not have.
  const baseline = JSON.parse(readFileSync('matrix/baseline.json', 'utf8')) as Baseline;
  const cells: Record<string, string> = { ...baseline.cells };
  const ids = Object.keys(cells);
  let regressions = 0;
  let improvements = 0;
  for (const id of ids) {
    if (regressions < 40 && cells[id] === 'rejected') {
      cells[id] = 'pass';
      regressions++;
    } else if (improvements < 40 && cells[id] === 'pass') {
      cells[id] = 'error';
      improvements++;
    }
  }
  delete cells[ids[7]!];
  cells['horizon@27.0.0|no-such-scenario|zed'] = 'pass';
  writeFileSync(baselineFile, JSON.stringify({ ...baseline, cells }));
  code = await main(['run', '--out', out, '--baseline', baselineFile, '--allowlist', 'matrix/allowlist.yaml', '--today', TODAY], {
    env: {},
    stdout: (t) => void (stdout += t),
    stderr: () => undefined,
    isTTY: false,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run, streaming its cells', () => {
  it('fails the gate on the regressions and still writes every output', () => {
    expect(code).toBe(1);
    expect(stdout).toMatch(/REGRESSIONS \(\d+\)/);
    expect(stdout).toMatch(/1 new, 1 missing/);
  });

  it('writes the matrix.json the in-memory encoder writes for the same result', async () => {
    const text = readFileSync(join(out, 'matrix.json'), 'utf8');
    const result = await readMatrixResultFile(join(out, 'matrix.json'));
    expect(result.cells).toHaveLength(43_180);
    expect(serializeMatrixResult(result)).toBe(text);
  });

  it('renders every report byte for byte as the in-memory renderer does from that matrix.json and the same gate', async () => {
    const result: MatrixResult = await readMatrixResultFile(join(out, 'matrix.json'));
    const allowlist = await readAllowlist('matrix/allowlist.yaml', 'matrix/allowlist.yaml');
    const { gate } = await runGate(result, { baseline: baselineFile, allowlist, update: false, today: TODAY });
    expect(gate!.regressions.length).toBeGreaterThan(0);
    expect(gate!.improvements.length).toBeGreaterThan(0);
    for (const format of REPORT_FORMATS) {
      const written = readFileSync(join(out, REPORT_FILES[format].output), 'utf8');
      expect(written, format).toBe(await renderReport(format, result, { gate: gate! }));
    }
    // The failing JUnit cases carry their cells' evidence (kept for the changed cells only).
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<failure type="[a-z-]+" message="worse than the baseline \(pass → rejected\)[^"]*">Request:\n(POST|Refused)/);
  });
});
