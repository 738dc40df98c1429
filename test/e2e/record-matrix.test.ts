/**
 * Recording a matrix run through the recording proxy, then running the same matrix on the
 * replay provider: every cell of the recorded target comes out the same, with no Nova.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCassette, writeCassette } from '../../src/cassette/cassette-file.js';
import { executeMatrix, prepareMatrix } from '../../src/run/execute.js';
import type { CellResult } from '../../src/matrix/result.js';
import { main } from '../../src/cli/main.js';
import { recordMatrix } from '../../src/run/record-matrix.js';
import { createReplayProvider } from '../../src/providers/replay/replay-provider.js';

const MATRIX = 'matrix/default.yaml';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** What a cell says, with server ids (different on every run) abstracted. */
function cellVerdict(cell: CellResult): string {
  return JSON.stringify({
    outcome: cell.outcome,
    explanation: cell.explanation,
    status: cell.response?.status ?? null,
    body: cell.response?.body ?? null,
    refusal: cell.refusal ?? null,
  }).replace(UUID, '<id>');
}

describe('recording a matrix run', () => {
  it('replays every cell of the recorded target exactly as the emulator answered it', async () => {
    const { cassette, result, conflicts } = await recordMatrix({ matrixPath: MATRIX, provider: 'emulator', target: 'zed' });
    expect(conflicts).toEqual([]);
    const bytes = JSON.stringify(cassette);
    expect(bytes).not.toContain('6f70656e737461636b20726f636b7321');
    expect(bytes).not.toContain('admin:');
    expect(cassette.metadata.target).toBe('zed');
    expect(cassette.metadata.requestSet).toMatch(/^matrix:matrix\/default\.yaml@sha256:[0-9a-f]{16}$/);
    expect(result.cells.length).toBeGreaterThan(0);
    expect(result.cells.every((c) => c.target.id === 'zed')).toBe(true);

    const file = join(await mkdtemp(join(tmpdir(), 'mvmatrix-matrix-')), 'zed-matrix.json');
    await writeCassette(file, cassette);
    const { expanded, hash } = await prepareMatrix(MATRIX);
    await using replay = await createReplayProvider({ cassettePath: file });
    const replayed = await executeMatrix({ expanded, hash, provider: replay });
    expect(replay.stats().misses).toBe(0);
    const recorded = new Map(result.cells.map((c) => [c.id, cellVerdict(c)]));
    const differences = replayed.cells.filter((c) => recorded.get(c.id) !== cellVerdict(c)).map((c) => `${c.id}: ${cellVerdict(c)} vs ${recorded.get(c.id)}`);
    expect(differences).toEqual([]);
    expect(replayed.cells.map((c) => c.id).sort()).toEqual([...recorded.keys()].sort());
  });

  it('records a matrix from the command line as one target of the emulator', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'mvmatrix-matrix-')), 'cli.json');
    let stdout = '';
    let stderr = '';
    const code = await main(['record', '--matrix', MATRIX, '--provider', 'emulator', '--target-id', 'mv-2.47', '--out', out], {
      env: {},
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^recorded \d+ interactions of \d+ cells \(target mv-2\.47\) into /);
    expect((await readCassette(out)).metadata.target).toBe('mv-2.47');
  });

  it('writes stand-in ids for fresh servers, one per template, instead of the ids of the run', async () => {
    const first = await recordMatrix({ matrixPath: MATRIX, provider: 'emulator', target: 'zed', now: () => new Date(0) });
    const file = join(await mkdtemp(join(tmpdir(), 'mvmatrix-matrix-')), 'a.json');
    await writeCassette(file, first.cassette);
    const reread = await readCassette(file);
    for (const server of Object.values(reread.servers)) expect(server.id).toMatch(/^5ec0ded0-0000-4000-8000-[0-9a-f]{12}$/);
    const ids = new Set(reread.interactions.map((i) => /servers\/([^/]+)\//.exec(i.request.path)?.[1]).filter((id) => id !== undefined));
    expect([...ids].every((id) => Object.values(reread.servers).some((s) => s.id === id))).toBe(true);
  });
});
