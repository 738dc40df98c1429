/**
 * Input files are refused by size before they are parsed: a size check on `stat`, so the refusal
 * of a 50 MB file costs no parse (a sparse file proves it: its bytes are never read).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INPUT_LIMITS, readInputFile, readInputFileSync } from '../../../src/fs/bounded-read.js';
import { sparseFile } from '../../support/sparse-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-bounded-'));
});

describe('bounded input reads', () => {
  it('states a limit for every kind of input, with room for the shipped files', () => {
    expect(INPUT_LIMITS.matrix.maxBytes).toBe(1024 * 1024);
    expect(INPUT_LIMITS.baseline.maxBytes).toBeGreaterThan(10 * 1_458_394); // the committed baseline
    expect(INPUT_LIMITS.cassette.maxBytes).toBeGreaterThan(100 * 323_613); // the largest committed cassette
  });

  it('refuses a file over its limit from its size alone, before reading a byte', async () => {
    const path = await sparseFile(dir, 'big.yaml', 50 * 1024 * 1024);
    // The whole size is known: it came from stat, not from reading (a read stops just past the limit).
    await expect(readInputFile(path, 'matrix')).rejects.toMatchObject({
      code: 'MVM_ERR_INPUT_TOO_LARGE',
      where: path,
      message: 'the matrix file is larger than its 1 MiB limit (52428800 bytes seen); refused before parsing',
    });
    expect(() => readInputFileSync(path, 'world')).toThrow(expect.objectContaining({ code: 'MVM_ERR_INPUT_TOO_LARGE', message: expect.stringContaining('(52428800 bytes seen)') }));
  });

  it('reads a file at the limit, and refuses one byte more', async () => {
    const limit = INPUT_LIMITS.allowlist.maxBytes;
    const at = join(dir, 'at.yaml');
    await writeFile(at, 'x'.repeat(limit));
    expect((await readInputFile(at, 'allowlist')).length).toBe(limit);
    const over = join(dir, 'over.yaml');
    await writeFile(over, 'x'.repeat(limit + 1));
    await expect(readInputFile(over, 'allowlist')).rejects.toMatchObject({ code: 'MVM_ERR_INPUT_TOO_LARGE' });
  });

  it('names a missing file or a directory with the kind\'s own error code', async () => {
    await expect(readInputFile(join(dir, 'none.json'), 'baseline')).rejects.toMatchObject({ code: 'MVM_ERR_INVALID_BASELINE', message: 'cannot read the baseline: ENOENT' });
    await expect(readInputFile(dir, 'cassette')).rejects.toMatchObject({ code: 'MVM_ERR_INVALID_CASSETTE', message: 'the cassette is not a regular file' });
  });
});
