/**
 * Real Novas of the releases Debian ships, in containers of their images (testcontainers, host
 * network, the port from the harness's ready line): started, answering as that release, several
 * at once as one provider, removed on close; and a plain prerequisite error without Docker.
 *
 * Which releases: `MVMATRIX_CONFORMANCE_RELEASES` (default zed,hibiscus). Outside CI they skip
 * with one line when Docker does not answer or an image is not built yet
 * (`mvmatrix nova images --release <name>` builds it); in CI nothing skips unless the job
 * declares `MVMATRIX_NO_CONTAINERS=<why>` (a job container without Docker).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, exitCodeFor, MvmError } from '../../src/errors.js';
import { formatMicroversion } from '../../src/microversion/version.js';
import { resolveTarget } from '../../src/nova/target.js';
import { DEFAULT_WORLD } from '../../src/nova/world.js';
import { startRealNovaContainer } from '../../src/providers/real-nova/container-launcher.js';
import { selectDebianNovas } from '../../src/providers/real-nova/debian-releases.js';
import { docker, dockerProblem } from '../../src/providers/real-nova/images/docker.js';
import { suiteTag } from '../../src/providers/real-nova/images/image-spec.js';
import { RealNovaProvider } from '../../src/providers/real-nova/real-nova-provider.js';

const PROJECT = DEFAULT_WORLD.projectId;
const serverId = (template: string): string => DEFAULT_WORLD.servers.find((s) => s.template === template)!.id;

async function migrateLive(nova: { url: string }, id: string, version: string, body: unknown, token = `admin:${PROJECT}`) {
  const response = await fetch(`${nova.url}v2.1/servers/${id}/action`, {
    method: 'POST',
    headers: { 'x-auth-token': token, 'openstack-api-version': `compute ${version}`, 'content-type': 'application/json' },
    body: JSON.stringify({ 'os-migrateLive': body }),
  });
  return { status: response.status, text: await response.text() };
}

async function skipReason(suites: readonly string[]): Promise<string | undefined> {
  // A CI job without a Docker engine says so explicitly (and why); nothing else skips in CI.
  if (process.env['MVMATRIX_NO_CONTAINERS']) return `MVMATRIX_NO_CONTAINERS: ${process.env['MVMATRIX_NO_CONTAINERS']}`;
  if (process.env['CI'] === 'true') return undefined;
  const problem = await dockerProblem();
  if (problem) return problem;
  for (const suite of suites) {
    if ((await docker(['image', 'inspect', suiteTag(suite)])).code !== 0) return `no image ${suiteTag(suite)} yet (mvmatrix nova images --release ${suite})`;
  }
  return undefined;
}

const containerReleases = selectDebianNovas(process.env['MVMATRIX_CONFORMANCE_RELEASES'] ?? 'zed,hibiscus', 'MVMATRIX_CONFORMANCE_RELEASES');
const dockerMissing = await skipReason(containerReleases.map((d) => d.suite));
if (dockerMissing) console.log(`real Nova container tests skipped: ${dockerMissing}`);

describe.skipIf(dockerMissing !== undefined)('real Nova releases in containers', () => {
  it.concurrent.each(containerReleases)('starts $release.title in a container of its image, on the port its ready line reports, and removes the container on close', async (debian) => {
    const nova = await startRealNovaContainer({ release: debian.suite });
    try {
      expect(nova.release).toBe(debian.release);
      expect(nova.url).toBe(`http://127.0.0.1:${nova.port}/`);
      const doc = (await (await fetch(`${nova.url}v2.1/`)).json()) as { version: { version: string } };
      expect(doc.version.version).toBe(formatMicroversion(debian.release.maxMicroversion));
      // The seeded world and noauth2 (or its stand-in where the release has no noauth2).
      const refused = await migrateLive(nova, serverId('shutoff'), '2.68', { host: null, block_migration: 'auto' });
      expect(JSON.parse(refused.text).conflictingRequest.message).toBe(`Cannot 'os-migrateLive' instance ${serverId('shutoff')} while it is in vm_state stopped`);
      expect((await migrateLive(nova, serverId('active'), '2.68', { host: null, block_migration: 'auto' }, `member:${PROJECT}`)).status).toBe(403);
      expect((await migrateLive(nova, serverId('active'), '2.68', { host: 'compute-02', block_migration: 'auto' })).status).toBe(202);
      const noToken = await fetch(`${nova.url}v2.1/servers`);
      expect(noToken.status).toBe(204);
      expect(noToken.headers.get('x-auth-token')).toBe('admin:admin');
    } finally {
      await nova.close();
    }
    const left = await docker(['ps', '-a', '-q', '--filter', `id=${nova.containerId}`]);
    expect(left.stdout.trim()).toBe('');
  });

  it('runs several releases at once, each on its own port, as one provider', async () => {
    const [first, second] = containerReleases.length >= 2 ? containerReleases : [containerReleases[0]!, containerReleases[0]!];
    await using provider = new RealNovaProvider({ releases: `${first!.release.name},${second!.release.name}`, launcher: 'container' });
    const a = await provider.endpointFor(resolveTarget(first!.release.name));
    const b = await provider.endpointFor(resolveTarget(second!.release.name));
    if (first !== second) expect(new URL(a.computeUrl).port).not.toBe(new URL(b.computeUrl).port);
    for (const [endpoint, debian] of [[a, first!], [b, second!]] as const) {
      const doc = (await (await fetch(`${endpoint.computeUrl}/`)).json()) as { version: { version: string } };
      expect(doc.version.version).toBe(formatMicroversion(debian.release.maxMicroversion));
    }
  });
});

describe('real Nova without Docker', () => {
  it('says plainly that Docker is missing, as a prerequisite error (exit 3), without hanging', async () => {
    const saved = process.env['DOCKER_HOST'];
    process.env['DOCKER_HOST'] = 'unix:///nonexistent/docker.sock';
    try {
      const error = await startRealNovaContainer({ release: 'epoxy' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MvmError);
      expect((error as MvmError).code).toBe(ERROR_CODES.PREREQUISITE);
      expect((error as MvmError).message).toMatch(/needs Docker: (no Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock|the docker command is not installed)/);
      expect(exitCodeFor((error as MvmError).code)).toBe(3);
    } finally {
      if (saved === undefined) delete process.env['DOCKER_HOST'];
      else process.env['DOCKER_HOST'] = saved;
    }
  });
});

const BIN = new URL('../../bin/mvmatrix.js', import.meta.url).pathname;
const builtCli = existsSync(new URL('../../dist/cli/main.js', import.meta.url));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!builtCli)('mvmatrix nova images and serve --real-nova (CLI)', () => {
  it('refuses a release Debian does not ship with exit 2, naming the ones it does', async () => {
    const result = await cli(['nova', 'images', '--release', 'mitaka']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no real Nova of 'mitaka'");
    expect(result.stderr).toContain('hibiscus (sid, 34.0.0, max 2.104)');
  });

  it('says plainly that no Docker engine answers, with exit 3', async () => {
    const result = await cli(['nova', 'images'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/needs Docker: (no Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock|the docker command is not installed)/);
    expect(result.stderr).toContain('docker.io');
  });

  it.skipIf(dockerMissing !== undefined)('lists the images on this machine with release, Nova version, size and age', async () => {
    const result = await cli(['nova', 'images', '--json']);
    expect(result.code).toBe(0);
    const images = JSON.parse(result.stdout) as Array<{ suite: string; release: string; novaVersion: string; sizeBytes: number; createdAt: string }>;
    for (const debian of containerReleases) {
      const image = images.find((i) => i.suite === debian.suite);
      expect(image?.release).toBe(debian.release.name);
      expect(image!.sizeBytes).toBeGreaterThan(100e6);
    }
  });

  it.skipIf(dockerMissing !== undefined)('serves a real release in a container, URL first, and removes the container on SIGTERM', async () => {
    const debian = containerReleases[containerReleases.length - 1]!;
    const child = spawn(process.execPath, [BIN, 'serve', '--real-nova', '--release', debian.release.name, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // serve prints the URL on stdout, then describes the endpoint on stderr: two pipes, no order
    // between them, so the description is awaited rather than expected at once.
    const described = new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes(`real Nova ${debian.release.title}`)) resolve();
      });
      child.once('exit', () => resolve());
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const doc = (await (await fetch(`${url}v2.1/`)).json()) as { version: { version: string } };
      expect(doc.version.version).toBe(formatMicroversion(debian.release.maxMicroversion));
      await described;
      expect(stderr).toContain(`real Nova ${debian.release.title}`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // It was still serving when the signal came (it does not exit by itself once the URL is out).
    expect(stderr).toContain('SIGTERM received, stopping');
    const left = await docker(['ps', '-a', '-q', '--filter', `label=mvmatrix.owner-pid=${child.pid}`]);
    expect(left.stdout.trim()).toBe('');
  });
});
