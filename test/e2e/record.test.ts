/**
 * `mvmatrix record` against a small fake Nova: secrets never reach the cassette, the file is
 * deterministic across ports, and unreachable targets are infrastructure errors.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCassette, serializeCassette } from '../../src/cassette/cassette-file.js';
import { parseRequestLines } from '../../src/cassette/request-set.js';
import { main } from '../../src/cli/main.js';
import { recordCassette } from '../../src/providers/record.js';

const TOKEN_USER = 's3cretuser';
const TOKEN_PROJECT = 'abcdef0123456789abcdef0123456789';
const TOKEN = `${TOKEN_USER}:${TOKEN_PROJECT}`;
const SECRETS = [TOKEN, TOKEN_USER, TOKEN_PROJECT, 'hunter2-body-secret', 'pw-body-secret', 'extra-id-42'];

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A fake Nova that leaks everything it can: the token in headers and bodies, and the request body. */
async function startLeakyNova(): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const host = `http://${req.headers.host}`;
      const token = String(req.headers['x-auth-token'] ?? '');
      if (req.url === '/v2.1/') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ version: { id: 'v2.1', version: '2.93', links: [{ rel: 'self', href: `${host}/v2.1/` }] } }));
        return;
      }
      res.writeHead(200, [
        'Content-Type', 'application/json',
        'X-Subject-Token', token,
        'Set-Cookie', `session=${token}`,
        'Location', `${host}${req.url}`,
        'Date', new Date().toUTCString(),
        'x-openstack-request-id', `req-${Math.random()}`,
      ]);
      res.end(JSON.stringify({ echo: Buffer.concat(chunks).toString('utf8'), token, owner: 'extra-id-42', user: TOKEN_USER, path: req.url }));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const REQUESTS = [
  JSON.stringify({ name: 'create with passwords', method: 'POST', path: '/v2.1/{project_id}/servers', body: { server: { name: 'n', adminPass: 'hunter2-body-secret' }, auth: { password: 'pw-body-secret' } } }),
  JSON.stringify({ name: 'migrate', method: 'POST', path: '/v2.1/servers/{server_id}/action', headers: { 'OpenStack-API-Version': 'compute 2.30' }, body: { 'os-migrateLive': { block_migration: false, host: null } } }),
  JSON.stringify({ name: 'migrate as member', method: 'POST', path: '/v2.1/servers/{server_id}/action', caller: 'member', headers: { 'OpenStack-API-Version': 'compute 2.30' }, body: { 'os-migrateLive': { block_migration: false, host: null } } }),
].join('\n');

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mvmatrix-record-'));
}

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  return main(argv, { env: {}, stdout: (t) => void (out += t), stderr: (t) => void (err += t) }).then((code) => ({ code, out, err }));
}

describe('mvmatrix record', () => {
  it('never writes the token, body passwords, or the redacted ids to the cassette', async () => {
    const target = await startLeakyNova();
    const dir = await tempDir();
    const requests = join(dir, 'requests.jsonl');
    await writeFile(requests, REQUESTS);
    const out = join(dir, 'leaky.json');
    const result = await run(['record', '--target', target, '--token', TOKEN, '--requests', requests, '--redact-id', 'extra-id-42', '--out', out]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('recorded 3 interactions');
    const bytes = await readFile(out, 'utf8');
    for (const secret of SECRETS) expect(bytes, `cassette contains ${secret}`).not.toContain(secret);
    const cassette = await readCassette(out);
    expect(JSON.parse(cassette.interactions[0]!.request.body)).toEqual({ server: { name: 'n', adminPass: '<redacted>' }, auth: { password: '<redacted>' } });
    expect(cassette.interactions[0]!.request.pathTemplate).toBe('/v2.1/{project_id}/servers');
    expect(cassette.interactions.map((i) => i.request.caller)).toEqual(['admin', 'admin', 'member']);
    expect(cassette.interactions[2]!.key).toContain(' as=member ');
    // Only the headers that matter are kept; Set-Cookie, X-Subject-Token, Date and request ids are not.
    expect(cassette.interactions[0]!.response.headers.map(([n]) => n)).toEqual(['Content-Type', 'Location']);
    expect(cassette.interactions[0]!.response.headers[1]![1]).toBe('{{mvmatrix:base-url}}/v2.1/<redacted>/servers');
  });

  it('writes byte-identical cassettes for identical answers, whatever port the Nova listens on', async () => {
    const requestSet = parseRequestLines(REQUESTS, 'requests.jsonl');
    const now = () => new Date('2026-01-01T00:00:00Z');
    const first = await recordCassette({ targetUrl: await startLeakyNova(), token: TOKEN, requestSet, now });
    const second = await recordCassette({ targetUrl: await startLeakyNova(), token: TOKEN, requestSet, now });
    expect(serializeCassette(second.cassette)).toBe(serializeCassette(first.cassette));
    expect(first.cassette.metadata).toMatchObject({ target: 'zed', maxMicroversion: '2.93', targetOrigin: 'http://127.0.0.1', requestSet: 'requests' });
  });

  it('exits 3 naming the target when no Nova answers there', async () => {
    const dir = await tempDir();
    const result = await run(['record', '--target', 'http://127.0.0.1:9', '--out', join(dir, 'x.json')]);
    expect(result.code).toBe(3);
    expect(result.err).toContain('cannot reach Nova at http://127.0.0.1:9');
  });

  it('exits 2 when told neither a target nor --real-nova', async () => {
    const result = await run(['record', '--out', 'x.json']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('exactly one of --target <url>, --real-nova, --matrix <file>');
  });

  it('exits 2 naming an unknown request set', async () => {
    const result = await run(['record', '--target', 'http://127.0.0.1:9', '--requests', 'no-such-set', '--out', 'x.json']);
    expect(result.code).toBe(2);
    expect(result.err).toContain("'no-such-set' is neither a built-in request set nor a readable file");
  });
});
