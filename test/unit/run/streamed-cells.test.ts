/**
 * `run` keeps no cell once it is written (src/run/streamed-cells.ts): the runner hands over each
 * block of finished cells in result order, matrix.json is written from those blocks, and the
 * gate and reports read the compact table recorded from them. This proves the streamed path
 * loses nothing: the same cells, in the same order, the same matrix.json bytes and the same
 * gate verdict as the whole result in memory, whatever the block size.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMatrixDefinition } from '../../../src/matrix/definition.js';
import { expandMatrix } from '../../../src/matrix/expand.js';
import { CLIENTS, PROFILE_REGISTRY, executeMatrix } from '../../../src/run/execute.js';
import { StreamedCells, blockRowsFor } from '../../../src/run/streamed-cells.js';
import { startInProcessEmulatorProvider } from '../../../src/providers/emulator/in-process-provider.js';
import { serializeMatrixResult } from '../../../src/matrix/result-file.js';
import { MatrixResultStream } from '../../../src/matrix/result-stream.js';
import type { CellResult, MatrixResult } from '../../../src/matrix/result.js';
import { baselineFromResult, compareWithBaseline, type Baseline } from '../../../src/matrix/gate.js';

const schema = JSON.parse(readFileSync(new URL('../../../matrix/schema/matrix.schema.json', import.meta.url), 'utf8')) as object;
const MATRIX = `version: 1
targets: [mitaka, zed, "2.30", "2.68", hibiscus]
profiles: [horizon-legacy, horizon-60455e5ff, openstacksdk, novaclient]
scenarios:
  - id: named-doc
    intent: { host: named, blockMigration: false, diskOverCommit: true }
  - id: auto
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
  - id: auto-block
    intent: { host: auto, blockMigration: true, diskOverCommit: false }
`;
const expanded = expandMatrix(parseMatrixDefinition(MATRIX, 'streamed.yaml', schema), PROFILE_REGISTRY);
const dir = mkdtempSync(join(tmpdir(), 'mvm-streamed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIXED = new Date('2026-12-01T00:00:00.000Z');
/** Runs the matrix on a fresh in-process emulator, streamed (blockRows) or not. */
async function run(blockRows?: number, onBlock?: Parameters<typeof executeMatrix>[0]['onBlock']): Promise<MatrixResult> {
  const provider = await startInProcessEmulatorProvider();
  try {
    return await executeMatrix({ expanded, hash: 'h', provider, clients: CLIENTS, now: () => FIXED, ...(onBlock ? { onBlock, blockRows } : {}) });
  } finally {
    await provider[Symbol.asyncDispose]();
  }
}
/** Cells without what measures the run rather than Nova. */
const steady = (cells: readonly CellResult[]) => cells.map(({ durationMs: _d, ...rest }) => rest);

describe('the runner streaming its cells', () => {
  it('hands over every cell once, in result order, block after block, and keeps none', async () => {
    const whole = await run();
    const seen: CellResult[] = [];
    const positions: number[] = [];
    let blocks = 0;
    const streamed = await run(2, (cells, matrixCells, at) => {
      blocks++;
      expect(matrixCells.map((c) => c.id)).toEqual(cells.map((c) => c.id));
      seen.push(...cells);
      positions.push(...at);
    });
    expect(streamed.cells).toEqual([]);
    expect(blocks).toBe(Math.ceil((expanded.profiles.length * 3) / 2));
    expect(positions).toEqual(whole.cells.map((_, i) => i));
    expect(steady(seen)).toEqual(steady(whole.cells));
  });

  it('writes the matrix.json bytes and gives the gate verdict of the whole result in memory, for any block size', async () => {
    const whole = await run();
    // A baseline the run differs from: two cells better before (regressions), one worse (an
    // improvement), one the baseline lacks and one the run lacks.
    const base = baselineFromResult(whole);
    const cells: Record<string, string> = { ...base.cells };
    const ids = whole.cells.map((c) => c.id);
    const notPass = whole.cells.filter((c) => c.outcome !== 'pass').map((c) => c.id);
    const pass = whole.cells.filter((c) => c.outcome === 'pass').map((c) => c.id);
    cells[notPass[0]!] = 'pass';
    cells[notPass[1]!] = 'pass';
    cells[pass[0]!] = 'error';
    delete cells[ids[ids.length - 1]!];
    cells['gone|gone|zed'] = 'pass';
    const baseline = { ...base, cells } as Baseline;
    const expectedGate = compareWithBaseline(whole, baseline, { entries: [] }, '2026-12-01');
    expect(expectedGate.regressions).toHaveLength(2);

    for (const blockRows of [1, 5, blockRowsFor(expanded)]) {
      const file = join(dir, `matrix-${blockRows}.json`);
      const sink = await StreamedCells.open({ outFile: file, expanded, baseline });
      const head = await run(blockRows, sink.block);
      sink.adopt(head);
      await sink.output.finish(file, head);
      const written = readFileSync(file, 'utf8');
      // Same bytes as the in-memory result (durations aside: each run measures its own).
      const noDurations = (text: string) => text.replace(/,"durationMs":[0-9.e+-]+/g, '');
      expect(noDurations(written)).toBe(noDurations(serializeMatrixResult({ ...whole, metadata: head.metadata })));
      // The gate from the compact table says what the gate over the whole result says.
      const gate = compareWithBaseline({ metadata: head.metadata, cells: sink.table.gateCells() }, baseline, { entries: [] }, '2026-12-01');
      expect(gate).toEqual(expectedGate);
      // The changed cells kept their evidence (what a failing JUnit case shows); no others did.
      const changed = new Set([...gate.regressions, ...gate.improvements].map((c) => c.id));
      for (let i = 0; i < sink.table.count; i++) expect(sink.table.detail(i) !== undefined).toBe(changed.has(sink.table.id(i)));
      expect(sink.summary.ran).toBe(whole.cells.length);
      // The spool is gone: only the result file is left.
      expect(readdirSync(dir).filter((f) => f.includes(`matrix-${blockRows}.json`))).toEqual([`matrix-${blockRows}.json`]);
    }
  });

  it('writes a result without cells as the in-memory encoder does', async () => {
    const whole = await run();
    const file = join(dir, 'empty.json');
    const stream = await MatrixResultStream.open(file, whole.metadata.targets);
    await stream.finish(file, whole);
    expect(readFileSync(file, 'utf8')).toBe(serializeMatrixResult({ ...whole, cells: [] }));
    expect(JSON.parse(readFileSync(file, 'utf8')).cells).toEqual([]);
  });

  it('drops its spool when the run fails before the result is written', async () => {
    const file = join(dir, 'failed.json');
    const sink = await StreamedCells.open({ outFile: file, expanded });
    await run(1, sink.block);
    expect(readdirSync(dir).some((f) => f.startsWith('.failed.json.'))).toBe(true);
    await sink.output.discard();
    expect(readdirSync(dir).filter((f) => f.includes('failed.json'))).toEqual([]);
  });
});
