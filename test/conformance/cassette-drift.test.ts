/**
 * The committed real-Nova cassette still says what the real Nova says: re-record the same
 * request set from a freshly started python3-nova and compare. Drift means either the
 * Debian package changed or the request set changed; re-record (see contracts/cassettes/README.md).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCassette, serializeCassette } from '../../src/cassette/cassette-file.js';
import { loadRequestSet } from '../../src/cassette/request-set.js';
import { realNovaSkipReason } from '../../src/providers/real-nova/prerequisites.js';
import { recordRealNova } from '../../src/providers/record.js';

const COMMITTED = 'contracts/cassettes/nova-26.2.2-zed.json';

const skip = await realNovaSkipReason(process.env);
if (skip) console.log(`cassette drift test ${skip}`);

describe.skipIf(skip !== undefined)('drift between the committed cassette and a fresh real Nova', () => {
  it('re-records the live-migration set from python3-nova byte for byte (recording time aside)', async () => {
    const committedText = await readFile(COMMITTED, 'utf8');
    const committed = parseCassette(committedText, COMMITTED);
    const { cassette: fresh } = await recordRealNova({ requestSet: await loadRequestSet(committed.metadata.requestSet) });
    expect(fresh.metadata.novaVersion).toBe(committed.metadata.novaVersion);
    // Per-interaction comparison first, so a drift names the request that changed.
    const freshByKey = new Map(fresh.interactions.map((i) => [i.key, i]));
    const drift: string[] = [];
    for (const old of committed.interactions) {
      const now = freshByKey.get(old.key);
      if (!now) drift.push(`no longer recorded: ${old.name}`);
      else if (JSON.stringify(now.response) !== JSON.stringify(old.response)) {
        drift.push(`${old.name}: was ${old.response.status} ${old.response.body.slice(0, 100)} now ${now.response.status} ${now.response.body.slice(0, 100)}`);
      }
    }
    expect(drift).toEqual([]);
    const freshText = serializeCassette({ ...fresh, metadata: { ...fresh.metadata, recordedAt: committed.metadata.recordedAt } });
    expect(freshText).toBe(committedText);
  }, 240_000);
});
