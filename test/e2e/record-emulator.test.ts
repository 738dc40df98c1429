/**
 * Recording the emulator through its multi-target URL (`/@zed`) and replaying it: the path
 * prefix is part of the abstracted base URL, and the emulator's answers to the built-in set
 * are compared with the committed real-Nova cassette of every release (the emulator started as
 * that release, the set at that release's maximum).
 */
import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCassette, writeCassette } from '../../src/cassette/cassette-file.js';
import { headersForComparison } from '../../src/cassette/interaction.js';
import type { CassetteResponse } from '../../src/cassette/types.js';
import { LIVE_MIGRATION_REQUEST_SET, liveMigrationRequestSet } from '../../src/cassette/request-sets/live-migration.js';
import { createEmulator } from '../../src/nova/emulator.js';
import { startEmulatorServer } from '../../src/nova/adapters/node-server.js';
import { resolveTarget } from '../../src/nova/target.js';
import { recordCassette } from '../../src/providers/record.js';
import { startReplayServer } from '../../src/providers/replay/replay-server.js';

/** The real Novas' live-migration cassettes, one per release Debian ships. */
const REAL_CASSETTES = readdirSync('contracts/cassettes')
  .filter((n) => /^nova-[0-9.]+-[a-z]+\.json$/.test(n))
  .map((n) => `contracts/cassettes/${n}`);

describe('recording the emulator', () => {
  it('records the built-in set through /@zed and replays it from the cassette', async () => {
    await using emulator = await startEmulatorServer({ defaultTarget: resolveTarget('2.47'), emulator: createEmulator() });
    const { cassette } = await recordCassette({ targetUrl: `${emulator.url}@zed`, requestSet: LIVE_MIGRATION_REQUEST_SET });
    expect(cassette.metadata).toMatchObject({ target: 'zed', maxMicroversion: '2.93' });
    const root = cassette.interactions.find((i) => i.name === 'versions')!;
    expect(JSON.parse(root.response.body).versions[1].links[0].href).toBe('{{mvmatrix:base-url}}/v2.1/');

    const file = join(await mkdtemp(join(tmpdir(), 'mvmatrix-emu-')), 'emulator-zed.json');
    await writeCassette(file, cassette);
    await using replay = await startReplayServer({ cassettePath: file });
    const answer = await fetch(`${replay.url}/`, { headers: { 'x-auth-token': 'admin:6f70656e737461636b20726f636b7321' } });
    const doc = JSON.parse(await answer.text());
    expect(doc.versions[1].links[0].href).toBe(`${replay.url}/v2.1/`);
  });

  // Header order across different names carries no meaning in HTTP (the emulator writes
  // Content-Type first, Nova's faults last), so headers are compared in canonical order.
  const comparable = (r: CassetteResponse | undefined): string =>
    r === undefined ? 'not recorded' : JSON.stringify({ status: r.status, headers: headersForComparison(r.headers), body: r.body });

  it.each(REAL_CASSETTES)('answers every request of the built-in set as the real Nova of %s did (status, headers, body)', async (file) => {
    const real = await readCassette(file);
    await using emulator = await startEmulatorServer({ defaultTarget: resolveTarget(real.metadata.target), emulator: createEmulator() });
    const { cassette } = await recordCassette({ targetUrl: emulator.url, requestSet: liveMigrationRequestSet(real.metadata.maxMicroversion!) });
    const emulated = new Map(cassette.interactions.map((i) => [i.key, i.response]));
    const differences = real.interactions
      .filter((i) => comparable(emulated.get(i.key)) !== comparable(i.response))
      .map((i) => `${i.name}: real ${i.response.status} ${i.response.body.slice(0, 90)} | emulator ${emulated.get(i.key)?.status} ${emulated.get(i.key)?.body.slice(0, 90)}`);
    expect(differences).toEqual([]);
  });
});
