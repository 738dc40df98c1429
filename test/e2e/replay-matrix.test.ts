/**
 * The committed matrix cassette (the real Nova 26.2.2's answers to what `matrix/default.yaml`
 * sends its zed cells) replays the whole zed column with no Nova and no misses.
 */
import { describe, expect, it } from 'vitest';
import { readCassette } from '../../src/cassette/cassette-file.js';
import { executeMatrix, prepareMatrix } from '../../src/run/execute.js';
import { createReplayProvider } from '../../src/providers/replay/replay-provider.js';

const CASSETTE = 'contracts/cassettes/nova-26.2.2-zed-matrix.json';
const RERECORD = `node bin/mvmatrix.js record --matrix matrix/default.yaml --provider real-nova --out ${CASSETTE}`;

describe('replaying the committed real-Nova matrix cassette', () => {
  it('was recorded from the current matrix/default.yaml', async () => {
    const cassette = await readCassette(CASSETTE);
    const { hash } = await prepareMatrix('matrix/default.yaml');
    expect(cassette.metadata.requestSet, `the matrix changed since the cassette was recorded; re-record it: ${RERECORD}`).toBe(
      `matrix:matrix/default.yaml@sha256:${hash.slice(0, 16)}`,
    );
  });

  it('answers every zed cell from the recording, with the real Nova verdicts', async () => {
    const { expanded, hash } = await prepareMatrix('matrix/default.yaml');
    await using replay = await createReplayProvider({ cassettePath: CASSETTE });
    const result = await executeMatrix({ expanded, hash, provider: replay });
    expect(replay.stats().misses, `some requests were not recorded; re-record: ${RERECORD}`).toBe(0);
    const zed = result.cells.filter((c) => c.target.id === 'zed');
    expect(zed.length).toBeGreaterThan(0);
    expect(result.cells.every((c) => c.target.id === 'zed')).toBe(true);
    // Real Nova 26.2.2 without a conductor: live migration below 2.34 is a blocking RPC that times out (500).
    const below234 = zed.filter((c) => c.response?.status === 500);
    expect(below234.every((c) => c.effectiveMicroversion !== null && Number(c.effectiveMicroversion.split('.')[1]) < 34)).toBe(true);
    expect(zed.some((c) => c.response?.status === 202)).toBe(true);
  });
});
