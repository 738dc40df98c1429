/**
 * The default matrix's request set against every real Nova release, with no Docker: each
 * committed matrix cassette (the real Nova's answers to what matrix/default.yaml sends that
 * release's cells) is replayed, and the emulator started as the same release answers the same
 * cells. Every answer agrees, or contracts/conformance-allowlist.yaml explains the difference
 * for that release; the replay passes the compatibility gate against the emulator's baseline
 * with exactly the generated contracts/real-nova-gate-allowlist.yaml. The figures go into
 * reports/conformance.md (reports/conformance/<release>.matrix.json).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { summarizeMatrix } from '../../src/conformance/report.js';
import { writeConformanceReport } from '../../src/conformance/report-files.js';
import { describe, expect, it } from 'vitest';
import { readCassette } from '../../src/cassette/cassette-file.js';
import { loadAllowList } from '../../src/conformance/allowlist.js';
import { compareCassetteWithEmulator, matrixCassettes } from '../../src/conformance/matrix-differential-run.js';
import { gateAllowlistEntries, unexplainedCells } from '../../src/conformance/matrix-differential.js';
import { prepareMatrix } from '../../src/run/execute.js';
import { compareWithBaseline } from '../../src/matrix/gate.js';
import { parseAllowlist, parseBaseline } from '../../src/matrix/gate-files.js';
import { getRelease } from '../../src/microversion/releases.js';
import { DEBIAN_NOVAS, targetIdsServedBy } from '../../src/providers/real-nova/debian-releases.js';

const CASSETTES = await matrixCassettes('contracts/cassettes');
const REGENERATE = 'node scripts/real-nova-gate-allowlist.mjs (after npm run build)';

describe('the committed real-Nova matrix cassettes', () => {
  it('exist for every release Debian ships', async () => {
    const targets = await Promise.all(CASSETTES.map(async (c) => (await readCassette(c)).metadata.target));
    expect(targets).toEqual(DEBIAN_NOVAS.map((d) => d.release.name));
  });
});

describe.each(CASSETTES)('replaying %s against the emulator', (cassettePath) => {
  it('was recorded from the current matrix/default.yaml', async () => {
    const cassette = await readCassette(cassettePath);
    const { hash } = await prepareMatrix('matrix/default.yaml');
    const release = cassette.metadata.target;
    expect(cassette.metadata.requestSet, `re-record: node bin/mvmatrix.js record --matrix matrix/default.yaml --provider real-nova --release ${release} --out ${cassettePath}`).toBe(
      `matrix:matrix/default.yaml@sha256:${hash.slice(0, 16)}`,
    );
  });

  it('answers every cell, agrees with the emulator or has an allow-listed reason, and passes the gate with the generated allow-list', async () => {
    const allowList = await loadAllowList('contracts/conformance-allowlist.yaml');
    const { real, comparison, misses } = await compareCassetteWithEmulator(cassettePath, 'matrix/default.yaml', allowList);
    expect(misses).toBe(0);
    expect(comparison.unmatched).toEqual([]);
    expect(comparison.cells.length).toBeGreaterThan(100);
    const unexplained = unexplainedCells(comparison);
    expect(unexplained.map((c) => `${c.id}: ${JSON.stringify(c.differences)}`)).toEqual([]);
    // The real Nova was reached for real: accepted live migrations and refusals both occur.
    const statuses = new Set(comparison.cells.map((c) => c.realStatus));
    for (const status of [202, 400, 409]) expect(statuses.has(status)).toBe(true);

    const baseline = parseBaseline(await readFile('matrix/baseline.json', 'utf8'), 'matrix/baseline.json');
    const gateList = parseAllowlist(await readFile('contracts/real-nova-gate-allowlist.yaml', 'utf8'), 'contracts/real-nova-gate-allowlist.yaml');
    const release = comparison.release;
    const targets = targetIdsServedBy(getRelease(release));
    const expected = gateAllowlistEntries(comparison, allowList, baseline.cells, targets);
    const committed = gateList.entries.filter((e) => targets.some((t) => e.cell.endsWith(`|${t}`)));
    expect(committed, `contracts/real-nova-gate-allowlist.yaml is stale for ${release}; regenerate: ${REGENERATE}`).toEqual(expected);
    const gate = compareWithBaseline(real, baseline, gateList, '2026-01-01');
    expect(gate.failures).toEqual([]);
    expect(gate.passed).toBe(true);
    await writeConformanceReport('reports', summarizeMatrix(comparison, basename(cassettePath)));
  });
});
