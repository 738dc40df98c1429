/**
 * No credential is ever written (issue #14, case 5). A run, the reports, a matrix recording, a
 * request-set recording and a failing run are all given a token of the noauth2 `user:project`
 * shape — the shape that used to be kept as "not a secret" — and a URL with a password; then
 * every file they wrote and everything they printed is searched for the secret.
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResult } from '../support/read-result.js';
import { ROOT, builtCli, runCli, startServe, stop, type CliProcess } from '../support/cli-process.js';

const SECRET = 's3cr3t';
const TOKEN = `admin:${SECRET}-PROJECT`;
const MATRIX = `version: 1
targets: [zed]
profiles: [horizon-60455e5ff, novaclient@2.68]
scenarios:
  - id: auto
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
  - id: member
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
    world: { caller: member }
  - id: named-doc
    intent: { host: named, blockMigration: false, diskOverCommit: true }
`;

let dir: string;
let serve: CliProcess | undefined;
let url: string;
/** What each command printed (stdout and stderr), by command. */
const printed: { command: string; output: string }[] = [];

async function files(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
  }
  return out;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<number | null> {
  const run = await runCli(args, { env });
  printed.push({ command: args.slice(0, 3).join(' '), output: `${run.stdout}${run.stderr}` });
  return run.code;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-secrets-'));
  await writeFile(join(dir, 'm.yaml'), MATRIX);
  if (builtCli) ({ proc: serve, url } = await startServe([]));
});

afterAll(async () => {
  await stop(serve);
});

describe.skipIf(!builtCli)(`no credential in any output${builtCli ? '' : ' (skipped: run `npm run build` first)'}`, () => {
  it('writes no token, in any shape, to matrix.json, the reports, cassettes, stdout or stderr', async () => {
    const endpoint = `${url}@zed/v2.1`;
    expect(await cli(['run', '--provider', 'url', '--target-url', endpoint, '--target', 'zed', '--token', TOKEN, '--matrix', join(dir, 'm.yaml'), '--out', join(dir, 'run')])).toBe(0);
    expect(await cli(['run', '--provider', 'url', '--target-url', endpoint, '--target', 'zed', '--matrix', join(dir, 'm.yaml'), '--out', join(dir, 'run-env')], { MVMATRIX_TOKEN: TOKEN })).toBe(0);
    expect(await cli(['report', '--from', join(dir, 'run', 'matrix.json'), '--out', join(dir, 'report')])).toBe(0);
    expect(await cli(['record', '--matrix', join(dir, 'm.yaml'), '--provider', 'url', '--target-url', endpoint, '--target-id', 'zed', '--token', TOKEN, '--out', join(dir, 'cassettes', 'matrix.json')])).toBe(0);
    expect(await cli(['record', '--target', `${url}@zed`, '--token', TOKEN, '--out', join(dir, 'cassettes', 'requests.json')])).toBe(0);
    // Failures print URLs and tokens' context: a refused endpoint with a password in its URL.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await cli(['run', '--provider', 'url', '--target-url', `http://admin:pw-${SECRET}@127.0.0.1:${port}/v2.1`, '--token', TOKEN, '--matrix', join(dir, 'm.yaml'), '--out', join(dir, 'failed')])).toBe(3);

    const written = await files(dir);
    expect(written.length).toBeGreaterThanOrEqual(8);
    for (const file of written) {
      const text = await readFile(file, 'utf8');
      expect(text.includes(SECRET), `${file} contains the secret`).toBe(false);
    }
    for (const { command, output } of printed) expect(output.includes(SECRET), `${command}: ${output}`).toBe(false);

    // The evidence still says who called; the token itself reads <redacted>.
    const result = await readResult(join(dir, 'run', 'matrix.json'));
    const member = result.cells.find((c) => c.scenario === 'member')!;
    expect(member.world?.caller).toBe('member');
    expect(member.request?.headers['x-auth-token']).toBe('<redacted>');
  });

  it('redacts the default noauth2 token too: every X-Auth-Token in matrix.json reads <redacted>', async () => {
    expect(await cli(['run', '--matrix', join(dir, 'm.yaml'), '--out', join(dir, 'default'), '--no-reports'])).toBe(0);
    const result = await readResult(join(dir, 'default', 'matrix.json'));
    const tokens = new Set(result.cells.flatMap((c) => (c.request ? [c.request.headers['x-auth-token']] : [])));
    expect([...tokens]).toEqual(['<redacted>']);
  });

  it('puts only the <redacted> placeholder where a pact carries a token', async () => {
    const pacts = join(ROOT, 'contracts', 'pacts');
    const files = (await readdir(pacts)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = await readFile(join(pacts, file), 'utf8');
      // A noauth2 token (user:project of 32 hex digits) or any token value other than the placeholder.
      expect(text, file).not.toMatch(/(admin|member):[0-9a-f]{32}/);
      for (const match of text.matchAll(/"x-auth-token": \[\s*"([^"]*)"/gi)) expect(match[1], file).toBe('<redacted>');
    }
  });
});
