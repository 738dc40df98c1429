/**
 * The real Nova's full control plane (harness mode `full`: API, conductor, scheduler, Placement,
 * a libvirt compute per world host over Nova's fake libvirt) in the real-nova tier, on Zed from
 * the host's python3-nova, against the emulator as Zed:
 * - every live-migration scenario of the default matrix, as every client profile sends it to a
 *   server whose maximum is at the 2.33/2.34 band edge (the synchronous pre-checks below 2.34,
 *   the asynchronous ones from 2.34), settled and read back: status, message, migration records
 *   and server state agree, or the allow-list explains it for mode `full`;
 * - abort and force-complete act on a real held migration, with the same records as the emulator.
 * Every release, every band edge and the matrix verdicts: stateful-differential.test.ts (CI stage
 * scripts/ci/real-nova-full.sh).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { getProfile, listProfiles } from '../../src/clients/index.js';
import { loadAllowList, type AllowList } from '../../src/conformance/allowlist.js';
import { describeDifferences, unlistedDifferences } from '../../src/conformance/differential.js';
import type { Side } from '../../src/conformance/exchange.js';
import { buildStatefulCorpus } from '../../src/conformance/stateful-corpus.js';
import { compareSettled, runStatefulDifferential, settledView, type StatefulRun } from '../../src/conformance/stateful.js';
import { DEFAULT_DESTINATIONS } from '../../src/matrix/intent.js';
import { DEFAULT_MATRIX_FILE, loadMatrixFile } from '../../src/matrix/load-matrix.js';
import { startEmulatorServer, type StartedEmulatorServer } from '../../src/nova/adapters/node-server.js';
import { createEmulator } from '../../src/nova/emulator.js';
import { resolveTarget } from '../../src/nova/target.js';
import { DEFAULT_WORLD } from '../../src/nova/world.js';
import { parseMicroversion } from '../../src/microversion/version.js';
import { fullModeSkipReason } from '../../src/providers/real-nova/full-mode.js';
import { startRealNova, type RunningRealNova } from '../../src/providers/real-nova/launcher.js';
import { realNovaSkipReason } from '../../src/providers/real-nova/prerequisites.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const skip = (await realNovaSkipReason(process.env)) ?? (await fullModeSkipReason(process.env));
if (skip) console.log(`real Nova full control plane tests ${skip}`);

const ADMIN = `admin:${DEFAULT_WORLD.projectId}`;
/** Minor version a case asked for (no header: 2.1). */
const executed = (requested: string): number => (requested === '(none)' ? 1 : parseMicroversion(requested).minor);

/** One call to a side's compute API as admin at `microversion`. */
async function nova(side: Side, method: string, path: string, microversion: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${side.baseUrl}v2.1${path}`, {
    method,
    headers: { 'x-auth-token': ADMIN, 'openstack-api-version': `compute ${microversion}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** A fresh server from `template` on a side (the same control route on both). */
async function freshServer(side: Side, template: string): Promise<string> {
  const response = await fetch(`${side.baseUrl}_mvmatrix/servers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ template }) });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`${side.name}: fresh '${template}' server: ${response.status} ${text}`);
  return (JSON.parse(text) as { server: { id: string } }).server.id;
}

/** The in-progress live migration of a `migrating` server (its job holds at running until settled). */
async function runningMigration(side: Side, serverId: string): Promise<number> {
  const list = await nova(side, 'GET', `/servers/${serverId}/migrations`, '2.24');
  const migrations = (list.body as { migrations: Array<{ id: number; status: string }> }).migrations;
  expect(migrations.map((m) => m.status), `${side.name}: migrations of ${serverId}`).toEqual(['running']);
  return migrations[0]!.id;
}

describe.skipIf(skip !== undefined)("the real Zed's full control plane (host python3-nova) vs the emulator as Zed", () => {
  let real: RunningRealNova;
  let emulator: StartedEmulatorServer;
  let realSide: Side;
  let emulatorSide: Side;
  let allowList: AllowList;
  let run: StatefulRun;
  const agent = new Agent({ headersTimeout: 0, bodyTimeout: 0 });

  beforeAll(async () => {
    [real, emulator] = await Promise.all([startRealNova({ full: true }), startEmulatorServer({ defaultTarget: resolveTarget('zed'), emulator: createEmulator() })]);
    realSide = { name: 'real', baseUrl: real.url, projectId: DEFAULT_WORLD.projectId };
    emulatorSide = { name: 'emulator', baseUrl: emulator.url, projectId: DEFAULT_WORLD.projectId };
    allowList = await loadAllowList(join(ROOT, 'contracts/conformance-allowlist.yaml'));
    if (real.mode !== 'full') return;
    const matrix = await loadMatrixFile(DEFAULT_MATRIX_FILE);
    const cases = buildStatefulCorpus({
      scenarios: matrix.definition.scenarios,
      profiles: listProfiles().map((p) => getProfile(p.id)),
      destinations: DEFAULT_DESTINATIONS,
      edges: ['2.33', '2.34'],
    });
    run = await runStatefulDifferential(cases, realSide, emulatorSide, allowList, { release: 'zed', maxMicroversion: '2.93', concurrency: 4 });
  });

  afterAll(async () => {
    await agent.close();
    await Promise.all([real?.close(), emulator?.close()]);
  });

  it('runs the whole control plane on Zed (the ready line says full)', () => {
    expect(real.fullUnavailable).toBeUndefined();
    expect(real.mode).toBe('full');
  });

  it('agrees with the emulator on every default-matrix scenario at the 2.33/2.34 edge: status, message, records, server state', () => {
    const scenarios = new Set(run.results.map((r) => r.case.scenario));
    expect(scenarios.size).toBeGreaterThanOrEqual(15);
    const sent = new Set(run.results.map((r) => r.case.requested));
    expect(sent.has('2.33') && sent.has('2.34'), [...sent].join(' ')).toBe(true);
    const unlisted = unlistedDifferences(run);
    expect(unlisted.length, `${unlisted.length} unlisted differences:\n${describeDifferences(unlisted)}`).toBe(0);
    // Full mode needs none of the API-only mode's "no conductor" entries.
    expect(run.results.filter((r) => r.allowedBy !== undefined).map((r) => r.allowedBy)).not.toContain('no-conductor-below-2.34');
  });

  it('answers below 2.34 after the real pre-checks: 400 with the libvirt driver\'s shared-storage text, 202 and a completed migration, never 500', () => {
    const below = run.results.filter((r) => executed(r.case.requested) < 34);
    expect(below.length).toBeGreaterThan(0);
    expect(below.filter((r) => r.real.status >= 500).map((r) => r.case.summary)).toEqual([]);
    expect(below.some((r) => r.real.status === 400 && /compute-0\d is not on shared storage/.test(r.real.body))).toBe(true);
    expect(below.some((r) => r.real.status === 202 && r.extra.real.migrations.some((m) => m.startsWith('completed ')))).toBe(true);
  });

  it('from 2.34 answers 202 and the conductor records the pre-check failure on the migration (status error)', () => {
    const from = run.results.filter((r) => executed(r.case.requested) >= 34 && r.real.status === 202);
    expect(from.some((r) => r.extra.real.migrations.some((m) => m.startsWith('error ')))).toBe(true);
    expect(from.some((r) => r.extra.real.migrations.some((m) => m.startsWith('completed ')) && r.extra.real.server.startsWith('ACTIVE compute-02/compute-02.local task_state=null'))).toBe(true);
  });

  it('aborts a held live migration: 202, the record cancelled and the server left on its host, as the emulator', async () => {
    const views = await Promise.all(
      [realSide, emulatorSide].map(async (side) => {
        const id = await freshServer(side, 'migrating');
        const migration = await runningMigration(side, id);
        const abort = await nova(side, 'DELETE', `/servers/${id}/migrations/${migration}`, '2.24');
        expect(abort.status, `${side.name}: abort ${JSON.stringify(abort.body)}`).toBe(202);
        return { id, view: await settledView(agent, side, id) };
      }),
    );
    const [r, e] = views.map((v) => ({ migrations: v.view.migrations, server: v.view.server.split(v.id).join('<server>') }));
    expect(r!.migrations.map((m) => m.split(' ')[0])).toEqual(['cancelled']);
    expect(r!.server).toMatch(/^ACTIVE compute-01\/compute-01\.local task_state=null$/);
    expect(compareSettled(r!, e!)).toEqual([]);
  });

  it('force-completes a held live migration: 202, then the migration completes and the server is on the destination, as the emulator', async () => {
    const views = await Promise.all(
      [realSide, emulatorSide].map(async (side) => {
        const id = await freshServer(side, 'migrating');
        const migration = await runningMigration(side, id);
        const force = await nova(side, 'POST', `/servers/${id}/migrations/${migration}/action`, '2.22', { force_complete: null });
        expect(force.status, `${side.name}: force-complete ${JSON.stringify(force.body)}`).toBe(202);
        return { id, view: await settledView(agent, side, id) };
      }),
    );
    const [r, e] = views.map((v) => ({ migrations: v.view.migrations, server: v.view.server.split(v.id).join('<server>') }));
    expect(r!.migrations.map((m) => m.split(' ')[0])).toEqual(['completed']);
    expect(r!.server).toMatch(/^ACTIVE compute-02\/compute-02\.local task_state=null$/);
    expect(compareSettled(r!, e!)).toEqual([]);
  });
});
