/**
 * A flaky provider: a proxy in front of the emulator answers 503 to 10 % of the requests,
 * chosen by a seeded hash of each request (so the same requests fail whatever the scheduling).
 * When the 503s hit the run's own machinery (server creation, discovery) the run is incomplete:
 * exit 3, nothing replaced. When they hit the requests under test, they are Nova's answers:
 * `error` cells, never a success — a new or worse `error` cell fails the gate (exit 1).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResult } from '../support/read-result.js';
import { builtCli, runCli } from '../support/cli-process.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { plainMatrix, snapshot, strayFiles } from '../support/out-dir.js';

const SEED = 0x14_03;
const FAULT_BODY = '{"computeFault": {"code": 503, "message": "Service Unavailable (flaky test provider)"}}';

/** FNV-1a of the seed and the request line: a deterministic coin per request. */
function flaky(req: IncomingMessage): boolean {
  let h = 0x811c9dc5 ^ SEED;
  for (const ch of `${req.method} ${req.url}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h % 100 < 10;
}

let dir: string;
let matrix: string;
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-flaky-'));
  matrix = join(dir, 'm.yaml');
  await writeFile(matrix, plainMatrix('zed', ['horizon-60455e5ff', 'novaclient@2.68'], 40));
});

afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
});

async function proxy(decide: (req: IncomingMessage) => boolean): Promise<FaultProxy> {
  const started = await startFaultProxy((req) => (decide(req) ? { status: 503, body: FAULT_BODY } : 'forward'));
  proxies.push(started);
  return started;
}

describe.skipIf(!builtCli)(`a provider answering 5xx 10 % of the time${builtCli ? '' : ' (skipped: run `npm run build` first)'}`, () => {
  it('exits 3 when the 503s hit server creation or discovery, keeping the previous outputs', async () => {
    const flakyProvider = await proxy(flaky);
    const out = join(dir, 'out-all');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'matrix.json'), '{"previous": "good"}\n');
    const before = await snapshot(out);
    const run = await runCli(['run', '--provider', 'url', '--target-url', `${flakyProvider.url}@zed/v2.1`, '--target', 'zed', '--matrix', matrix, '--out', out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/first failure: [^|]+\|s-\d{3}\|zed: .*(503)/);
    expect((await snapshot(out)).get('matrix.json')).toEqual(before.get('matrix.json'));
    expect(await strayFiles(out)).toEqual([]);
  });

  it('counts 503 answers to the requests under test as error cells that fail the gate, never as a success', async () => {
    // A clean baseline first.
    const clean = await proxy(() => false);
    const baseline = join(dir, 'baseline.json');
    const first = await runCli(['run', '--provider', 'url', '--target-url', `${clean.url}@zed/v2.1`, '--target', 'zed', '--matrix', matrix, '--out', join(dir, 'out-clean'), '--no-reports', '--baseline', baseline, '--update-baseline', '--quiet']);
    expect(first.code).toBe(0);

    const isAction = (req: IncomingMessage) => req.method === 'POST' && /\/action$/.test(req.url ?? '');
    const flakyActions = await proxy((req) => isAction(req) && flaky(req));
    const out = join(dir, 'out-actions');
    const run = await runCli(['run', '--provider', 'url', '--target-url', `${flakyActions.url}@zed/v2.1`, '--target', 'zed', '--matrix', matrix, '--out', out, '--no-reports']);
    const failedActions = flakyActions.seen.filter((line) => /^POST .*\/action$/.test(line) && flaky({ method: 'POST', url: line.slice(5) } as IncomingMessage));
    expect(failedActions.length).toBeGreaterThan(0);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`note: ${failedActions.length} cell(s) are 'error'`);
    const result = await readResult(join(out, 'matrix.json'));
    const errors = result.cells.filter((c) => c.outcome === 'error');
    expect(errors).toHaveLength(failedActions.length);
    for (const cell of errors) expect(cell.response?.status).toBe(503);

    await writeFile(join(dir, 'none.yaml'), 'entries: []\n');
    const check = await runCli(['check', '--baseline', baseline, '--from', join(out, 'matrix.json'), '--allowlist', join(dir, 'none.yaml')]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`gate FAILED: ${failedActions.length} regression(s)`);
    for (const cell of errors) expect(check.stdout).toContain(`- ${cell.id}: pass → error`);
  });
});
