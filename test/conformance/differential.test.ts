/**
 * Differential conformance, per real Nova release: the same generated corpus (≥ 3,000 requests,
 * at that release's microversions) sent to the real Nova and to the emulator started as that
 * release; every answer must agree on status, fault text, microversion headers and version
 * documents, unless contracts/conformance-allowlist.yaml explains the difference for that
 * release. Writes reports/conformance/<release>.json and reports/conformance.md.
 *
 * Which releases: `MVMATRIX_CONFORMANCE_RELEASES` (`all`, or `zed,hibiscus`; names or Debian
 * suites), each in a container of its image (built when missing: scripts/ci/real-nova-images.sh
 * builds them first). Unset: Zed from the host's python3-nova (no Docker needed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realNovaSelection } from './real-nova-releases.js';
import { join } from 'node:path';
import { createEmulator } from '../../src/nova/emulator.js';
import { startEmulatorServer, type StartedEmulatorServer } from '../../src/nova/adapters/node-server.js';
import { resolveTarget } from '../../src/nova/target.js';
import { DEFAULT_WORLD } from '../../src/nova/world.js';
import { formatMicroversion } from '../../src/microversion/version.js';
import { launchRealNova, type RealNovaInstance } from '../../src/providers/real-nova/real-nova-provider.js';
import { loadAllowList } from '../../src/conformance/allowlist.js';
import { buildCorpus } from '../../src/conformance/corpus/corpus.js';
import { describeDifferences, runDifferential, unlistedDifferences, type DifferentialRun } from '../../src/conformance/differential.js';
import { summarizeRun } from '../../src/conformance/report.js';
import { writeConformanceReport } from '../../src/conformance/report-files.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const seeded = Object.fromEntries(DEFAULT_WORLD.servers.map((s) => [s.template, s.id]));
const { novas, launcher, skip } = await realNovaSelection();
if (skip) console.log(`differential conformance tests ${skip}`);

for (const nova of novas) {
  const max = formatMicroversion(nova.release.maxMicroversion);
  // Releases run concurrently (each its own Nova and emulator): the file takes as long as its slowest release.
  (skip === undefined ? describe.concurrent : describe.skip)(`differential conformance: emulator (as ${nova.release.title}) vs real Nova ${nova.release.title} (Debian ${nova.suite})`, () => {
    let real: RealNovaInstance;
    let emulator: StartedEmulatorServer;
    let run: DifferentialRun;

    beforeAll(async () => {
      [real, emulator] = await Promise.all([
        launchRealNova(nova, { launcher, onProgress: (line) => console.log(`${nova.suite}: ${line}`) }),
        startEmulatorServer({ defaultTarget: resolveTarget(nova.release.name), emulator: createEmulator() }),
      ]);
      const corpus = buildCorpus({ seeded }, { maxMicroversion: max });
      const allowList = await loadAllowList(join(ROOT, 'contracts/conformance-allowlist.yaml'));
      const how = launcher === 'host' ? 'the host\'s python3-nova' : `container of mvmatrix/real-nova:${nova.suite}`;
      run = await runDifferential(
        corpus,
        { name: 'real', baseUrl: real.url, projectId: DEFAULT_WORLD.projectId },
        { name: 'emulator', baseUrl: emulator.url, projectId: DEFAULT_WORLD.projectId },
        allowList,
        {
          release: nova.release.name,
          maxMicroversion: max,
          concurrency: 24,
          realDescription: `real Nova ${real.novaVersion} (${nova.release.title}, Debian ${nova.suite} python3-nova, ${how})`,
          emulatorDescription: `mvmatrix emulator, target ${nova.release.name}`,
        },
      );
      await writeConformanceReport(join(ROOT, 'reports'), summarizeRun(run, allowList));
      const slow = [...run.results].sort((a, b) => b.realMs - a.realMs)[Math.floor(run.results.length / 100)]!.realMs;
      const unlisted = unlistedDifferences(run).length;
      console.log(`differential conformance ${nova.release.name}: ${run.results.length} cases in ${run.seconds.toFixed(1)} s, ${unlisted} unlisted (p99 real Nova ${slow.toFixed(0)} ms); report: reports/conformance.md`);
    });

    afterAll(async () => {
      await Promise.all([real?.close(), emulator?.close()]);
    });

    it(`sends a corpus of at least 3,000 requests covering every microversion up to ${max}`, () => {
      expect(run.results.length).toBeGreaterThanOrEqual(3000);
      const sent = new Set(run.results.map((r) => r.case.requested));
      for (let minor = 1; minor <= nova.release.maxMicroversion.minor; minor++) expect(sent.has(`2.${minor}`)).toBe(true);
      for (const v of [`2.${nova.release.maxMicroversion.minor + 1}`, '3.0', 'latest', '2.01']) expect(sent.has(v)).toBe(true);
    });

    it('agrees with the real Nova on every request the allow-list does not explain for this release', () => {
      const unlisted = unlistedDifferences(run);
      expect(unlisted.length, `${unlisted.length} unlisted differences; first ones:\n${describeDifferences(unlisted)}`).toBe(0);
    });

    it('reaches the real Nova for real: accepted 202s, 404s, 400s, 406s and 409s all occur', () => {
      const statuses = new Set(run.results.map((r) => r.real.status));
      for (const status of [200, 202, 400, 403, 404, 406, 409]) expect(statuses.has(status)).toBe(true);
    });

    it(`is the real ${nova.release.title}: its version document announces ${max}`, async () => {
      const doc = (await (await fetch(`${real.url}v2.1/`)).json()) as { version: { version: string } };
      expect(doc.version.version).toBe(max);
    });
  });
}
