/**
 * A replay cassette that lacks an answer the matrix needs. The replay server answers such a
 * request with its 598 miss diagnostic — an answer no Nova ever sends. The runner must treat it
 * as "no answer from Nova" (an infrastructure failure: exit 3, matrix.partial.json only), never
 * as Nova's 5xx verdict that a gate would count as a regression or a pact as a failure.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readResult } from '../support/read-result.js';
import { builtCli, runCli } from '../support/cli-process.js';
import { snapshot, strayFiles } from '../support/out-dir.js';

const CASSETTE = 'contracts/cassettes/nova-26.2.2-zed-matrix.json';
const MIGRATE_LIVE = '"os-migrateLive"';

interface CassetteJson {
  interactions: Array<{ key: string; request: { body?: string } }>;
  [key: string]: unknown;
}

let dir: string;
let holed: string;
let removedKey: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-replay-miss-'));
  const cassette = JSON.parse(await readFile(CASSETTE, 'utf8')) as CassetteJson;
  // Remove the first recorded live migration: every other answer (discovery, servers) stays.
  const index = cassette.interactions.findIndex((i) => (i.request.body ?? '').includes(MIGRATE_LIVE));
  expect(index).toBeGreaterThanOrEqual(0);
  removedKey = cassette.interactions[index]!.key;
  cassette.interactions.splice(index, 1);
  holed = join(dir, 'zed-without-one-migration.json');
  await writeFile(holed, JSON.stringify(cassette));
});

describe.skipIf(!builtCli)(`a replay cassette without an answer the matrix needs${builtCli ? '' : ' (skipped: run `npm run build` first)'}`, () => {
  it('runs completely from the whole cassette (the control: the hole is what fails)', async () => {
    const run = await runCli(['run', '--provider', 'replay', '--cassette', CASSETTE, '--no-reports', '--out', join(dir, 'whole'), '--quiet']);
    expect(run.code, run.stderr).toBe(0);
  });

  it('exits 3 naming the replay miss and the cassette, writes only matrix.partial.json and no verdict on Nova', async () => {
    const out = join(dir, 'holed');
    const run = await runCli(['run', '--provider', 'replay', '--cassette', holed, '--no-reports', '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/the run is incomplete: \d+ of \d+ cells have no answer from Nova/);
    expect(run.stderr).toContain('no answer from Nova: replay miss: cassette');
    expect(run.stderr).toContain(holed);
    const files = await snapshot(out);
    expect([...files.keys()]).toEqual(['matrix.partial.json']);
    expect(await strayFiles(out)).toEqual([]);

    const partial = await readResult(join(out, 'matrix.partial.json'));
    const missed = partial.cells.filter((c) => c.explanation.includes('replay miss'));
    expect(missed.length).toBeGreaterThan(0);
    for (const cell of missed) {
      expect(cell.outcome).toBe('error');
      // No 598 is kept as if Nova had said it.
      expect(cell.response).toBeNull();
    }
    expect(removedKey).toContain('os-migrateLive');
  });
});
