/**
 * Unbounded input (issue #14, case 6): every input file is refused by size before it is parsed
 * (exit 2, naming the file and the limit), YAML aliases cannot expand without bound, and a
 * parser failure is exit 2 with the file and the line — never a stack trace or exit 3.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/in-process-cli.js';
import { aliasBomb } from '../support/alias-bomb.js';
import { sparseFile } from '../support/sparse-file.js';

let dir: string;
let okMatrix: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-bounds-'));
  okMatrix = join(dir, 'ok.yaml');
  await writeFile(okMatrix, `${HEAD}scenarios:\n  - id: a\n    intent: { host: auto, blockMigration: false, diskOverCommit: false }\n`);
});

const HEAD = 'version: 1\ntargets: [zed]\nprofiles: [horizon-legacy]\n';

describe('bounded input', () => {
  it('refuses a YAML alias bomb in a matrix with exit 2, the file and the line, and no stack trace', async () => {
    const matrix = join(dir, 'bomb.yaml');
    await writeFile(matrix, `${HEAD}${aliasBomb()}scenarios: *a8\n`);
    const run = await cli(['run', '--matrix', matrix, '--out', join(dir, 'out'), '--no-reports']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: ${matrix}: / (line 5, column 10): YAML aliases expand too much (more than 100 alias expansions): refused as a resource exhaustion attempt\nhint: see docs/matrix.md for the matrix file format (schema: matrix/schema/matrix.schema.json)\n`,
    );
  });

  it('refuses a YAML alias bomb in a world and an allow-list the same way', async () => {
    const world = join(dir, 'bomb-world.yaml');
    await writeFile(world, aliasBomb());
    const serve = await cli(['serve', '--port', '0', '--world', world]);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain(`${world} (line 2, column 10): YAML aliases expand too much`);
    const allowlist = join(dir, 'bomb-allow.yaml');
    await writeFile(allowlist, aliasBomb());
    const check = await cli(['check', '--baseline', join(dir, 'none.json'), '--from', join(dir, 'none.json'), '--allowlist', allowlist]);
    expect(check.code).toBe(2);
  });

  it('refuses a 50 MB matrix and a 5 MB invalid one by their size, before parsing', async () => {
    for (const [name, size] of [['m50.yaml', 50 * 1024 * 1024], ['m5.yaml', 5 * 1024 * 1024]] as const) {
      const matrix = await sparseFile(dir, name, size);
      const run = await cli(['run', '--matrix', matrix, '--no-reports']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`error: ${matrix}: the matrix file is larger than its 1 MiB limit (${size} bytes seen); refused before parsing`);
    }
  });

  it('reports the line of an error in a large matrix under the limit', async () => {
    const matrix = join(dir, 'big-invalid.yaml');
    const filler = Array.from({ length: 9000 }, (_, i) => `  - id: s${i}\n    intent: { host: auto, blockMigration: false, diskOverCommit: false }\n`).join('');
    await writeFile(matrix, `${HEAD}scenarios:\n  - id: broken\n    intent: { host: auto, blockMigration: maybe, diskOverCommit: false }\n${filler}`);
    const run = await cli(['run', '--matrix', matrix, '--no-reports']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: .*big-invalid\.yaml: \/scenarios\/0\/intent\/blockMigration \(line 6, column \d+\): /);
  });

  it('refuses a 50 MB world, a 65 MB baseline and a 65 MB cassette by size, with exit 2', async () => {
    const world = await sparseFile(dir, 'w.yaml', 50 * 1024 * 1024);
    const serve = await cli(['serve', '--port', '0', '--world', world]);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain('the world file is larger than its 1 MiB limit');

    expect((await cli(['run', '--matrix', okMatrix, '--out', join(dir, 'res'), '--no-reports', '--quiet'])).code).toBe(0);
    const result = join(dir, 'res', 'matrix.json');
    const baseline = await sparseFile(dir, 'b.json', 65 * 1024 * 1024);
    const check = await cli(['check', '--baseline', baseline, '--from', result, '--allowlist', world]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('larger than its 1 MiB limit'); // the allow-list is read first

    const check2 = await cli(['check', '--baseline', baseline, '--from', result]);
    expect(check2.code).toBe(2);
    expect(check2.stderr).toContain('the baseline is larger than its 64 MiB limit');

    const cassette = await sparseFile(dir, 'c.json', 65 * 1024 * 1024);
    const replay = await cli(['run', '--provider', 'replay', '--cassette', cassette, '--matrix', okMatrix, '--no-reports', '--out', join(dir, 'o-big')]);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toContain('the cassette is larger than its 64 MiB limit');
  });

  it('refuses a cassette that is not JSON with the line and column', async () => {
    const cassette = join(dir, 'broken-cassette.json');
    await writeFile(cassette, '{\n  "format": "mvmatrix-cassette",\n  "version": 1,\n  oops\n}\n');
    const replay = await cli(['run', '--provider', 'replay', '--cassette', cassette, '--matrix', okMatrix, '--no-reports', '--out', join(dir, 'o')]);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toContain(`error: ${cassette} (line 4, column 3): not valid JSON`);
  });
});
