/**
 * Proof that every client profile sends what the REAL client of its Debian suite sends.
 *
 * For each suite (bullseye … sid) and each client (novaclient, openstacksdk, openstackclient,
 * Horizon's LiveMigrateForm) at the release the suite ships, every intent × server range
 * (2.24 … 2.104, a v2.0 document, a 401 on the version URL) × pinned microversion is a case
 * (proof-cases.ts). Two checks:
 * - captured: `mvmatrix request --batch` with the matching profile@release reproduces every
 *   call recorded in `clients/fixtures/<suite>.json` (headers and body, or the refusal);
 * - live: where the suite's clients can run here (bookworm on the host, any suite in a root
 *   from scripts/build-client-root.sh), the real client is driven against capture endpoints
 *   and each builder, after its own discovery, must send the same request or refuse the same
 *   way. `npm run capture:clients` (MVMATRIX_CAPTURE_CLIENTS=1) writes the fixtures from it.
 * In CI (`CI=true`) bookworm and sid run live; a missing prerequisite fails.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLiveMigration, DEBIAN_SUITES, discoverVersionRange } from '../../src/clients/index.js';
import type { DiscoveredRange, ProfileBuildResult } from '../../src/clients/index.js';
import { main } from '../../src/cli/main.js';
import { startCaptureServer, type CaptureServer, type CapturedRequest } from './clients/capture-server.js';
import { CAPTURE_COMMAND, decodeResults, encodeResults, readFixture, writeFixture, type ClientFixture, type ObservedCall } from './clients/fixtures.js';
import { batchLine, ENDPOINT_PLACEHOLDER, keysDigest, MODES_OF, PROOF_CLIENTS, PROOF_MODES, proofCases, SERVER_PLACEHOLDER, type ProofCase, type ProofClient } from './clients/proof-cases.js';
import { runDriver, type DriverResult } from './clients/python-driver.js';
import { findSuiteRunner, packageVersions, type SuiteRunner } from './clients/suite-runner.js';

const IN_CI = process.env['CI'] === 'true';
const CAPTURE = process.env['MVMATRIX_CAPTURE_CLIENTS'] === '1';
/** Suites whose real clients CI runs live: one old (host packages), one current (a root). */
const LIVE_IN_CI = ['bookworm', 'sid'];
const HEADERS = ['content-type', 'openstack-api-version', 'x-openstack-nova-api-version'];
/** Distribution names the driver reports, by proof client. */
const DISTRIBUTION: Readonly<Record<ProofClient, string>> = {
  novaclient: 'python-novaclient',
  openstacksdk: 'openstacksdk',
  openstackclient: 'python-openstackclient',
  horizon: 'horizon',
};
const PROCESSES: Readonly<Record<ProofClient, number>> = { novaclient: 2, openstacksdk: 1, openstackclient: 2, horizon: 1 };
/** Narrow the live runs while working on one suite or client (comma lists); CI and the capture run everything. */
const ONLY_SUITES = process.env['MVMATRIX_PROOF_SUITES']?.split(',');
const LIVE_CLIENTS = PROOF_CLIENTS.filter((c) => process.env['MVMATRIX_PROOF_CLIENTS']?.split(',').includes(c) ?? true);

function pickHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of HEADERS) if (headers[name] !== undefined) out[name] = headers[name];
  return out;
}

/** A builder result (or a `--batch` line) in the compared form. */
function expected(result: ProfileBuildResult | Record<string, unknown>): ObservedCall {
  const built = 'kind' in result ? (result as ProfileBuildResult) : undefined;
  if (built?.kind === 'refused') return { refused: built.message };
  if (!built && 'refused' in result) return { refused: result['refused'] as string };
  const r = (built?.kind === 'request' ? { ...built.request, warnings: built.warnings } : result) as Record<string, unknown>;
  const warnings = (r['warnings'] as string[] | undefined) ?? [];
  const path = (r['path'] as string).replace(/\/servers\/[^/]+\/action$/, `/servers/${SERVER_PLACEHOLDER}/action`);
  return { method: r['method'] as string, path, headers: pickHeaders(r['headers'] as Record<string, string>), body: r['body'], ...(warnings.length ? { warnings } : {}) };
}

/** What the real client did for one call, with the capture server's address and the server id replaced by placeholders. */
function observed(real: DriverResult | undefined, captured: readonly CapturedRequest[] | undefined, base: string): ObservedCall {
  const unbase = (text: string): string => text.split(base).join(ENDPOINT_PLACEHOLDER);
  if (!real) return { unexpected: 'the driver printed no result for this call' };
  if (real.raised && captured?.length) return { unexpected: `raised after sending: ${real.raised.type}: ${real.raised.message}` };
  if (real.raised) return { refused: unbase(`${real.raised.type}: ${real.raised.message}`) };
  if (!captured || captured.length !== 1) return { unexpected: `${captured?.length ?? 0} requests captured` };
  const request = captured[0]!;
  const path = request.path.replace(/^\/v2(\.1)?/, '').replace(/\/servers\/[^/]+\/action$/, `/servers/${SERVER_PLACEHOLDER}/action`);
  return { method: request.method, path, headers: pickHeaders(request.headers), body: JSON.parse(request.body) as unknown, ...(real.warnings?.length ? { warnings: real.warnings } : {}) };
}

function describeCase(c: ProofCase): string {
  return c.key;
}

/** Runs every case's batch line through `mvmatrix request --batch` in-process. */
async function batchResults(cases: readonly ProofCase[]): Promise<ObservedCall[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'mvm-proof-')), 'cases.jsonl');
  writeFileSync(file, cases.map((c) => JSON.stringify(batchLine(c))).join('\n'));
  let out = '';
  let err = '';
  const code = await main(['request', '--batch', file], { env: {}, stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  if (code !== 0) throw new Error(`mvmatrix request --batch exited ${code}: ${err}`);
  return out.trim().split('\n').map((line) => expected(JSON.parse(line) as Record<string, unknown>));
}

function mismatches(cases: readonly ProofCase[], left: readonly ObservedCall[], right: readonly ObservedCall[]): Array<{ case: string; built: unknown; real: unknown }> {
  const out: Array<{ case: string; built: unknown; real: unknown }> = [];
  cases.forEach((c, i) => {
    if (JSON.stringify(left[i]) !== JSON.stringify(right[i])) out.push({ case: describeCase(c), built: left[i], real: right[i] });
  });
  return out;
}

for (const suite of DEBIAN_SUITES) {
  const fixture = readFixture(suite.suite);

  describe(`Debian ${suite.suite}: mvmatrix request --batch reproduces every call captured from the real clients`, () => {
    it(`has a fixture captured from the releases the profiles model (${CAPTURE_COMMAND})`, () => {
      expect(fixture, `no fixture for ${suite.suite}: run ${CAPTURE_COMMAND}`).toBeDefined();
      for (const client of PROOF_CLIENTS) expect(fixture?.clients[client]?.release, client).toBe(suite.clients[client]);
      expect(fixture?.installed['python']?.startsWith(`${suite.python}.`)).toBe(true);
    });

    for (const client of PROOF_CLIENTS) {
      const release = suite.clients[client];
      it(`${client} ${release}: every captured case, through the ${client}@${release} profiles`, async () => {
        const recorded = fixture?.clients[client] as ClientFixture;
        const cases = proofCases(client, release);
        expect(recorded, `${suite.suite} fixture has no ${client}`).toBeDefined();
        expect(recorded.keysSha256, `the proof cases changed since the capture: run ${CAPTURE_COMMAND}`).toBe(keysDigest(cases));
        const real = decodeResults(recorded);
        expect(real).toHaveLength(cases.length);
        expect(real.filter((r) => 'unexpected' in r)).toEqual([]);
        expect(mismatches(cases, await batchResults(cases), real).slice(0, 5)).toEqual([]);
      });
    }
  });

  if (ONLY_SUITES && !ONLY_SUITES.includes(suite.suite)) continue;
  const runner = findSuiteRunner(suite.suite);
  if (typeof runner === 'string') {
    if (IN_CI && LIVE_IN_CI.includes(suite.suite)) {
      describe(`the real Debian ${suite.suite} clients`, () => {
        it('can run here (CI runs them live)', () => {
          throw new Error(`prerequisite missing in CI: ${runner}`);
        });
      });
    } else {
      console.warn(`client proof, ${suite.suite}: captured fixture only (${runner})`);
    }
    continue;
  }
  describeLive(suite.suite, runner, suite.clients);
}

function describeLive(suiteName: string, runner: SuiteRunner, releases: Readonly<Record<ProofClient, string>>): void {
  describe(`the real Debian ${suiteName} clients send what their profiles build (live: ${runner.description})`, () => {
    const servers = new Map<string, CaptureServer>();
    const live = new Map<ProofClient, { cases: ProofCase[]; real: ObservedCall[]; built: ObservedCall[] }>();
    let installed: Readonly<Record<string, string | null>> = {};

    beforeAll(async () => {
      for (const { label, mode } of PROOF_MODES) servers.set(label, await startCaptureServer(mode));
      for (const client of LIVE_CLIENTS) {
        const cases = proofCases(client, releases[client]);
        // Cases with the same call share one real run.
        const idOf = new Map<string, string>();
        const calls: object[] = [];
        const callIds = cases.map((c) => {
          const key = `${c.mode.label} ${JSON.stringify(c.call)}`;
          let id = idOf.get(key);
          if (!id) {
            // Unique over clients too: the capture servers are shared.
            id = `0000000${PROOF_CLIENTS.indexOf(client)}-0000-4000-8000-${(idOf.size + 1).toString().padStart(12, '0')}`;
            idOf.set(key, id);
            const server = servers.get(c.mode.label)!;
            const call = { ...c.call, ...(Array.isArray(c.call['argv']) ? { argv: (c.call['argv'] as string[]).map((a) => (a === SERVER_PLACEHOLDER ? id : a)) } : {}) };
            calls.push({ ...call, id, endpoint: server.computeUrl });
          }
          return id;
        });
        const run = await runDriver(runner.python, client, calls, PROCESSES[client]);
        installed = { ...installed, ...run.versions };
        const discovered = new Map<string, DiscoveredRange>();
        const real: ObservedCall[] = [];
        const built: ObservedCall[] = [];
        for (const [i, c] of cases.entries()) {
          const server = servers.get(c.mode.label)!;
          const base = server.computeUrl.replace(/\/v2(\.1)?$/, '');
          real.push(observed(run.results.get(callIds[i]!), server.actions.get(callIds[i]!), base));
          const key = `${c.profile} ${c.mode.label}`;
          if (!discovered.has(key)) discovered.set(key, await discoverVersionRange(c.profile, server.computeUrl, fetchGet));
          const result = buildLiveMigration(c.profile, c.intent, discovered.get(key)!, callIds[i]!);
          built.push(JSON.parse(JSON.stringify(expected(result)).split(base).join(ENDPOINT_PLACEHOLDER)) as ObservedCall);
        }
        live.set(client, { cases, real, built });
      }
    });

    afterAll(async () => {
      await Promise.all([...servers.values()].map((s) => s.close()));
      if (!CAPTURE || live.size !== PROOF_CLIENTS.length) return;
      const clients: Partial<Record<ProofClient, ClientFixture>> = {};
      for (const [client, { cases, real }] of live) clients[client] = encodeResults(releases[client], keysDigest(cases), real);
      await writeFixture({ suite: runner.suite, capturedAt: new Date().toISOString().slice(0, 10), command: CAPTURE_COMMAND, ran: runner.description, packages: packageVersions(runner), installed, clients });
    });

    it('runs the client releases the profiles model', () => {
      for (const client of LIVE_CLIENTS) expect(installed[DISTRIBUTION[client]], client).toBe(releases[client]);
    });

    for (const client of LIVE_CLIENTS) {
      it(`${client} ${releases[client]}: every case, ${MODES_OF[client].length} server modes`, () => {
        const { cases, real, built } = live.get(client)!;
        expect(cases.length).toBeGreaterThan(0);
        expect(real.filter((r) => 'unexpected' in r).slice(0, 5)).toEqual([]);
        const wrong = mismatches(cases, built, real);
        if (process.env['MVMATRIX_PROOF_DUMP']) writeFileSync(join(process.env['MVMATRIX_PROOF_DUMP'], `${suiteName}-${client}.json`), JSON.stringify(wrong, null, 1));
        expect(wrong.slice(0, 5)).toEqual([]);
      });
    }
  });
}

async function fetchGet(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  return { status: response.status, body: await response.text() };
}
