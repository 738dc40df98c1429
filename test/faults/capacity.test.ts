/**
 * Capacity limits where they bite (issue #14, case 4). The emulator keeps at most
 * `maxFreshServers` fresh servers per target (20,000 in the default world) and drops the oldest;
 * the runner makes a target's servers in waves of at most that many, so no server is dropped
 * before its cell has run. And a server's newest migration record is never dropped while the
 * server exists, so the read-back after a 2.34+ 202 always finds it. Tested at the edge of a
 * small world's cap and at the size the issue reported (11 profiles × 1,900 scenarios on zed).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProfiles } from '../../src/clients/index.js';
import type { MatrixResult } from '../../src/matrix/result.js';
import { readResult } from '../support/read-result.js';
import { ROOT, builtCli, runCli, startServe, stop, type CliProcess } from '../support/cli-process.js';
import { plainMatrix } from '../support/out-dir.js';

const CAP = 50;
let dir: string;
let serve: CliProcess | undefined;
let smallWorldUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-capacity-'));
  const world = (await readFile(join(ROOT, 'worlds/default.yaml'), 'utf8')).replace(/maxFreshServers: 20000/, `maxFreshServers: ${CAP}`);
  expect(world).toContain(`maxFreshServers: ${CAP}`);
  await writeFile(join(dir, 'small-world.yaml'), world);
  if (builtCli) {
    const started = await startServe(['--world', join(dir, 'small-world.yaml')]);
    serve = started.proc;
    smallWorldUrl = started.url;
  }
});

afterAll(async () => {
  await stop(serve);
});

async function runMatrix(name: string, text: string, extra: string[]): Promise<{ code: number | null; stderr: string; result: MatrixResult }> {
  const matrix = join(dir, `${name}.yaml`);
  await writeFile(matrix, text);
  const out = join(dir, `out-${name}`);
  const run = await runCli(['run', '--matrix', matrix, '--out', out, '--no-reports', '--quiet', ...extra]);
  expect(run.stderr).toBe('');
  return { code: run.code, stderr: run.stderr, result: await readResult(join(out, 'matrix.json')) };
}

function outcomes(result: MatrixResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const cell of result.cells) counts[cell.outcome] = (counts[cell.outcome] ?? 0) + 1;
  return counts;
}

describe.skipIf(!builtCli)(`the fresh-server cap${builtCli ? '' : ' (skipped: run `npm run build` first)'}`, () => {
  it('reports the cap on the control API', async () => {
    const limits = (await (await fetch(`${smallWorldUrl}@zed/_mvmatrix/limits`)).json()) as Record<string, number>;
    expect(limits).toEqual({ maxFreshServers: CAP, maxMigrationRecords: 2 * CAP, maxRequestBodyBytes: 114688 });
  });

  for (const cells of [CAP, CAP + 1, 2 * CAP + 7]) {
    it(`runs ${cells} cells on one target of a world that keeps ${CAP} fresh servers, every one on its own live server`, async () => {
      const { code, result } = await runMatrix(`edge-${cells}`, plainMatrix('zed', ['novaclient@2.68'], cells), ['--provider', 'url', '--target-url', `${smallWorldUrl}@zed/v2.1`, '--target', 'zed']);
      expect(code).toBe(0);
      expect(outcomes(result)).toEqual({ pass: cells });
      // Every server id is different: no cell reused or lost another's server.
      expect(new Set(result.cells.map((c) => c.request!.path)).size).toBe(cells);
    });
  }

  it('runs 11 profiles × 1,900 scenarios on zed (20,900 servers, past the default cap of 20,000) with no cell losing its server', async () => {
    // The issue's case: 11 profiles (the count main listed then) × 1,900 scenarios.
    const profiles = listProfiles().map((p) => p.id).slice(0, 11);
    expect(profiles).toHaveLength(11);
    const { code, result } = await runMatrix('issue-size', plainMatrix('zed', profiles, 1900), []);
    expect(code).toBe(0);
    expect(result.cells).toHaveLength(20_900);
    expect(result.cells.filter((c) => c.response?.status === 404)).toEqual([]);
    expect(outcomes(result)).toEqual({ pass: 20_900 });
  });
});

describe.skipIf(!builtCli)('migration records past the record cap', () => {
  it('reads back the failed migration of every cell even after 5,100 migrations still in progress on the target', async () => {
    const lines = ['version: 1', 'targets: [zed]', 'profiles: [novaclient@2.68]', 'scenarios:'];
    for (let i = 0; i < 5100; i++) lines.push(`  - id: ok-${i}`, '    intent: { host: auto, blockMigration: auto, diskOverCommit: false }');
    // Block migration off on local storage: accepted (202), then the pre-checks fail (2.34+).
    for (let i = 0; i < 40; i++) lines.push(`  - id: local-false-${i}`, '    intent: { host: auto, blockMigration: false, diskOverCommit: false }', '    world: { server: active-local-disk }');
    const { code, result } = await runMatrix('records', `${lines.join('\n')}\n`, []);
    expect(code).toBe(0);
    const late = result.cells.filter((c) => c.scenario.startsWith('local-false-'));
    expect(late).toHaveLength(40);
    for (const cell of late) {
      expect(cell.outcome, cell.explanation).toBe('rejected');
      expect(cell.migration?.status).toBe('error');
    }
  });
});
