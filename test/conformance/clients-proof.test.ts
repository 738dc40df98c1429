/**
 * Proof that the request builders send what the REAL clients send: python-novaclient
 * 18.1.0, openstacksdk 0.101.0, python-openstackclient 6.0.0 and Horizon 23 (as shipped,
 * and with the 60455e5ff pieces applied) are driven against capture endpoints whose
 * version range is each of 2.24, 2.29, 2.30, 2.67, 2.93 and 2.104 (plus a v2.0 document
 * and a 401 on the version URL for the discovering clients), for every intent
 * combination. Method, path, microversion headers, content type and body must be equal,
 * or both must refuse with the same exception and message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLiveMigration, discoverVersionRange, getProfile, openstackclientArgv } from '../../src/clients/index.js';
import type { DiscoveredRange, LiveMigrationIntent, ProfileBuildResult } from '../../src/clients/index.js';
import { parseMicroversion } from '../../src/microversion/version.js';
import { startCaptureServer, type CaptureMode, type CaptureServer, type CapturedRequest } from './clients/capture-server.js';
import { missingPrerequisite, runDriver, type DriverResult } from './clients/python-driver.js';

const IN_CI = process.env['CI'] === 'true';
const RANGE_MAXES = ['2.24', '2.29', '2.30', '2.67', '2.93', '2.104'] as const;
const MODES: ReadonlyArray<{ label: string; mode: CaptureMode }> = [
  ...RANGE_MAXES.map((max) => ({ label: `2.1-${max}`, mode: { kind: 'range', min: '2.1', max } as CaptureMode })),
  { label: 'v2.0-document', mode: { kind: 'v2.0-document' } },
  { label: 'unauthorized', mode: { kind: 'unauthorized' } },
];
const HOSTS = [null, 'compute-02'] as const;
const BLOCKS = [true, false, 'auto'] as const;
const DISKS = [false, true] as const;
const FORCES = [undefined, false, true] as const;

interface ProofCase {
  readonly id: string;
  readonly profile: string;
  readonly mode: string;
  readonly intent: LiveMigrationIntent;
  /** What the Python driver needs. */
  readonly driver: Record<string, unknown>;
}

const MICROVERSION_HEADERS = ['openstack-api-version', 'x-openstack-nova-api-version', 'content-type'];

function pickHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of MICROVERSION_HEADERS) if (headers[name] !== undefined) out[name] = headers[name];
  return out;
}

function expected(result: ProfileBuildResult): unknown {
  if (result.kind === 'refused') return { refused: result.message };
  const { method, path, headers, body } = result.request;
  const warnings = result.warnings?.length ? { warnings: result.warnings } : {};
  return { method, path, headers: pickHeaders(headers), body, ...warnings };
}

function observed(real: DriverResult | undefined, captured: readonly CapturedRequest[] | undefined): unknown {
  if (!real) return { missing: 'the driver printed no result for this case' };
  if (real.raised) return captured?.length ? { raisedAfterSending: real.raised } : { refused: `${real.raised.type}: ${real.raised.message}` };
  if (!captured || captured.length !== 1) return { captured: captured?.length ?? 0 };
  const request = captured[0] as CapturedRequest;
  return {
    method: request.method,
    path: request.path.replace(/^\/v2(\.1)?/, ''),
    headers: pickHeaders(request.headers),
    body: JSON.parse(request.body) as unknown,
    ...(real.warnings?.length ? { warnings: real.warnings } : {}),
  };
}

async function fetchGet(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  return { status: response.status, body: await response.text() };
}

let counter = 0;
function nextId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString().padStart(12, '0')}`;
}

function intents(withForce: boolean): LiveMigrationIntent[] {
  const out: LiveMigrationIntent[] = [];
  for (const host of HOSTS)
    for (const blockMigration of BLOCKS)
      for (const diskOverCommit of DISKS)
        for (const force of withForce ? FORCES : [undefined]) out.push({ host, blockMigration, diskOverCommit, force });
  return out;
}

interface ClientSuite {
  readonly client: string;
  readonly modes: ReadonlyArray<{ label: string; mode: CaptureMode }>;
  /** Python processes to split the cases over (the OSC shell is the slow one). */
  readonly processes: number;
  cases(server: CaptureServer, label: string): ProofCase[];
}

const NOVACLIENT_VERSIONS = ['2.0', '2.1', '2.24', '2.25', '2.29', '2.30', '2.67', '2.68', '2.92', '2.104', 'latest'];
const OSC_VERSIONS: ReadonlyArray<string | null> = [null, '2.0', '2.24', '2.25', '2.30', '2.67', '2.68', '2.92', '2.93'];

const SUITES: readonly ClientSuite[] = [
  {
    client: 'novaclient',
    processes: 2,
    modes: MODES,
    cases: (server, label) =>
      NOVACLIENT_VERSIONS.flatMap((version) =>
        intents(true).map((intent) => {
          const id = nextId();
          return {
            id,
            profile: `novaclient@${version}`,
            mode: label,
            intent,
            driver: { id, endpoint: server.computeUrl, version, host: intent.host, block: intent.blockMigration, disk: intent.diskOverCommit, force: intent.force ?? null },
          };
        }),
      ),
  },
  {
    client: 'openstacksdk',
    processes: 1,
    modes: MODES,
    cases: (server, label) =>
      intents(true).map((intent) => {
        const id = nextId();
        return {
          id,
          profile: 'openstacksdk',
          mode: label,
          intent,
          driver: { id, endpoint: server.computeUrl, host: intent.host, block: intent.blockMigration, disk: intent.diskOverCommit, force: intent.force ?? null },
        };
      }),
  },
  {
    client: 'openstackclient',
    processes: 4,
    modes: MODES.slice(0, RANGE_MAXES.length),
    cases: (server, label) =>
      OSC_VERSIONS.flatMap((version) =>
        intents(false).map((intent) => {
          const id = nextId();
          return {
            id,
            profile: version === null ? 'openstackclient' : `openstackclient@${version}`,
            mode: label,
            intent,
            driver: { id, endpoint: server.computeUrl, argv: openstackclientArgv(version === null ? null : parseMicroversion(version), intent, id) },
          };
        }),
      ),
  },
  {
    client: 'horizon',
    processes: 1,
    modes: MODES,
    cases: (server, label) =>
      (['legacy', '60455e5ff'] as const).flatMap((variant) =>
        intents(false).map((intent) => {
          const id = nextId();
          return {
            id,
            profile: `horizon-${variant}`,
            mode: label,
            intent,
            // The form's Block Migration is a checkbox: "auto" is the unticked box.
            driver: { id, endpoint: server.computeUrl, horizon: variant, host: intent.host, block: intent.blockMigration === true, disk: intent.diskOverCommit },
          };
        }),
      ),
  },
];

function describeCase(c: ProofCase): string {
  const i = c.intent;
  return `${c.profile} @ ${c.mode}: host=${String(i.host)} block=${String(i.blockMigration)} disk=${String(i.diskOverCommit)} force=${String(i.force)}`;
}

for (const suite of SUITES) {
  const missing = missingPrerequisite(suite.client);
  if (missing && !IN_CI) {
    console.warn(`skipping the ${suite.client} proof: ${missing}`);
    describe.skip(`the real ${suite.client}`, () => {
      it('is not installed here', () => undefined);
    });
    continue;
  }

  describe(`the real ${suite.client} sends what its builder profiles build`, () => {
    const servers: CaptureServer[] = [];
    const byMode = new Map<string, ProofCase[]>();
    const discovered = new Map<string, DiscoveredRange>();
    let results = new Map<string, DriverResult>();

    beforeAll(async () => {
      if (missing) throw new Error(`prerequisite missing in CI: ${missing}`);
      const all: ProofCase[] = [];
      for (const { label, mode } of suite.modes) {
        const server = await startCaptureServer(mode);
        servers.push(server);
        const cases = suite.cases(server, label);
        byMode.set(label, cases);
        all.push(...cases);
        for (const c of cases) {
          const key = `${c.profile}|${label}`;
          if (!discovered.has(key)) discovered.set(key, await discoverVersionRange(c.profile, server.computeUrl, fetchGet));
        }
      }
      results = await runDriver(suite.client, all.map((c) => c.driver), suite.processes);
    }, 600_000);

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.close()));
    });

    for (const { label } of suite.modes) {
      const count = suite.cases({ computeUrl: 'http://127.0.0.1:1/v2.1' } as CaptureServer, label).length;
      it(`matches over ${count} cases against a server offering ${label}`, () => {
        const server = servers[suite.modes.findIndex((m) => m.label === label)];
        const cases = byMode.get(label) ?? [];
        expect(cases.length).toBe(count);
        const mismatches: Array<{ case: string; built: unknown; real: unknown }> = [];
        for (const c of cases) {
          const range = discovered.get(`${c.profile}|${label}`) as DiscoveredRange;
          const built = expected(buildLiveMigration(c.profile, c.intent, range, c.id));
          const real = observed(results.get(c.id), server?.actions.get(c.id));
          if (JSON.stringify(built) !== JSON.stringify(real)) {
            try {
              expect(real).toEqual(built);
            } catch {
              mismatches.push({ case: describeCase(c), built, real });
            }
          }
        }
        expect(mismatches.slice(0, 5)).toEqual([]);
        // Every profile involved really resolved (no UNKNOWN_PROFILE slipped through).
        for (const c of cases) expect(getProfile(c.profile).id).toBe(c.profile.replace(/@(\d+)\.(\d+)$/, '@$1.$2'));
      });
    }
  });
}
