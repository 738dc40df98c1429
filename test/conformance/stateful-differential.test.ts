/**
 * Stateful differential conformance, per release: the real Nova's whole control plane (full
 * mode: API, conductor, scheduler, Placement, a libvirt compute per world host over Nova's fake
 * libvirt) vs the emulator as the same release. Every live-migration scenario of the default
 * matrix at every band edge (2.24/2.25, 2.29/2.30, 2.33/2.34, 2.67/2.68 and the release
 * maximum), as the real clients send it, on a fresh server; then the migrations run to their end
 * state and the records and the server are read back. Status, message, records and server state
 * must agree unless contracts/conformance-allowlist.yaml explains the difference (for that
 * release, in mode `full`). Writes reports/conformance/<release>-full.json and
 * reports/conformance.md.
 *
 * `.ci/run` runs it inside `npm test` (and scripts/ci/real-nova-full.sh alone); a release costs
 * minutes of CPU, so a plain `npm test` leaves it out unless asked. Which releases: `MVMATRIX_FULL_RELEASES` = `host` (Zed from the host's
 * python3-nova), or `all` / `zed,hibiscus` (names or Debian suites, each in a container of its
 * image). Unset: the suite says so and does not run. A release whose test tree cannot run the
 * full mode is reported as such (API only) instead of failing. `MVMATRIX_FULL_MATRIX_RELEASES`
 * (same spelling; default: every release run) limits the matrix phase (part 2) to those
 * releases — the CI stage's budget; a release without it keeps no matrix verdicts in its summary.
 * `MVMATRIX_FULL_MATRIX_PROFILES` (comma-separated profile ids; default the matrix's) runs the
 * matrix phase for those client profiles only (as `run --profile`): the CI stage's subset.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realNovaSelection } from './real-nova-releases.js';
import { getProfile, listProfiles } from '../../src/clients/index.js';
import { loadAllowList } from '../../src/conformance/allowlist.js';
import { describeDifferences, unlistedDifferences } from '../../src/conformance/differential.js';
import { runTargetOnBoth, type TargetRuns } from '../../src/conformance/matrix-differential-run.js';
import { unexplainedCells, verdictAgreement } from '../../src/conformance/matrix-differential.js';
import { writeConformanceReport } from '../../src/conformance/report-files.js';
import { summarizeRun } from '../../src/conformance/report.js';
import { BAND_EDGES, buildStatefulCorpus } from '../../src/conformance/stateful-corpus.js';
import { summarizeStatefulRun } from '../../src/conformance/stateful-report.js';
import { runStatefulDifferential, type StatefulRun } from '../../src/conformance/stateful.js';
import { DEFAULT_MATRIX_FILE, loadMatrixFile } from '../../src/matrix/load-matrix.js';
import { DEFAULT_DESTINATIONS } from '../../src/matrix/intent.js';
import { formatMicroversion } from '../../src/microversion/version.js';
import { startEmulatorServer, type StartedEmulatorServer } from '../../src/nova/adapters/node-server.js';
import { createEmulator } from '../../src/nova/emulator.js';
import { resolveTarget } from '../../src/nova/target.js';
import { DEFAULT_WORLD } from '../../src/nova/world.js';
import { fullModeSkipReason } from '../../src/providers/real-nova/full-mode.js';
import { selectDebianNovas } from '../../src/providers/real-nova/debian-releases.js';
import { launchRealNova, RealNovaProvider, type RealNovaInstance } from '../../src/providers/real-nova/real-nova-provider.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const requested = process.env['MVMATRIX_FULL_RELEASES'];
const { novas, launcher, skip } =
  requested === undefined
    ? { novas: [], launcher: 'host' as const, skip: 'not run here: the stage scripts/ci/real-nova-full.sh runs it (MVMATRIX_FULL_RELEASES=host|<releases>)' }
    : await realNovaSelection({ ...process.env, MVMATRIX_FULL_RELEASES: requested === 'host' ? undefined : requested }, {
        variable: 'MVMATRIX_FULL_RELEASES',
        hostSkipReason: (env) => fullModeSkipReason(env),
      });
if (skip) console.log(`stateful differential tests ${skip}`);
const matrixProfiles = ((list) => (list && list.length > 0 ? list : undefined))(
  process.env['MVMATRIX_FULL_MATRIX_PROFILES']?.split(',').map((p) => p.trim()).filter((p) => p !== ''),
);
const matrixPhase = (() => {
  const only = process.env['MVMATRIX_FULL_MATRIX_RELEASES'];
  const names = new Set((only === undefined ? novas : selectDebianNovas(only, 'MVMATRIX_FULL_MATRIX_RELEASES')).map((n) => n.release.name));
  return (release: string): boolean => names.has(release);
})();

// Unset (`npm test`): one skipped test says where the suite runs.
if (novas.length === 0) it.skip(`stateful differential: ${skip ?? 'no release selected'}`, () => {});

for (const nova of novas) {
  const max = formatMicroversion(nova.release.maxMicroversion);
  // Releases run concurrently (each its own control plane and emulator).
  (skip === undefined ? describe.concurrent : describe.skip)(`stateful differential: emulator (as ${nova.release.title}) vs the real ${nova.release.title} control plane (Debian ${nova.suite})`, () => {
    let real: RealNovaInstance;
    let emulator: StartedEmulatorServer;
    let run: StatefulRun | undefined;
    let matrix: TargetRuns | undefined;

    beforeAll(async () => {
      [real, emulator] = await Promise.all([
        launchRealNova(nova, { launcher, full: true, onProgress: (line) => console.log(`${nova.suite}: ${line}`) }),
        startEmulatorServer({ defaultTarget: resolveTarget(nova.release.name), emulator: createEmulator() }),
      ]);
      const allowList = await loadAllowList(join(ROOT, 'contracts/conformance-allowlist.yaml'));
      const how = launcher === 'host' ? "the host's python3-nova" : `container of mvmatrix/real-nova:${nova.suite}`;
      const description = `real Nova ${real.novaVersion} (${nova.release.title}, Debian ${nova.suite} python3-nova, ${how}), full control plane`;
      if (real.mode !== 'full') {
        // The release's test tree cannot run the full mode: say so in the report (API only).
        const empty = { release: nova.release.name, maxMicroversion: max, results: [], seconds: 0, realDescription: description, emulatorDescription: `mvmatrix emulator, target ${nova.release.name}` };
        await writeConformanceReport(join(ROOT, 'reports'), { ...summarizeRun(empty, allowList, 'full'), fullUnavailable: real.fullUnavailable ?? 'the harness did not start the full mode' });
        console.log(`stateful differential ${nova.release.name}: full control plane unavailable (${real.fullUnavailable}); reported as API only`);
        return;
      }
      const definition = await loadMatrixFile(DEFAULT_MATRIX_FILE);
      const cases = buildStatefulCorpus({
        scenarios: definition.definition.scenarios,
        profiles: listProfiles().map((p) => getProfile(p.id)),
        destinations: DEFAULT_DESTINATIONS,
        edges: [...BAND_EDGES, max],
      });
      run = await runStatefulDifferential(
        cases,
        { name: 'real', baseUrl: real.url, projectId: DEFAULT_WORLD.projectId },
        { name: 'emulator', baseUrl: emulator.url, projectId: DEFAULT_WORLD.projectId },
        allowList,
        { release: nova.release.name, maxMicroversion: max, concurrency: 6, realDescription: description, emulatorDescription: `mvmatrix emulator, target ${nova.release.name}` },
      );
      // The default matrix's cells of this release, as `run --provider real-nova --full` runs them.
      if (matrixPhase(nova.release.name)) {
        const provider = new RealNovaProvider({ releases: nova.release.name, running: real, full: true });
        matrix = await runTargetOnBoth(DEFAULT_MATRIX_FILE, nova.release.name, provider, allowList, { concurrency: 6, mode: 'full', timeoutMs: 600_000, ...(matrixProfiles ? { profiles: matrixProfiles } : {}) });
      } else console.log(`stateful differential ${nova.release.name}: matrix phase not run (MVMATRIX_FULL_MATRIX_RELEASES)`);
      await writeConformanceReport(join(ROOT, 'reports'), { ...summarizeStatefulRun(run, allowList), ...(matrix ? { verdicts: verdictAgreement(matrix.comparison), ...(matrixProfiles ? { verdictProfiles: matrixProfiles } : {}) } : {}) });
      const cpu = ((await (await fetch(`${real.url}_mvmatrix/world`)).json()) as { process?: { cpu_seconds: number } }).process?.cpu_seconds;
      console.log(`stateful differential ${nova.release.name}: ${run.results.length} cases in ${run.seconds.toFixed(1)} s (real control plane ${cpu ?? '?'} s CPU), ${unlistedDifferences(run).length} unlisted; report: reports/conformance.md`);
    });

    afterAll(async () => {
      await Promise.all([real?.close(), emulator?.close()]);
    });

    it('runs the whole control plane, or says exactly why this release cannot', () => {
      if (real.mode === 'full') expect(run?.results.length).toBeGreaterThan(0);
      else expect(real.fullUnavailable).toMatch(/\S/);
    });

    it('covers every scenario of the default matrix on both sides of every band edge', async (ctx) => {
      if (!run) return ctx.skip();
      const matrix = await loadMatrixFile(DEFAULT_MATRIX_FILE);
      const scenarios = new Set(run.results.map((r) => r.case.scenario));
      for (const s of matrix.definition.scenarios) expect(scenarios.has(s.id), s.id).toBe(true);
      const sent = new Set(run.results.map((r) => r.case.requested));
      for (const v of BAND_EDGES) expect(sent.has(v), v).toBe(true);
    });

    it('agrees on status, message, migration records and server state, except where the allow-list explains', (ctx) => {
      if (!run) return ctx.skip();
      const unlisted = unlistedDifferences(run);
      expect(unlisted.length, `${unlisted.length} unlisted differences; first ones:\n${describeDifferences(unlisted)}`).toBe(0);
    });

    it('gives the matrix the emulator\'s verdicts: every cell\'s answer agrees or is allow-listed, and agreeing answers get the same outcome', (ctx) => {
      if (!run || !matrixPhase(nova.release.name)) return ctx.skip();
      if (!matrix) throw new Error('the matrix phase did not run');
      const { comparison } = matrix;
      expect(comparison.unmatched).toEqual([]);
      expect(comparison.cells.length).toBeGreaterThanOrEqual(matrixProfiles ? matrixProfiles.length * 10 : 100);
      expect(unexplainedCells(comparison).map((c) => `${c.id}: ${JSON.stringify(c.differences)}`)).toEqual([]);
      const verdictsOfAgreeingAnswers = comparison.cells.filter((c) => c.differences.length === 0 && c.realOutcome !== c.emulatorOutcome);
      expect(verdictsOfAgreeingAnswers.map((c) => `${c.id}: real ${c.realOutcome}, emulator ${c.emulatorOutcome}`)).toEqual([]);
    });

    it("really migrates: completed and failed records, servers on their new host, Nova's storage pre-check text", (ctx) => {
      if (!run) return ctx.skip();
      const records = run.results.flatMap((r) => r.extra.real.migrations);
      expect(records.some((m) => m.startsWith('completed compute-01/compute-01.local→compute-02/compute-02.local'))).toBe(true);
      expect(records.some((m) => m.startsWith('completed compute-03/compute-03.local→compute-02/compute-02.local'))).toBe(true);
      expect(records.some((m) => m.startsWith('error '))).toBe(true);
      expect(run.results.some((r) => r.extra.real.server.startsWith('ACTIVE compute-02/compute-02.local'))).toBe(true);
      expect(run.results.some((r) => r.real.status === 400 && /not on shared storage/.test(r.real.body))).toBe(true);
    });
  });
}
