/**
 * `mvmatrix run` calls the embedded emulator in-process by default (docs/decisions/0003). This
 * proves it loses nothing: the whole default matrix, run once in-process and once over loopback
 * HTTP through the emulator's node:http edge (what `serve` and `run --over-http` use), gives
 * byte-identical matrix.json cells.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { executeMatrix, prepareMatrix } from '../../src/matrix/execute.js';
import { openProvider } from '../../src/matrix/open-provider.js';
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

/** The cell lines of matrix.json as written to disk (everything after `"cells": [`). */
function cellLines(result: MatrixResult): string[] {
  const text = serializeMatrixResult(result);
  return text.slice(text.indexOf('"cells": [')).split('\n').slice(1, -3);
}

describe('the embedded emulator in-process and over HTTP', () => {
  it('gives byte-identical matrix.json cells for the whole default matrix', async () => {
    const inProcess = await run(false);
    const overHttp = await run(true);
    expect(inProcess.metadata.provider).toBe('emulator: embedded emulator (in-process)');
    expect(overHttp.metadata.provider).toMatch(/^emulator: embedded emulator/);
    expect(overHttp.metadata.provider).not.toBe(inProcess.metadata.provider);

    const a = cellLines(inProcess);
    const b = cellLines(overHttp);
    expect(a.length).toBe(inProcess.metadata.cellsPlanned);
    expect(a.length).toBeGreaterThan(20_000);
    // Evidence that only a real exchange has: 202s with migration records read back, and faults.
    expect(a.some((line) => line.includes('"migration":{"id":'))).toBe(true);
    expect(a.some((line) => line.includes('"status":409'))).toBe(true);
    const firstDifference = a.findIndex((line, i) => line !== b[i]);
    expect(firstDifference === -1 ? null : { inProcess: a[firstDifference], overHttp: b[firstDifference] }).toBeNull();
    expect(b.length).toBe(a.length);
  }, 600_000);
});
