/**
 * Differential conformance: the same generated corpus (≥ 3,000 requests) sent to the real
 * Nova API (Debian python3-nova 26.2.2, Zed) and to the emulator as Zed; every answer must
 * agree on status, fault text, microversion headers and version documents, unless
 * contracts/conformance-allowlist.yaml explains the difference. Writes reports/conformance.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createEmulator } from '../../src/nova/emulator.js';
import { startEmulatorServer, type StartedEmulatorServer } from '../../src/nova/adapters/node-server.js';
import { resolveTarget } from '../../src/nova/target.js';
import { DEFAULT_WORLD } from '../../src/nova/world.js';
import { startRealNova, type RunningRealNova } from '../../src/providers/real-nova/launcher.js';
import { realNovaSkipReason } from '../../src/providers/real-nova/prerequisites.js';
import { loadAllowList } from '../../src/conformance/allowlist.js';
import { buildCorpus } from '../../src/conformance/corpus.js';
import { describeDifferences, runDifferential, unlistedDifferences, type DifferentialRun } from '../../src/conformance/differential.js';
import { writeConformanceReport } from '../../src/conformance/report.js';

const skip = await realNovaSkipReason(process.env);
if (skip) console.log(`differential conformance tests ${skip}`);

const ROOT = new URL('../../', import.meta.url).pathname;
const seeded = Object.fromEntries(DEFAULT_WORLD.servers.map((s) => [s.template, s.id]));

describe.skipIf(skip !== undefined)('differential conformance: emulator (as Zed) vs real Nova 26.2.2', () => {
  let nova: RunningRealNova;
  let emulator: StartedEmulatorServer;
  let run: DifferentialRun;

  beforeAll(async () => {
    [nova, emulator] = await Promise.all([
      startRealNova(),
      startEmulatorServer({ defaultTarget: resolveTarget('zed'), emulator: createEmulator() }),
    ]);
    const corpus = buildCorpus({ seeded });
    const allowList = await loadAllowList(join(ROOT, 'contracts/conformance-allowlist.yaml'));
    run = await runDifferential(
      corpus,
      { name: 'real', baseUrl: nova.url, projectId: DEFAULT_WORLD.projectId },
      { name: 'emulator', baseUrl: emulator.url, projectId: DEFAULT_WORLD.projectId },
      allowList,
      { concurrency: 24, realDescription: `real Nova ${nova.novaVersion} (Debian python3-nova, Zed)`, emulatorDescription: 'mvmatrix emulator, target zed' },
    );
    await writeConformanceReport(join(ROOT, 'reports/conformance.md'), run, allowList);
    const slow = [...run.results].sort((a, b) => b.realMs - a.realMs)[Math.floor(run.results.length / 100)]!.realMs;
    console.log(`differential conformance: ${run.results.length} cases in ${run.seconds.toFixed(1)} s (p99 real Nova ${slow.toFixed(0)} ms); report: reports/conformance.md`);
  }, 600_000);

  afterAll(async () => {
    await Promise.all([nova?.close(), emulator?.close()]);
  });

  it('sends a corpus of at least 3,000 requests covering every Zed microversion', () => {
    expect(run.results.length).toBeGreaterThanOrEqual(3000);
    const requested = new Set(run.results.map((r) => r.case.requested));
    for (let minor = 1; minor <= 93; minor++) expect(requested.has(`2.${minor}`)).toBe(true);
    for (const v of ['2.94', '3.0', 'latest', '2.01']) expect(requested.has(v)).toBe(true);
  });

  it('agrees with the real Nova on every request the allow-list does not explain', () => {
    const unlisted = unlistedDifferences(run);
    expect(unlisted.length, `${unlisted.length} unlisted differences; first ones:\n${describeDifferences(unlisted)}`).toBe(0);
  });

  it('reaches the real Nova for real: accepted 202s, 404s, 400s, 406s and 409s all occur', () => {
    const statuses = new Set(run.results.map((r) => r.real.status));
    for (const status of [200, 202, 400, 403, 404, 406, 409]) expect(statuses.has(status)).toBe(true);
  });
});
