/**
 * What `mvmatrix verify` says per source when a source cannot verify much: a cassette of a
 * release no pact names reports "no pacts for this provider" (never an empty success row), an
 * error with CI=true when the matrix's contract section names that release; a cassette
 * recorded from a request set instead of the matrix says why its interactions are unverifiable.
 * Real Pact verifier, replay providers (no Nova, no Docker). Needs `npm run build`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseSummary } from '../../src/pact/verification-summary.js';

const ZED_PACT = 'horizon@27.0.0-nova-zed.json';
const VICTORIA_CASSETTE = 'contracts/cassettes/nova-22.0.1-victoria-matrix.json';
const ZED_LIVE_MIGRATION_CASSETTE = 'contracts/cassettes/nova-26.2.2-zed.json';

let pacts: string;
let root: string;

async function verify(cassette: string, ci: boolean, out: string): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await main(['verify', '--pacts', pacts, '--provider', 'replay', '--cassette', cassette, '--out', out], {
    env: { ...process.env, CI: ci ? 'true' : undefined },
    stdout: (t) => (text += t),
    stderr: (t) => (text += t),
    isTTY: false,
  });
  return { code, text };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mvm-pact-sources-'));
  pacts = join(root, 'pacts');
  mkdirSync(pacts);
  copyFileSync(join('contracts/pacts', ZED_PACT), join(pacts, ZED_PACT));
});

describe('a source that serves a provider without pacts', () => {
  it('is reported as "no pacts for this provider", with a warning outside CI that the contract names it (exit 0)', async () => {
    const { code, text } = await verify(VICTORIA_CASSETTE, false, join(root, 'r1'));
    expect(code, text).toBe(0);
    expect(text).toContain('the replay of nova-22.0.1-victoria-matrix.json (nova-victoria): no pacts for this provider: no pact names nova-victoria; nothing verified');
    expect(text).not.toMatch(/nova-victoria\): 0 interactions/);
    expect(text).toMatch(/^warning: matrix\/default\.yaml's contract section names nova-victoria, but .* has no pacts for it/m);
    const summary = parseSummary(readFileSync(join(root, 'r1', 'pact', 'verification.json'), 'utf8'), 'verification.json');
    expect(summary.coverage).toEqual([{ source: 'replay:nova-22.0.1-victoria-matrix.json', serves: 'nova-victoria', interactions: 0, status: 'no-pacts', namedByContract: true }]);
    expect(readFileSync(join(root, 'r1', 'pact', 'replay-nova-22.0.1-victoria-matrix.json.junit.xml'), 'utf8')).toContain('<skipped message="the replay of nova-22.0.1-victoria-matrix.json (nova-victoria): no pacts for this provider');
  });

  it('fails verification with CI=true, saying to regenerate the pacts (exit 1)', async () => {
    const { code, text } = await verify(VICTORIA_CASSETTE, true, join(root, 'r2'));
    expect(code, text).toBe(1);
    expect(text).toContain("matrix/default.yaml's contract section names nova-victoria");
    expect(text).toContain('node bin/mvmatrix.js pact');
  });
});

describe('a cassette recorded from the live-migration request set, not the matrix', () => {
  it('counts its unverifiable interactions by cause and says why the recording lacks them', async () => {
    const { code, text } = await verify(ZED_LIVE_MIGRATION_CASSETTE, true, join(root, 'r3'));
    expect(code, text).toBe(0);
    const interactions = (JSON.parse(readFileSync(join(pacts, ZED_PACT), 'utf8')) as { interactions: unknown[] }).interactions.length;
    const head = new RegExp(`^the replay of nova-26\\.2\\.2-zed\\.json \\(nova-zed\\): ${interactions} interactions .*, (\\d+) unverifiable$`, 'm').exec(text);
    expect(head, text).not.toBeNull();
    const byCause = [...text.matchAll(/^ {2}(\d+) unverifiable: /gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(byCause).toBe(Number(head![1]));
    expect(text).toMatch(/^ {2}\d+ unverifiable: the cassette has no answer for the request \(a replay miss\)$/m);
    expect(text).toMatch(/^ {2}\d+ unverifiable: the recording has no server of the provider state's template \(templates active-local-disk, locked\)$/m);
    expect(text).toMatch(/^ {2}why: it was recorded from the request set 'live-migration', not from the matrix/m);
  });
});
