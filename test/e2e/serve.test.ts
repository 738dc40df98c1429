/**
 * `mvmatrix serve` end to end: the real CLI binary (built by `npm test`), real sockets, real
 * signals. Proves the first stdout line is the root URL, multi-target routing, a valid live
 * migration, flag errors, and a clean SIGTERM shutdown.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/mvmatrix.js', import.meta.url));
const ADMIN = 'admin:6f70656e737461636b20726f636b7321';
const ACTIVE_SERVER = '5e000001-0000-4000-8000-000000000001';
// `npm test` builds first; outside CI a missing build skips with the reason in the suite name.
const builtCli = existsSync(new URL('../../dist/cli/main.js', import.meta.url)) || process.env.CI === 'true';

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
}

/** Starts serve and resolves on its first stdout line (the URL); no deadline: the tier's hang guard ends a hang. */
function startServe(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf('\n');
      if (newline !== -1) resolve({ child, url: stdout.slice(0, newline), stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before printing a URL; stderr: ${stderr}`)));
  });
}

function runServe(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null) return Promise.resolve({ code: child.exitCode, signal: null });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await request(url, { headers });
  return { status: response.statusCode, headers: response.headers, json: (await response.body.json()) as Record<string, any> };
}

describe.skipIf(!builtCli)('mvmatrix serve (run `npm run build` first)', () => {
  let serve: Running;

  beforeAll(async () => {
    serve = await startServe(['--port', '0', '--release', 'zed']);
  });

  afterAll(async () => {
    if (serve && serve.child.exitCode === null) {
      serve.child.kill('SIGKILL');
      await exited(serve.child);
    }
  });

  it('prints the endpoint root URL with the actual port as the first stdout line', () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(new URL(serve.url).port).not.toBe('0');
  });

  it('explains on stderr how to address other targets and which tokens to send', async () => {
    await vi.waitFor(() => expect(serve.stderr()).toContain('auth:'));
    expect(serve.stderr()).toContain(`${serve.url}@<target>/`);
    expect(serve.stderr()).toContain(ADMIN);
  });

  it('answers GET / with the version list of the chosen release, hrefs built from the Host', async () => {
    const { status, json } = await getJson(serve.url);
    expect(status).toBe(200);
    const current = json.versions.find((v: { id: string }) => v.id === 'v2.1');
    expect(current.version).toBe('2.93');
    expect(current.links[0].href).toBe(`${serve.url}v2.1/`);
  });

  it('negotiates the microversion on GET /v2.1/ and sends two Vary lines', async () => {
    const { status, headers, json } = await getJson(`${serve.url}v2.1/`, { 'OpenStack-API-Version': 'compute 2.60' });
    expect(status).toBe(200);
    expect(json.version.version).toBe('2.93');
    expect(headers['openstack-api-version']).toBe('compute 2.60');
    expect(headers['x-openstack-nova-api-version']).toBe('2.60');
    expect(headers.vary).toEqual(['OpenStack-API-Version', 'X-OpenStack-Nova-API-Version']);
  });

  it('accepts a valid os-migrateLive on a default-world server with 202', async () => {
    const response = await request(`${serve.url}v2.1/servers/${ACTIVE_SERVER}/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': ADMIN, 'openstack-api-version': 'compute 2.30' },
      body: JSON.stringify({ 'os-migrateLive': { host: null, block_migration: 'auto' } }),
    });
    expect(await response.body.text()).toBe('');
    expect(response.statusCode).toBe(202);
  });

  it('serves another release under /@mitaka/ with its own maximum and world', async () => {
    const root = await getJson(`${serve.url}@mitaka/`);
    expect(root.json.versions.find((v: { id: string }) => v.id === 'v2.1').version).toBe('2.25');
    expect(root.json.versions.find((v: { id: string }) => v.id === 'v2.1').links[0].href).toBe(`${serve.url}@mitaka/v2.1/`);
    const response = await request(`${serve.url}@mitaka/v2.1/servers/${ACTIVE_SERVER}/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': ADMIN, 'x-openstack-nova-api-version': '2.25' },
      body: JSON.stringify({ 'os-migrateLive': { host: null, block_migration: 'auto' } }),
    });
    await response.body.text();
    // Its own world: the migration above on the default target left this server untouched.
    expect(response.statusCode).toBe(202);
    const tooNew = await getJson(`${serve.url}@mitaka/v2.1/`, { 'X-OpenStack-Nova-API-Version': '2.30' });
    expect(tooNew.status).toBe(406);
  });

  it('answers an unknown target with a Nova 404 explaining the target syntax', async () => {
    const { status, json } = await getJson(`${serve.url}@nonsense/v2.1/`);
    expect(status).toBe(404);
    expect(json.itemNotFound.message).toContain('/@<release>/');
  });

  it('exits 0 on SIGTERM and closes its port', async () => {
    const port = Number(new URL(serve.url).port);
    serve.child.kill('SIGTERM');
    const { code } = await exited(serve.child);
    expect(code).toBe(0);
    expect(await portAccepts(port)).toBe(false);
  });
});

describe.skipIf(!builtCli)('mvmatrix serve flag errors', () => {
  it('exits 2 naming both flags when --release and --max-version are combined', async () => {
    const { code, stderr, stdout } = await runServe(['--port', '0', '--release', 'zed', '--max-version', '2.60']);
    expect(code).toBe(2);
    expect(stderr).toContain('--release');
    expect(stderr).toContain('--max-version');
    expect(stdout).toBe('');
  });

  it('exits 2 naming --full when it is given without --real-nova', async () => {
    const { code, stderr, stdout } = await runServe(['--port', '0', '--full']);
    expect(code).toBe(2);
    expect(stderr).toContain('--full runs the whole control plane of --real-nova');
    expect(stdout).toBe('');
  });

  it('exits 2 naming --release for an unknown release', async () => {
    const { code, stderr } = await runServe(['--port', '0', '--release', 'kilimanjaro']);
    expect(code).toBe(2);
    expect(stderr).toContain('--release');
  });

  it('exits 2 naming --max-version for a malformed or unsupported microversion', async () => {
    for (const bad of ['2.01', '2.999']) {
      const { code, stderr } = await runServe(['--port', '0', '--max-version', bad]);
      expect(code, bad).toBe(2);
      expect(stderr, bad).toContain('--max-version');
    }
  });

  it('exits 2 naming the world file when --world cannot be read', async () => {
    const { code, stdout, stderr } = await runServe(['--port', '0', '--world', 'no/such/world.yaml']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('no/such/world.yaml');
  });

  it('serves a world given with --world', async () => {
    const running = await startServe(['--port', '0', '--world', 'worlds/default.yaml']);
    try {
      const response = await request(`${running.url}_mvmatrix/world`);
      expect(response.statusCode).toBe(200);
      expect(await response.body.text()).toContain('compute-04');
    } finally {
      running.child.kill('SIGINT');
    }
    expect((await exited(running.child)).code).toBe(0);
  });

  it('exits 2 naming --port for a port that is not a number', async () => {
    const { code, stderr } = await runServe(['--port', 'eighty']);
    expect(code).toBe(2);
    expect(stderr).toContain('--port');
  });

  it('exits 3 with a clear message when the port is in use', async () => {
    const first = await startServe(['--port', '0']);
    try {
      const port = new URL(first.url).port;
      const { code, stderr } = await runServe(['--port', port]);
      expect(code).toBe(3);
      expect(stderr).toContain(`port ${port}`);
      expect(stderr).toContain('already in use');
    } finally {
      first.child.kill('SIGINT');
      expect((await exited(first.child)).code).toBe(0);
    }
  });
});

// Needs Debian's python3-nova: must run in CI, skips elsewhere when it is missing.
const hasRealNova = existsSync('/usr/lib/python3/dist-packages/nova/api') || process.env.CI === 'true';

describe.skipIf(!builtCli || !hasRealNova)('mvmatrix serve --real-nova (needs python3-nova)', () => {
  it('serves the real Nova API, printing its root URL first, and stops it on SIGTERM', async () => {
    // The host's python3-nova (no Docker needed); containers: test/conformance/real-nova.test.ts.
    const running = await startServe(['--real-nova', '--port', '0'], { MVMATRIX_REAL_NOVA_LAUNCHER: 'host' });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const { status, json } = await getJson(running.url);
      expect(status).toBe(200);
      expect(json.versions.find((v: { id: string }) => v.id === 'v2.1').version).toBe('2.93');
    } finally {
      running.child.kill('SIGTERM');
    }
    expect(await exited(running.child)).toEqual({ code: 0, signal: null });
    expect(await portAccepts(Number(new URL(running.url).port))).toBe(false);
  });
});

describe.skipIf(!builtCli)('mvmatrix serve --replay', () => {
  it('exits 2 without printing a URL when the cassette cannot be read', async () => {
    const { code, stdout, stderr } = await runServe(['--replay', 'no/such/cassette.json', '--port', '0']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('no/such/cassette.json');
  });

  it('refuses emulator-only flags next to --replay, naming the flag', async () => {
    const { code, stderr } = await runServe(['--replay', 'x.json', '--release', 'zed']);
    expect(code).toBe(2);
    expect(stderr).toContain('--release');
  });
});
