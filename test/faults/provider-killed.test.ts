/**
 * A Nova that dies partway through a run (issue #14, case 1). `mvmatrix serve` is killed with
 * SIGKILL when its HTTP server starts the Nth request (fixtures/signal-at-event.mjs; N seeded), while
 * `mvmatrix run --provider url` works against it. The run must exit 3, name the first failure
 * (cell, URL, error) and how many cells it took, leave the previous good outputs byte for byte,
 * put what it has beside them in matrix.partial.json, and leave no temporary file.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/conformance/corpus/prng.js';
import { readResult } from '../support/read-result.js';
import { builtCli, runCli, startServe, stop } from '../support/cli-process.js';
import { plainMatrix, snapshot, strayFiles } from '../support/out-dir.js';

const FAULT = fileURLToPath(new URL('./fixtures/signal-at-event.mjs', import.meta.url));
const dieAt = (n: number) => ({ preload: [FAULT], env: { MVM_FAULT_CHANNEL: 'http.server.request.start', MVM_FAULT_AT: String(n), MVM_FAULT_SIGNAL: 'SIGKILL' } });
const PROFILES = ['horizon-legacy', 'horizon-60455e5ff', 'novaclient@2.30', 'openstacksdk'];
const SCENARIOS = 50;
const CELLS = PROFILES.length * SCENARIOS; // 200, each with its own server
// Requests the server sees: the limits and discovery GETs, then one POST per fresh server (200),
// then one os-migrateLive per cell (200).
const random = seededRandom(0x14_01);
const DURING_REQUESTS = 230 + random.int(150);
const DURING_PROVISIONING = 10 + random.int(150);

let dir: string;
let matrix: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-killed-'));
  matrix = join(dir, 'm.yaml');
  await writeFile(matrix, plainMatrix('zed', PROFILES, SCENARIOS));
});

/** A complete run into `out`: the "previous good reports". */
async function goodRun(out: string): Promise<Map<string, Buffer>> {
  const { proc, url } = await startServe([]);
  try {
    const run = await runCli(['run', '--provider', 'url', '--target-url', `${url}@zed/v2.1`, '--target', 'zed', '--matrix', matrix, '--out', out, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  } finally {
    await stop(proc);
  }
  const files = await snapshot(out);
  expect([...files.keys()]).toContain('matrix.json');
  return files;
}

describe.skipIf(!builtCli)(`a provider killed mid-run${builtCli ? '' : ' (skipped: run `npm run build` first)'}`, () => {
  it(`exits 3 naming the first failure and the cells it took, keeps the previous outputs and writes matrix.partial.json beside them (killed at request ${DURING_REQUESTS})`, async () => {
    const out = join(dir, 'out-requests');
    const before = await goodRun(out);
    const { proc, url } = await startServe([], dieAt(DURING_REQUESTS));
    const run = await runCli(['run', '--provider', 'url', '--target-url', `${url}@zed/v2.1`, '--target', 'zed', '--matrix', matrix, '--out', out]);
    expect((await proc.exited).signal).toBe('SIGKILL');

    expect(run.code).toBe(3);
    const origin = url.replace(/\/$/, '');
    expect(run.stderr).toMatch(/the run is incomplete: \d+ of 200 cells have no answer from Nova \(\d+ failed, \d+ not run after the first failure\)/);
    const firstFailure = /first failure: ([^|\s]+\|s-\d{3}\|zed): (.*)/.exec(run.stderr);
    expect(firstFailure, run.stderr).not.toBeNull();
    expect(firstFailure![2]).toContain(origin);
    expect(firstFailure![2]).toMatch(/ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET|UND_ERR_CLOSED/);
    expect(run.stderr).toContain(`${join(out, 'matrix.partial.json')}`);
    expect(run.stdout).not.toMatch(/^wrote .*matrix\.json/m);

    const after = await snapshot(out);
    for (const [name, bytes] of before) expect(after.get(name)?.equals(bytes), `${name} unchanged`).toBe(true);
    expect([...after.keys()].sort()).toEqual([...before.keys(), 'matrix.partial.json'].sort());
    expect(await strayFiles(out)).toEqual([]);

    const partial = await readResult(join(out, 'matrix.partial.json'));
    expect(partial.metadata.cellsPlanned).toBe(CELLS);
    expect(partial.cells.length).toBeLessThan(CELLS);
    expect(partial.cells.some((c) => c.response !== null)).toBe(true);
    const affected = Number(/: (\d+) of 200 cells have no answer/.exec(run.stderr)![1]);
    expect(affected).toBe(CELLS - partial.cells.filter((c) => c.response !== null).length);
  });

  it(`exits 3 naming the refused connection when it dies while servers are made, replacing nothing (killed at request ${DURING_PROVISIONING})`, async () => {
    const out = join(dir, 'out-provisioning');
    const before = await goodRun(out);
    const { proc, url } = await startServe([], dieAt(DURING_PROVISIONING));
    const run = await runCli(['run', '--provider', 'url', '--target-url', `${url}@zed/v2.1`, '--target', 'zed', '--matrix', matrix, '--out', out]);
    expect((await proc.exited).signal).toBe('SIGKILL');

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/first failure: [^|\s]+\|s-\d{3}\|zed: .*(ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET)/);
    expect(run.stderr).toContain(`${url}@zed/`);
    expect(run.stderr).toMatch(/no cell got an answer from Nova; the run is incomplete: 200 of 200 cells have no answer/);
    const after = await snapshot(out);
    for (const [name, bytes] of before) expect(after.get(name)?.equals(bytes), `${name} unchanged`).toBe(true);
    expect(await strayFiles(out)).toEqual([]);
  });
});
