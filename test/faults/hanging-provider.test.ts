/**
 * Providers that never answer, or refuse (issue #14, case 2): every network step — the version
 * document, the control API's limits and server creation, the request, the migration read-back
 * — has a deadline governed by `--timeout`, and a failure names the URL and the error
 * (timeout, ECONNREFUSED), never a bare "fetch failed". The vitest timeout is only a hang guard.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, runCli } from '../support/cli-process.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { plainMatrix, snapshot, strayFiles } from '../support/out-dir.js';

// Long enough that an answered request never misses it on a loaded machine; hung ones take this long.
const TIMEOUT = '3000';
let dir: string;
let matrix: string;
let silent: Server;
let silentUrl: string;
const sockets = new Set<Socket>();
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-hang-'));
  matrix = join(dir, 'm.yaml');
  await writeFile(matrix, plainMatrix('zed', ['horizon-legacy', 'novaclient@2.68'], 20));
  // Accepts connections, reads what comes, never answers.
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent?.close(() => resolve()));
  for (const proxy of proxies) await proxy.close();
});

/** A previous good output directory (a file that must survive). */
async function previousOutputs(name: string): Promise<string> {
  const out = join(dir, name);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'matrix.json'), '{"previous": "good"}\n');
  return out;
}

async function proxyHanging(match: RegExp): Promise<FaultProxy> {
  const proxy = await startFaultProxy((req) => (match.test(`${req.method} ${req.url}`) ? 'hang' : 'forward'));
  proxies.push(proxy);
  return proxy;
}

describe.skipIf(!builtCli)(`deadlines on every network step${builtCli ? '' : ' (skipped: run `npm run build` first)'}`, () => {
  it('gives up on a version document that never comes, naming the URL and the timeout', async () => {
    const run = await runCli(['run', '--provider', 'url', '--target-url', `${silentUrl}/v2.1`, '--matrix', matrix, '--out', join(dir, 'o1'), '--timeout', TIMEOUT]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`GET ${silentUrl}/v2.1: timeout (ETIMEDOUT) after ${TIMEOUT} ms`);
    expect(run.stderr).not.toContain('fetch failed');
  });

  it('names a refused connection as such, with the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const run = await runCli(['run', '--provider', 'url', '--target-url', `http://127.0.0.1:${port}/v2.1`, '--matrix', matrix, '--out', join(dir, 'o2'), '--timeout', TIMEOUT]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`http://127.0.0.1:${port}/v2.1: connection refused (ECONNREFUSED)`);
    expect(run.stderr).not.toContain('fetch failed');
  });

  it('gives up on a control API that never makes the server, after one deadline, not one per cell', async () => {
    const proxy = await proxyHanging(/^POST .*\/_mvmatrix\/servers/);
    const out = await previousOutputs('o3');
    const before = await snapshot(out);
    const run = await runCli(['run', '--provider', 'url', '--target-url', `${proxy.url}@zed/v2.1`, '--target', 'zed', '--matrix', matrix, '--out', out, '--timeout', TIMEOUT]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`POST ${proxy.url}@zed/_mvmatrix/servers: timeout (ETIMEDOUT) after ${TIMEOUT} ms`);
    expect(proxy.seen.filter((r) => r.includes('_mvmatrix/servers'))).toHaveLength(1);
    expect(await snapshot(out)).toEqual(before);
  });

  it('stops a run whose requests hang: exit 3, the first timed-out cell named, nothing replaced', async () => {
    const proxy = await proxyHanging(/^POST .*\/action$/);
    const out = await previousOutputs('o4');
    const before = await snapshot(out);
    const run = await runCli(['run', '--provider', 'url', '--target-url', `${proxy.url}@zed/v2.1`, '--target', 'zed', '--matrix', matrix, '--out', out, '--timeout', TIMEOUT]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`first failure: [^|]+\\|s-\\d{3}\\|zed: POST ${proxy.url.replace(/[.]/g, '\\.')}@zed/v2\\.1/servers/[0-9a-f-]+/action: timeout: no complete answer within ${TIMEOUT} ms \\(ETIMEDOUT\\)`));
    expect((await snapshot(out)).get('matrix.json')).toEqual(before.get('matrix.json'));
    expect(await strayFiles(out)).toEqual([]);
  });

  it('counts a migration read-back that never comes as a failed cell, not as an unverified pass', async () => {
    const proxy = await proxyHanging(/^GET .*\/os-migrations\?/);
    const out = await previousOutputs('o5');
    const readBackMatrix = join(dir, 'read-back.yaml');
    await writeFile(readBackMatrix, plainMatrix('zed', ['novaclient@2.68'], 3));
    // One cell at a time: the hung read-back cannot hold up another cell's request on a shared connection.
    const run = await runCli(['run', '--provider', 'url', '--target-url', `${proxy.url}@zed/v2.1`, '--target', 'zed', '--matrix', readBackMatrix, '--out', out, '--timeout', TIMEOUT, '--concurrency', '1']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/first failure: novaclient@2\.68\|s-000\|zed: migration read-back failed: GET .*\/os-migrations\?instance_uuid=[0-9a-f-]+: timeout: no complete answer within 3000 ms \(ETIMEDOUT\)/);
    expect(run.stderr).not.toContain('not verified');
  });
});
