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
import { describe, it, type ExpectStatic } from 'vitest';
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

/** One release: both recordings from ONE freshly started real Nova, the live-migration set first. */
async function reRecord(nova: (typeof novas)[number], expect: ExpectStatic): Promise<void> {
  const setFile = await committedFile(nova.release.name, false);
  const setText = await readFile(setFile, 'utf8');
  const matrixFile = await committedFile(nova.release.name, true);
  const matrixText = await readFile(matrixFile, 'utf8');
  const committedMatrix = parseCassette(matrixText, matrixFile);
  const real = await launchRealNova(nova, { launcher });
  try {
    const { cassette: freshSet } = await recordCassette({
      targetUrl: real.url,
      requestSet: liveMigrationRequestSet(formatMicroversion(nova.release.maxMicroversion)),
      targetId: nova.release.name,
      novaVersion: real.novaVersion,
      note: realNovaNote(nova),
    });
    // Soft: a drift in the set still lets the matrix cells be re-recorded and reported.
    expect.soft(drift(parseCassette(setText, setFile), freshSet), `${nova.release.name} changed; re-record ${setFile}`).toEqual([]);
    expect.soft(sameBytes(freshSet, parseCassette(setText, setFile)), setFile).toBe(setText);

    // The same Nova (not closed by the provider): a launch per recording cost a container start
    // each (issue 16). The set leaves nothing the matrix cells see: each cell runs on a fresh
    // server, so the re-recording is byte for byte what a second fresh Nova gave.
    await using provider = new RealNovaProvider({ releases: nova.release.name, launcher, running: real });
    const { cassette: freshMatrix } = await recordMatrixWith(provider, {
      matrixPath: 'matrix/default.yaml',
      target: nova.release.name,
      novaVersion: committedMatrix.metadata.novaVersion,
      note: realNovaNote(nova),
      concurrency: 8,
    });
    expect.soft(drift(committedMatrix, freshMatrix), `${nova.release.name} changed; re-record ${matrixFile}`).toEqual([]);
    expect.soft(sameBytes(freshMatrix, committedMatrix), matrixFile).toBe(matrixText);
  } finally {
    await real.close();
  }
}

// Releases run concurrently, each from its own freshly started real Nova.
(skip === undefined ? describe : describe.skip)('drift between the committed cassettes and a fresh real Nova', () => {
  it.concurrent.for(novas.map((nova) => ({ nova, title: nova.release.title })))(
    're-records $title\'s live-migration set and matrix cells byte for byte (recording time aside)',
    // The test's own expect: concurrent tests must not share the global one.
    ({ nova }, { expect }) => reRecord(nova, expect),
  );
});
