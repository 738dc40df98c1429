/**
 * The committed real-Nova cassettes still say what the real Novas say: re-record each
 * release's live-migration set and matrix cells from a freshly started real Nova and compare,
 * interaction by interaction (so a drift names the request and the release), then byte for
 * byte (recording time aside). Drift means the Debian package or the request set changed:
 * re-record (contracts/cassettes/README.md) and review the diff.
 *
 * Which releases: `MVMATRIX_CONFORMANCE_RELEASES` (containers); unset: Zed from the host's
 * python3-nova.
 */
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { realNovaSelection } from './real-nova-releases.js';
import { parseCassette, serializeCassette } from '../../src/cassette/cassette-file.js';
import type { Cassette } from '../../src/cassette/types.js';
import { liveMigrationRequestSet } from '../../src/cassette/request-sets/live-migration.js';
import { formatMicroversion } from '../../src/microversion/version.js';
import { launchRealNova, RealNovaProvider } from '../../src/providers/real-nova/real-nova-provider.js';
import { realNovaNote, recordCassette } from '../../src/providers/record.js';
import { recordMatrixWith } from '../../src/run/record-matrix.js';

const { novas, launcher, skip } = await realNovaSelection();
if (skip) console.log(`cassette drift tests ${skip}`);

/** The committed cassette of `release` (`nova-<version>-<release>[-matrix].json`). */
async function committedFile(release: string, matrix: boolean): Promise<string> {
  const pattern = new RegExp(`^nova-[0-9.]+-${release}${matrix ? '-matrix' : ''}\\.json$`);
  const name = (await readdir('contracts/cassettes')).find((n) => pattern.test(n));
  if (!name) throw new Error(`no committed ${matrix ? 'matrix ' : ''}cassette of ${release} in contracts/cassettes`);
  return `contracts/cassettes/${name}`;
}

/** What changed, one line per interaction. */
function drift(committed: Cassette, fresh: Cassette): string[] {
  const freshByKey = new Map(fresh.interactions.map((i) => [i.key, i]));
  const out: string[] = [];
  for (const old of committed.interactions) {
    const now = freshByKey.get(old.key);
    if (!now) out.push(`no longer sent: ${old.name}`);
    else if (JSON.stringify(now.response) !== JSON.stringify(old.response)) {
      out.push(`${old.name}: was ${old.response.status} ${old.response.body.slice(0, 100)}, now ${now.response.status} ${now.response.body.slice(0, 100)}`);
    }
  }
  for (const key of freshByKey.keys()) if (!committed.interactions.some((i) => i.key === key)) out.push(`newly sent: ${key}`);
  return out;
}

function sameBytes(fresh: Cassette, committed: Cassette): string {
  return serializeCassette({ ...fresh, metadata: { ...fresh.metadata, recordedAt: committed.metadata.recordedAt } });
}

for (const nova of novas) {
  // Releases and both recordings run concurrently, each from its own freshly started real Nova.
  (skip === undefined ? describe.concurrent : describe.skip)(`drift between the committed cassettes of ${nova.release.title} and a fresh real Nova`, () => {
    it('re-records the live-migration set byte for byte (recording time aside)', async () => {
      const file = await committedFile(nova.release.name, false);
      const committedText = await readFile(file, 'utf8');
      const committed = parseCassette(committedText, file);
      const real = await launchRealNova(nova, { launcher });
      const { cassette: fresh } = await recordCassette({
        targetUrl: real.url,
        requestSet: liveMigrationRequestSet(formatMicroversion(nova.release.maxMicroversion)),
        targetId: nova.release.name,
        novaVersion: real.novaVersion,
        note: realNovaNote(nova),
      }).finally(() => real.close());
      expect(drift(committed, fresh), `${nova.release.name} changed; re-record ${file}`).toEqual([]);
      expect(sameBytes(fresh, committed)).toBe(committedText);
    });

    it('re-records the matrix cells byte for byte (recording time aside)', async () => {
      const file = await committedFile(nova.release.name, true);
      const committedText = await readFile(file, 'utf8');
      const committed = parseCassette(committedText, file);
      await using provider = new RealNovaProvider({ releases: nova.release.name, launcher });
      const { cassette: fresh } = await recordMatrixWith(provider, {
        matrixPath: 'matrix/default.yaml',
        target: nova.release.name,
        novaVersion: committed.metadata.novaVersion,
        note: realNovaNote(nova),
        concurrency: 8,
      });
      expect(drift(committed, fresh), `${nova.release.name} changed; re-record ${file}`).toEqual([]);
      expect(sameBytes(fresh, committed)).toBe(committedText);
    });
  });
}
