/**
 * `mvmatrix run` end to end through the CLI entry (in-process), on the embedded emulator and on
 * a URL: outcome classes from real cells, schema errors, exit codes and the written files.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { MatrixResult } from '../../src/matrix/result.js';
import { readMatrixResultFile } from '../../src/matrix/result-io.js';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { env: {}, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-run-'));
});

/** One real cell per outcome class the emulator can produce. */
const OUTCOME_MATRIX = `version: 1
targets: [mitaka, zed]
profiles: [horizon-legacy, horizon-60455e5ff, openstackclient@2.30, openstacksdk@0.101.0]
scenarios:
  - id: auto-plain
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
  - id: auto-doc
    intent: { host: auto, blockMigration: false, diskOverCommit: true }
  - id: named-doc
    intent: { host: named, blockMigration: false, diskOverCommit: true }
  - id: shutoff
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
    world: { server: shutoff }
    expect: { error: { status: 409, message: vm_state stopped } }
`;

async function readResult(outDir: string): Promise<MatrixResult> {
  return readMatrixResultFile(join(outDir, 'matrix.json'));
}

describe('mvmatrix run on the embedded emulator', () => {
  it('writes matrix.json with one classified cell per combination, each outcome class backed by a real exchange', async () => {
    const matrix = join(dir, 'outcomes.yaml');
    await writeFile(matrix, OUTCOME_MATRIX);
    const out = join(dir, 'out-outcomes');
    const run = await cli(['run', '--matrix', matrix, '--out', out, '--no-reports', '--concurrency', '8']);
    expect(run.stderr).not.toContain('error:');
    expect(run.code).toBe(0);
    const result = await readResult(out);
    expect(result.schemaVersion).toBe(2);
    expect(result.cells).toHaveLength(4 * 4 * 2);
    expect(result.metadata.matrixHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.metadata.targets.map((t) => t.id)).toEqual(['mitaka', 'zed']);
    const cell = (id: string) => result.cells.find((c) => c.id === id)!;

    expect(cell('horizon-legacy|auto-plain|zed').outcome).toBe('pass');
    expect(cell('openstackclient@2.30|auto-doc|zed')).toMatchObject({ outcome: 'degraded', effectiveMicroversion: '2.30' });
    const drift = cell('horizon-60455e5ff|named-doc|zed');
    expect(drift.outcome).toBe('drift');
    expect(drift.request!.body).toEqual({ 'os-migrateLive': { host: 'compute-02', block_migration: false, force: true } });
    expect(drift.response!.status).toBe(202);
    const rejected = cell('horizon-60455e5ff|auto-doc|zed');
    expect(rejected.outcome).toBe('rejected');
    expect(rejected.response!.body).toEqual({ badRequest: { code: 400, message: "Can't force to a non-provided destination" } });
    expect(rejected.explanation).toContain('2.30');
    expect(cell('horizon-legacy|shutoff|mitaka').outcome).toBe('expected-error');
    const refused = cell('openstacksdk@0.101.0|named-doc|zed');
    expect(refused.outcome).toBe('client-refused');
    expect(refused.request).toBeNull();
    expect(run.stdout).toContain(`wrote ${join(out, 'matrix.json')}: 32 cells`);
  });

  it('writes a matrix.json that validates against the shipped result schema', async () => {
    const matrix = join(dir, 'outcomes.yaml');
    await writeFile(matrix, OUTCOME_MATRIX);
    const out = join(dir, 'out-schema');
    expect((await cli(['run', '--matrix', matrix, '--out', out, '--no-reports', '--quiet'])).code).toBe(0);
    const schema = JSON.parse(await readFile(new URL('../../matrix/schema/matrix-result.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(schema);
    const valid = validate(JSON.parse(await readFile(join(out, 'matrix.json'), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('gives identical cells — order, outcomes, explanations and evidence — with concurrency 1 and 32', async () => {
    const matrix = join(dir, 'outcomes.yaml');
    await writeFile(matrix, OUTCOME_MATRIX);
    await cli(['run', '--matrix', matrix, '--out', join(dir, 'c1'), '--no-reports', '--concurrency', '1', '--quiet']);
    await cli(['run', '--matrix', matrix, '--out', join(dir, 'c32'), '--no-reports', '--concurrency', '32', '--quiet']);
    const a = await readResult(join(dir, 'c1'));
    const b = await readResult(join(dir, 'c32'));
    // Only the emulator's global request counter and the cells' durations may differ.
    const view = (r: MatrixResult) =>
      r.cells.map(({ durationMs: _d, ...c }) => {
        if (!c.response) return c;
        const { 'x-openstack-request-id': _a, 'x-compute-request-id': _b, ...headers } = c.response.headers;
        return { ...c, response: { ...c.response, headers } };
      });
    expect(view(b)).toEqual(view(a));
  });

  it('rejects an invalid matrix with exit 2, naming file, path and expectation, and runs nothing', async () => {
    const matrix = join(dir, 'bad.yaml');
    await writeFile(matrix, OUTCOME_MATRIX.replace('world: { server: shutoff }', 'world: { server: off }'));
    const out = join(dir, 'out-bad');
    const run = await cli(['run', '--matrix', matrix, '--out', out, '--no-reports']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${matrix}: /scenarios/3/world/server (line 13, column 22): expected one of "active"`);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it('answers a bad flag with exit 2', async () => {
    expect((await cli(['run', '--concurrency', '0'])).code).toBe(2);
    expect((await cli(['run', '--provider', 'nowhere'])).code).toBe(2);
    const full = await cli(['run', '--full']);
    expect(full.code).toBe(2);
    expect(full.stderr).toContain('--full runs the whole control plane of --provider real-nova');
  });

  it('writes atomically: no temporary files stay next to matrix.json, and an unwritable --out is exit 3', async () => {
    const matrix = join(dir, 'outcomes.yaml');
    await writeFile(matrix, OUTCOME_MATRIX);
    const out = join(dir, 'out-atomic');
    expect((await cli(['run', '--matrix', matrix, '--out', out, '--no-reports', '--quiet'])).code).toBe(0);
    expect(await readdir(out)).toEqual(['matrix.json']);
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'not a directory');
    const run = await cli(['run', '--matrix', matrix, '--out', join(blocker, 'sub'), '--no-reports', '--quiet']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('could not write');
  });
});

describe('mvmatrix run on a URL', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    // A Nova that answers every live migration with a 500: the error class from a real exchange.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ version: { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1' } }));
        } else if (req.url?.endsWith('/_mvmatrix/servers')) {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ server: { id: 'abc', host: 'compute-01', name: 'x' } }));
        } else {
          res.writeHead(500, { 'content-type': 'application/json', 'x-openstack-nova-api-version': '2.30' });
          res.end(JSON.stringify({ computeFault: { code: 500, message: 'Unexpected API Error.' } }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('classifies a 5xx as error, serves only the target the URL behaves as, and lists the others as skipped', async () => {
    const matrix = join(dir, 'url.yaml');
    await writeFile(matrix, OUTCOME_MATRIX.replace('targets: [mitaka, zed]', 'targets: [mitaka, "2.93"]').replace('profiles: [horizon-legacy, horizon-60455e5ff, openstackclient@2.30, openstacksdk@0.101.0]', 'profiles: [horizon-60455e5ff]'));
    const out = join(dir, 'out-url');
    const run = await cli(['run', '--matrix', matrix, '--provider', 'url', '--target-url', `${base}/v2.1`, '--out', out, '--no-reports']);
    expect(run.code).toBe(0);
    const result = await readResult(out);
    expect(result.metadata.skippedTargets).toEqual([expect.objectContaining({ id: 'mitaka' })]);
    const cell = result.cells.find((c) => c.id === 'horizon-60455e5ff|auto-plain|mv-2.93')!;
    expect(cell.outcome).toBe('error');
    expect(cell.explanation).toBe('Nova answered 500: Unexpected API Error.');
  });

  it('fails with exit 3 when the URL cannot be reached', async () => {
    const matrix = join(dir, 'outcomes.yaml');
    await writeFile(matrix, OUTCOME_MATRIX);
    const run = await cli(['run', '--matrix', matrix, '--provider', 'url', '--target-url', 'http://127.0.0.1:9/v2.1', '--out', join(dir, 'out-dead'), '--no-reports']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('error:');
  });
});
