/**
 * The committed real-Nova cassette replays every recorded answer exactly, with no Nova running:
 * only the replay server. A request outside the recording gets the 598 miss diagnostic.
 */
import { request as httpRequest } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCassette } from '../../src/cassette/cassette-file.js';
import { recordedRequest } from '../../src/cassette/recorded-request.js';
import { BASE_URL_PLACEHOLDER, type Cassette } from '../../src/cassette/types.js';
import { MvmError } from '../../src/errors.js';
import { resolveTarget } from '../../src/nova/target.js';
import { createReplayProvider } from '../../src/providers/replay/replay-provider.js';
import { startReplayServer, type ReplayServer } from '../../src/providers/replay/replay-server.js';
import type { HttpRequest } from '../../src/http/message.js';

const CASSETTE = 'contracts/cassettes/nova-26.2.2-zed.json';
const PROJECT = '6f70656e737461636b20726f636b7321';

interface Answer {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

function send(base: string, r: HttpRequest): Promise<Answer> {
  const url = new URL(base + r.path + (r.query ? `?${r.query}` : ''));
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: r.method, headers: { ...r.headers, 'x-auth-token': `admin:${PROJECT}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(r.body || undefined);
  });
}

const NOISE = new Set(['content-length', 'date', 'connection', 'keep-alive']);

describe('replaying the committed real-Nova cassette', () => {
  let cassette: Cassette;
  let server: ReplayServer;

  beforeAll(async () => {
    cassette = await readCassette(CASSETTE);
    server = await startReplayServer({ cassettePath: CASSETTE });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('holds a recording from Nova 26.2.2 (Zed, max 2.93) of the live-migration set', () => {
    expect(cassette.metadata).toMatchObject({ target: 'zed', maxMicroversion: '2.93', novaVersion: '26.2.2', requestSet: 'live-migration' });
    expect(cassette.interactions.length).toBeGreaterThan(100);
  });

  it('answers every recorded request with the recorded status, headers and body', async () => {
    const mismatches: string[] = [];
    for (const interaction of cassette.interactions) {
      const answer = await send(server.url, recordedRequest(interaction, PROJECT));
      const expectedBody = interaction.response.body.split(BASE_URL_PLACEHOLDER).join(server.url);
      const headers = answer.headers.filter(([n]) => !NOISE.has(n.toLowerCase()));
      const expectedHeaders = interaction.response.headers.map(([n, v]) => [n, v.split(BASE_URL_PLACEHOLDER).join(server.url)]);
      if (answer.status !== interaction.response.status || answer.body !== expectedBody || JSON.stringify(headers) !== JSON.stringify(expectedHeaders)) {
        mismatches.push(`${interaction.name}: got ${answer.status} ${JSON.stringify(headers)} ${answer.body.slice(0, 120)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(server.stats()).toEqual({ hits: cassette.interactions.length, misses: 0 });
  });

  it('keeps Nova\'s two separate Vary lines', async () => {
    const answer = await send(server.url, { method: 'GET', path: '/v2.1/', query: '', headers: { 'openstack-api-version': 'compute latest' }, body: '' });
    expect(answer.status).toBe(200);
    expect(answer.headers.filter(([n]) => n === 'Vary').map(([, v]) => v)).toEqual(['OpenStack-API-Version', 'X-OpenStack-Nova-API-Version']);
  });

  it('puts its own base URL into the hrefs of version documents', async () => {
    const answer = await send(server.url, { method: 'GET', path: '/', query: '', headers: {}, body: '' });
    expect(JSON.parse(answer.body).versions[1].links[0].href).toBe(`${server.url}/v2.1/`);
  });

  it('answers the same valid microversion sent in the other header style from the same recording', async () => {
    const body = JSON.stringify({ 'os-migrateLive': { host: 'compute-02', block_migration: false } });
    const answer = await send(server.url, {
      method: 'POST',
      path: `/v2.1/servers/${cassette.servers['unknown']!.id}/action`,
      query: '',
      headers: { 'x-openstack-nova-api-version': '2.68', 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(404);
    expect(answer.headers).toContainEqual(['OpenStack-API-Version', 'compute 2.68']);
  });

  it('names the id of another unknown server in the 404, as Nova would', async () => {
    const other = '11111111-2222-4333-8444-555555555555';
    const answer = await send(server.url, {
      method: 'POST',
      path: `/v2.1/servers/${other}/action`,
      query: '',
      headers: { 'openstack-api-version': 'compute 2.30', 'content-type': 'application/json' },
      body: JSON.stringify({ 'os-migrateLive': { block_migration: false, host: 'compute-02' } }),
    });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ itemNotFound: { code: 404, message: `Instance ${other} could not be found.` } });
  });

  it('answers an unrecorded request with status 598, a miss header and the nearest recorded keys', async () => {
    const answer = await send(server.url, {
      method: 'POST',
      path: `/v2.1/servers/${cassette.servers['unknown']!.id}/action`,
      query: '',
      headers: { 'openstack-api-version': 'compute 2.31', 'content-type': 'application/json' },
      body: JSON.stringify({ 'os-migrateLive': { block_migration: false, host: 'compute-02' } }),
    });
    expect(answer.status).toBe(598);
    expect(answer.headers).toContainEqual(['X-Mvmatrix-Replay', 'miss']);
    const miss = JSON.parse(answer.body).mvmatrixReplayMiss;
    expect(miss.key).toContain('mv=2.31');
    expect(miss.nearest).toHaveLength(3);
    // The nearest are the same request at the neighbouring recorded microversions.
    expect(miss.nearest.map((k: string) => /mv=(\S+)/.exec(k)![1])).toEqual(['2.30', '2.33', '2.29']);
  });
});

describe('the replay provider', () => {
  it('serves only the target the cassette was recorded as, with the recorded servers', async () => {
    await using provider = await createReplayProvider({ cassettePath: CASSETTE });
    const endpoint = await provider.endpointFor(resolveTarget('zed'));
    expect(endpoint.computeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\.1$/);
    await expect(provider.endpointFor(resolveTarget('2.47'))).rejects.toMatchObject({ code: 'MVM_ERR_PROVIDER' });
    expect(await provider.createServer(endpoint, 'shutoff')).toEqual({ id: '5e000003-0000-4000-8000-000000000003', host: 'compute-01' });
    await expect(provider.createServer(endpoint, 'paused')).rejects.toThrow(/no recorded server for template 'paused'/);
    const answer = await send(endpoint.computeUrl.replace(/\/v2\.1$/, ''), {
      method: 'POST',
      path: '/v2.1/servers/5e000003-0000-4000-8000-000000000003/action',
      query: '',
      headers: { 'openstack-api-version': 'compute latest', 'content-type': 'application/json' },
      body: JSON.stringify({ 'os-migrateLive': { block_migration: 'auto', host: null } }),
    });
    expect(answer.status).toBe(409);
    expect(answer.body).toContain('while it is in vm_state stopped');
  });
});

describe('bad cassette files', () => {
  it('refuses to start on a broken cassette, naming the file and the path inside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mvmatrix-replay-'));
    const file = join(dir, 'broken.json');
    const good = await readCassette(CASSETTE);
    await writeFile(file, JSON.stringify({ ...good, interactions: [{ ...good.interactions[0], response: { status: 200, headers: 'x', body: '' } }] }));
    const error = await startReplayServer({ cassettePath: file }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MvmError);
    expect(error).toMatchObject({ code: 'MVM_ERR_INVALID_CASSETTE', where: `${file}#/interactions/0/response/headers` });
  });

  it('says a missing cassette file cannot be read', async () => {
    await expect(startReplayServer({ cassettePath: '/nonexistent/c.json' })).rejects.toMatchObject({ code: 'MVM_ERR_INVALID_CASSETTE', where: '/nonexistent/c.json' });
  });
});
