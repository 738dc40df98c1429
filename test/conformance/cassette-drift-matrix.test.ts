/**
 * The committed matrix cassette still says what the real Nova says: record the default
 * matrix's zed cells from a freshly started python3-nova and compare with the committed file.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCassette, serializeCassette } from '../../src/cassette/cassette-file.js';
import { realNovaSkipReason } from '../../src/providers/real-nova/prerequisites.js';
import { REAL_NOVA_NOTE } from '../../src/providers/record.js';
import { recordMatrix } from '../../src/providers/replay/record-matrix.js';

const COMMITTED = 'contracts/cassettes/nova-26.2.2-zed-matrix.json';

const skip = await realNovaSkipReason(process.env);
if (skip) console.log(`matrix cassette drift test ${skip}`);

describe.skipIf(skip !== undefined)('drift between the committed matrix cassette and a fresh real Nova', () => {
  it('re-records the zed cells of matrix/default.yaml byte for byte (recording time aside)', async () => {
    const committedText = await readFile(COMMITTED, 'utf8');
    const committed = parseCassette(committedText, COMMITTED);
    const { cassette: fresh } = await recordMatrix({
      matrixPath: 'matrix/default.yaml',
      provider: 'real-nova',
      novaVersion: committed.metadata.novaVersion,
      note: REAL_NOVA_NOTE,
    });
    const freshByKey = new Map(fresh.interactions.map((i) => [i.key, i]));
    const drift: string[] = [];
    for (const old of committed.interactions) {
      const now = freshByKey.get(old.key);
      if (!now) drift.push(`no longer sent: ${old.key}`);
      else if (JSON.stringify(now.response) !== JSON.stringify(old.response)) drift.push(`${old.key}: was ${old.response.status}, now ${now.response.status}`);
    }
    for (const key of freshByKey.keys()) if (!committed.interactions.some((i) => i.key === key)) drift.push(`newly sent: ${key}`);
    expect(drift).toEqual([]);
    expect(serializeCassette({ ...fresh, metadata: { ...fresh.metadata, recordedAt: committed.metadata.recordedAt } })).toBe(committedText);
  }, 300_000);
});
