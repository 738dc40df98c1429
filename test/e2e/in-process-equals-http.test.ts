/**
 * `mvmatrix run` calls the embedded emulator in-process by default (docs/decisions/0003). This
 * proves it loses nothing: the whole default matrix, run once in-process and once over loopback
 * HTTP through the emulator's node:http edge (what `serve` and `run --over-http` use), gives
 * byte-identical matrix.json cells and evidence.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { executeMatrix, prepareMatrix } from '../../src/run/execute.js';
import { openProvider } from '../../src/run/open-provider.js';
import type { MatrixResult } from '../../src/matrix/result.js';
import { serializeMatrixResult } from '../../src/matrix/result-file.js';

const DEFAULT = fileURLToPath(new URL('../../matrix/default.yaml', import.meta.url));

async function run(overHttp: boolean): Promise<MatrixResult> {
  const { expanded, hash } = await prepareMatrix(DEFAULT, 'matrix/default.yaml');
  const provider = await openProvider({ kind: 'emulator', overHttp });
  try {
    return await executeMatrix({ expanded, hash, provider, concurrency: 64 });
  } finally {
    await provider[Symbol.asyncDispose]();
  }
}

/**
 * matrix.json as written to disk from the cells on (one line per cell, then the shared evidence
 * they point into): everything but what measures the run rather than Nova — its metadata
 * (provider, times) and each cell's `durationMs`.
 */
function evidenceAndCellLines(result: MatrixResult): string[] {
  const text = serializeMatrixResult(result);
  return text
    .slice(text.indexOf('"cells": ['))
    .split('\n')
    .map((line) => line.replace(/,"durationMs":[0-9.e+-]+/, ''));
}

describe('the embedded emulator in-process and over HTTP', () => {
  it('gives byte-identical matrix.json cells and evidence for the whole default matrix', async () => {
    const inProcess = await run(false);
    const overHttp = await run(true);
    expect(inProcess.metadata.provider).toBe('emulator: embedded emulator (in-process)');
    expect(overHttp.metadata.provider).toMatch(/^emulator: embedded emulator/);
    expect(overHttp.metadata.provider).not.toBe(inProcess.metadata.provider);

    const a = evidenceAndCellLines(inProcess);
    const b = evidenceAndCellLines(overHttp);
    expect(inProcess.cells.length).toBe(inProcess.metadata.cellsPlanned);
    expect(a.length).toBeGreaterThan(20_000);
    // Evidence that only a real exchange has: 202s with migration records read back, and faults.
    expect(inProcess.cells.some((cell) => cell.migration?.id !== undefined)).toBe(true);
    expect(inProcess.cells.some((cell) => cell.response?.status === 409)).toBe(true);
    expect(a.filter((line) => line.includes('durationMs'))).toEqual([]);
    const firstDifference = a.findIndex((line, i) => line !== b[i]);
    expect(firstDifference === -1 ? null : { inProcess: a[firstDifference], overHttp: b[firstDifference] }).toBeNull();
    expect(b.length).toBe(a.length);
  });
});
