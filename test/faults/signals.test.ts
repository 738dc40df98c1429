/**
 * SIGINT and SIGTERM at seeded points of a run: while cells are in flight (the Nth request the
 * runner sends) and while the outputs are being written (the Nth temporary file). The run must
 * exit with 128 + the signal number, leave no temporary file, and leave every output either as
 * it was or complete — never half-written (issue #14, case 7).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/conformance/corpus/prng.js';
import { builtCli, runCli } from '../support/cli-process.js';
import { readResult } from '../support/read-result.js';
import { plainMatrix, snapshot, strayFiles } from '../support/out-dir.js';

const FAULT = fileURLToPath(new URL('./fixtures/signal-at-event.mjs', import.meta.url));
const PROFILES = ['horizon-legacy', 'horizon-60455e5ff', 'novaclient@2.68', 'openstacksdk'];
const EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
const random = seededRandom(0x14_07);

let dir: string;
let matrix: string;
let previous: Map<string, Buffer>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-signals-'));
  matrix = join(dir, 'm.yaml');
  await writeFile(matrix, plainMatrix('zed', PROFILES, 100)); // 400 cells, every one sends
  const good = join(dir, 'good');
  const run = await runCli(['run', '--matrix', matrix, '--out', good, '--quiet']);
  expect(run.code).toBe(0);
  previous = await snapshot(good);
  expect(previous.size).toBeGreaterThan(1);
});

/** A copy of the good outputs to interrupt a run into. */
async function outputsCopy(name: string): Promise<string> {
  const out = join(dir, name);
  await mkdir(out, { recursive: true });
  for (const [file, bytes] of previous) await writeFile(join(out, file), bytes);
  return out;
}

/** Every file is the previous one byte for byte, or a complete new one. */
async function expectNoHalfWrittenFile(out: string): Promise<void> {
  const now = await snapshot(out);
  expect([...now.keys()].sort()).toEqual([...previous.keys()].sort());
  for (const [name, bytes] of now) {
    if (bytes.equals(previous.get(name)!)) continue;
    const text = bytes.toString('utf8');
    if (name === 'matrix.json') await expect(readResult(join(out, name)), name).resolves.toMatchObject({ cells: expect.any(Array) });
    else if (name.endsWith('.json')) expect(() => JSON.parse(text), name).not.toThrow();
    else if (name.endsWith('.html')) expect(text.trimEnd().endsWith('</html>'), name).toBe(true);
    else if (name.endsWith('.xml')) expect(text.trimEnd().endsWith('</testsuites>'), name).toBe(true);
    else expect(text.endsWith('\n'), name).toBe(true);
  }
  expect(await strayFiles(out)).toEqual([]);
}

const atRequest = 20 + random.int(300);
const atFile = 1 + random.int(5); // matrix.json, then the four reports

describe.skipIf(!builtCli)(`signals at seeded points${builtCli ? '' : ' (skipped: run `npm run build` first)'}`, () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} while cells run (request ${atRequest}): exit ${EXIT[signal]}, the previous outputs untouched`, async () => {
      const out = await outputsCopy(`cells-${signal}`);
      // Over HTTP, so the Nth request is one undici sends (in-process cells send none).
      const run = await runCli(['run', '--over-http', '--matrix', matrix, '--out', out], {
        preload: [FAULT],
        env: { MVM_FAULT_CHANNEL: 'undici:request:create', MVM_FAULT_AT: String(atRequest), MVM_FAULT_SIGNAL: signal },
      });
      expect(run.code).toBe(EXIT[signal]);
      expect(run.stderr).toContain(`mvmatrix: ${signal} received; stopped (exit ${EXIT[signal]})`);
      const now = await snapshot(out);
      for (const [name, bytes] of previous) expect(now.get(name)?.equals(bytes), `${name} unchanged`).toBe(true);
      expect(await strayFiles(out)).toEqual([]);
    });

    it(`${signal} while writing output file ${atFile}: exit ${EXIT[signal]}, no temporary file, no half-written output`, async () => {
      const out = await outputsCopy(`write-${signal}`);
      const run = await runCli(['run', '--matrix', matrix, '--out', out], {
        preload: [FAULT],
        env: { MVM_FAULT_CHANNEL: 'mvmatrix:temporary-file', MVM_FAULT_AT: String(atFile), MVM_FAULT_SIGNAL: signal },
      });
      expect(run.code).toBe(EXIT[signal]);
      // The file being written when the signal came had its temporary file removed.
      expect(run.stderr).toMatch(new RegExp(`mvmatrix: ${signal} received; stopped \\(exit ${EXIT[signal]}\\), removed [1-9]\\d* temporary file\\(s\\)`));
      await expectNoHalfWrittenFile(out);
    });
  }
});
