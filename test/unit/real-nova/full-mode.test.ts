import { describe, expect, it } from 'vitest';
import { getRelease } from '../../../src/microversion/releases.js';
import { DEFAULT_WORLD } from '../../../src/nova/world.js';
import { readFileSync } from 'node:fs';
import { FULL_MODE_FRESH_SERVER_CAP, FULL_MODE_PROFILE, harnessModeOf, settleMigrations } from '../../../src/providers/real-nova/full-mode.js';
import { RealNovaProvider } from '../../../src/providers/real-nova/real-nova-provider.js';
import { harnessFiles } from '../../../src/providers/real-nova/harness-files.js';
import { findReadyLine } from '../../../src/providers/real-nova/ready-line.js';

describe('the full control-plane mode of the harness', () => {
  it('keeps the runner\'s waves of fresh servers below what the harness keeps (it deletes its oldest beyond that)', () => {
    const world = readFileSync(new URL('../../../src/providers/real-nova/python/full/world.py', import.meta.url), 'utf8');
    const kept = Number(/^FRESH_SERVER_CAP = (\d+)$/m.exec(world)?.[1]);
    expect(kept).toBeGreaterThan(0);
    expect(new RealNovaProvider({ full: true }).freshServerCap).toBe(FULL_MODE_FRESH_SERVER_CAP);
    expect(FULL_MODE_FRESH_SERVER_CAP).toBeLessThan(kept);
    // The API alone deletes nothing: no waves.
    expect(new RealNovaProvider({}).freshServerCap).toBeUndefined();
  });

  it('runs every release on eventlet, also those whose API alone runs on native threads', () => {
    const api = JSON.parse(harnessFiles('/run', getRelease('hibiscus'), DEFAULT_WORLD)['harness.json']!);
    const full = JSON.parse(harnessFiles('/run', getRelease('hibiscus'), DEFAULT_WORLD, { mode: 'full' })['harness.json']!);
    expect(api.server).toBe('threaded');
    expect(full).toMatchObject({ ...FULL_MODE_PROFILE, release: 'hibiscus', auth: 'stand-in' });
  });

  it('gives the harness each host\'s storage group and pre-check failure', () => {
    const world = JSON.parse(harnessFiles('/run', getRelease('zed'), DEFAULT_WORLD, { mode: 'full' })['world.json']!);
    expect(world.hosts.map((h: { name: string; shared_storage_group: string | null; pre_check_failure: string | null }) => [h.name, h.shared_storage_group, h.pre_check_failure !== null])).toEqual([
      ['compute-01', 'nfs-a', false],
      ['compute-02', 'nfs-a', false],
      ['compute-03', null, true],
      ['compute-04', null, false],
    ]);
  });

  it('reads from the ready line which mode runs, and why full fell back to the API alone', () => {
    const full = findReadyLine('MVMATRIX-READY {"port": 4, "release": "zed", "nova_version": "26.2.2", "mode": "full"}\n')!;
    const fell = findReadyLine('MVMATRIX-READY {"port": 4, "mode": "api", "full_unavailable": "cannot import x: ImportError"}\n')!;
    expect([harnessModeOf(full), full.fullUnavailable]).toEqual(['full', null]);
    expect([harnessModeOf(fell), fell.fullUnavailable]).toEqual(['api-only', 'cannot import x: ImportError']);
  });

  it('settles one server through the control API and says what failed', async () => {
    const calls: Array<[string, string]> = [];
    const answer = (status: number, body: unknown): typeof fetch =>
      (async (url: string | URL | Request, init?: RequestInit) => {
        calls.push([String(url), String(init?.body)]);
        return new Response(JSON.stringify(body), { status });
      }) as typeof fetch;
    const settled = await settleMigrations('http://h/', 's1', answer(200, { migrations: [{ id: 2, server: 's1', status: 'completed' }] }));
    expect(settled).toEqual([{ id: 2, server: 's1', status: 'completed' }]);
    expect(calls).toEqual([['http://h/_mvmatrix/migrations/settle', '{"server":"s1"}']]);
    await expect(settleMigrations('http://h/', 's1', answer(500, { computeFault: { code: 500, message: 'timed out' } }))).rejects.toThrow(/settling the live migrations of s1 failed: 500/);
  });
});
