/**
 * Stateful differential conformance: the real Nova's whole control plane (full mode: API,
 * conductor, scheduler, placement, a libvirt compute per world host over Nova's fake libvirt)
 * vs the emulator as the same release. Every live-migration scenario of the default matrix at
 * every band edge (2.24/2.25, 2.29/2.30, 2.33/2.34, 2.67/2.68 and the release maximum), as the
 * real clients send it, on a fresh server; then the migrations run to their end state and the
 * records and the server are read back. Status, message, records and server state must agree
 * unless contracts/conformance-allowlist.yaml explains the difference (mode `full`).
 * Writes reports/conformance-full.md.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile, listProfiles } from '../../src/clients/index.js';
import { loadAllowList } from '../../src/conformance/allowlist.js';
import { describeDifferences, unlistedDifferences } from '../../src/conformance/differential.js';
import { BAND_EDGES, buildStatefulCorpus } from '../../src/conformance/stateful-corpus.js';
import { runStatefulDifferential, type StatefulRun } from '../../src/conformance/stateful.js';
import { writeStatefulReport } from '../../src/conformance/stateful-report.js';
import { DEFAULT_MATRIX_FILE, loadMatrixFile } from '../../src/matrix/load-matrix.js';
import { DEFAULT_DESTINATIONS } from '../../src/matrix/run.js';
import { startEmulatorServer, type StartedEmulatorServer } from '../../src/nova/adapters/node-server.js';
import { createEmulator } from '../../src/nova/emulator.js';
import { resolveTarget } from '../../src/nova/target.js';
import { DEFAULT_WORLD } from '../../src/nova/world.js';
import { fullModeSkipReason } from '../../src/providers/real-nova/full-mode.js';
import { startRealNova, type RunningRealNova } from '../../src/providers/real-nova/launcher.js';

const skip = await fullModeSkipReason(process.env);
if (skip) console.log(`stateful differential tests ${skip}`);

const ROOT = new URL('../../', import.meta.url).pathname;

describe.skipIf(skip !== undefined)('stateful differential conformance: emulator (as Zed) vs the real Nova control plane', () => {
  let nova: RunningRealNova;
  let emulator: StartedEmulatorServer;
  let run: StatefulRun;

  beforeAll(async () => {
    [nova, emulator] = await Promise.all([
      startRealNova({ full: true }),
      startEmulatorServer({ defaultTarget: resolveTarget('zed'), emulator: createEmulator() }),
    ]);
    const matrix = await loadMatrixFile(DEFAULT_MATRIX_FILE);
    const cases = buildStatefulCorpus({
      scenarios: matrix.definition.scenarios,
      profiles: listProfiles().map((p) => getProfile(p.id)),
      destinations: DEFAULT_DESTINATIONS,
      edges: [...BAND_EDGES, '2.93'],
    });
    const allowList = await loadAllowList(join(ROOT, 'contracts/conformance-allowlist.yaml'));
    run = await runStatefulDifferential(
      cases,
      { name: 'real', baseUrl: nova.url, projectId: DEFAULT_WORLD.projectId },
      { name: 'emulator', baseUrl: emulator.url, projectId: DEFAULT_WORLD.projectId },
      allowList,
      { concurrency: 6, realDescription: `real Nova ${nova.novaVersion} (Debian python3-nova, Zed), full control plane`, emulatorDescription: 'mvmatrix emulator, target zed' },
    );
    await writeStatefulReport(join(ROOT, 'reports/conformance-full.md'), run, allowList);
    console.log(`stateful differential: ${run.results.length} cases in ${run.seconds.toFixed(1)} s; report: reports/conformance-full.md`);
  }, 1_800_000);

  afterAll(async () => {
    await Promise.all([nova?.close(), emulator?.close()]);
  });

  it('covers every scenario of the default matrix on both sides of every band edge', async () => {
    const matrix = await loadMatrixFile(DEFAULT_MATRIX_FILE);
    const scenarios = new Set(run.results.map((r) => r.case.scenario));
    for (const s of matrix.definition.scenarios) expect(scenarios.has(s.id), s.id).toBe(true);
    const requested = new Set(run.results.map((r) => r.case.requested));
    for (const v of BAND_EDGES) expect(requested.has(v), v).toBe(true);
  });

  it('agrees with the real control plane on status, message, migration records and server state, except where the allow-list explains', () => {
    const unlisted = unlistedDifferences(run);
    expect(unlisted.length, `${unlisted.length} unlisted differences; first ones:\n${describeDifferences(unlisted)}`).toBe(0);
  });

  it('really migrates on the real side: completed and failed records, servers on their new host, Nova\'s storage pre-check text', () => {
    const records = run.results.flatMap((r) => r.realSettled.migrations);
    expect(records.some((m) => m.startsWith('completed compute-01/compute-01.local→compute-02/compute-02.local'))).toBe(true);
    expect(records.some((m) => m.startsWith('completed compute-03/compute-03.local→compute-02/compute-02.local'))).toBe(true);
    expect(records.some((m) => m.startsWith('error '))).toBe(true);
    expect(run.results.some((r) => r.realSettled.server.startsWith('ACTIVE compute-02/compute-02.local'))).toBe(true);
    expect(run.results.some((r) => r.real.status === 400 && /not on shared storage/.test(r.real.body))).toBe(true);
  });
});
